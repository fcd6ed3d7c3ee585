import type { RequestHandler } from 'express';

/**
 * No Content-Security-Policy here on purpose: SvelteKit emits its own, with hashes for its
 * inline bootstrap script, and a second header would intersect with it and break the app.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
	'X-Content-Type-Options': 'nosniff',
	'Referrer-Policy': 'no-referrer',
	'X-Frame-Options': 'DENY',
	// Microphone stays allowed because voice messages are planned.
	'Permissions-Policy': 'camera=(), geolocation=()'
});

export const securityHeaders: RequestHandler = (_req, res, next) => {
	res.set(SECURITY_HEADERS);
	next();
};
