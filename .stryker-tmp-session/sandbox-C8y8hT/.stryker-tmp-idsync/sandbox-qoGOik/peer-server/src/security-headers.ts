// @ts-nocheck
// 
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** What we set beyond helmet: it has no Permissions-Policy. Microphone stays allowed for voice messages. */
export const EXTRA_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
	'Permissions-Policy': 'camera=(), geolocation=()'
});

/**
 * Headers for every response. HSTS only means something over HTTPS (browsers ignore it on
 * plain http, e.g. on localhost). The Content-Security-Policy is not helmet's: each page's comes
 * from its own build output (page-policy.ts), because SvelteKit hashes its inline bootstrap
 * script into that page's meta tag and a different header policy would block it.
 */
export function securityHeaders(): RequestHandler[] {
	const fromHelmet = helmet({
		contentSecurityPolicy: false,
		crossOriginOpenerPolicy: { policy: 'same-origin' },
		crossOriginResourcePolicy: { policy: 'same-origin' },
		// Nothing here needs cross-origin isolation (no SharedArrayBuffer).
		crossOriginEmbedderPolicy: false,
		referrerPolicy: { policy: 'no-referrer' },
		strictTransportSecurity: { maxAge: 365 * 24 * 60 * 60, includeSubDomains: true },
		xFrameOptions: { action: 'deny' }
	});
	const extra: RequestHandler = (_req, res, next) => {
		res.set(EXTRA_SECURITY_HEADERS);
		next();
	};
	return [fromHelmet, extra];
}
