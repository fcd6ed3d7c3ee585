// @ts-nocheck
// 
// 
import { access } from 'node:fs/promises';
import path from 'node:path';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { PagePolicies } from './page-policy';

const IMMUTABLE_PREFIX = '_app/immutable/';
const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
// no-cache (revalidate), not no-store: the ETag still saves bandwidth while guaranteeing
// a new deploy's index.html and service worker are picked up on the next load.
const REVALIDATE_CACHE = 'no-cache';

/** Set explicitly so correctness does not hinge on the bundled mime table's age. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
	'.webmanifest': 'application/manifest+json',
	'.wasm': 'application/wasm'
};

/** Owned by the build itself; a miss under it is a stale or broken reference, never a route. */
const BUILD_PREFIX = '/_app';

export const NOT_BUILT_MESSAGE = 'App not built: run npm run build';

/**
 * `reservedPaths` are paths other handlers own (e.g. "/peerjs"): a miss there, or below
 * them, must stay a 404 instead of turning into the app shell.
 */
export function createStaticApp(staticDir: string, reservedPaths: readonly string[] = []): Router {
	const reserved = [BUILD_PREFIX, ...reservedPaths];
	const root = path.resolve(staticDir);
	const policies = new PagePolicies();
	const router = express.Router();
	router.use(
		express.static(root, {
			index: 'index.html',
			// Lets prerendered pages (about.html) answer /about like adapter-static intends.
			extensions: ['html'],
			// A directory without index.html should reach the SPA fallback, not a 301.
			redirect: false,
			cacheControl: false,
			setHeaders: (res: Response, filePath: string) => {
				const relative = path.relative(root, filePath).split(path.sep).join('/');
				res.setHeader('Cache-Control', relative.startsWith(IMMUTABLE_PREFIX) ? IMMUTABLE_CACHE : REVALIDATE_CACHE);
				const extension = path.extname(filePath).toLowerCase();
				const type = CONTENT_TYPES[extension];
				if (type) res.setHeader('Content-Type', type);
				if (extension === '.html') res.setHeader('Content-Security-Policy', policies.forFile(filePath));
			}
		})
	);
	router.use(spaFallback(root, reserved, policies));
	return router;
}

function spaFallback(root: string, reserved: readonly string[], policies: PagePolicies): RequestHandler {
	return (req, res, next) => {
		if (!wantsAppShell(req, reserved)) {
			next();
			return;
		}
		// Checked per request so that building while the server runs needs no restart.
		access(path.join(root, 'index.html')).then(
			() => {
				res.setHeader('Cache-Control', REVALIDATE_CACHE);
				res.setHeader('Content-Security-Policy', policies.forFile(path.join(root, 'index.html')));
				res.sendFile('index.html', { root, cacheControl: false }, (error) => {
					if (error && !res.headersSent) next(error);
				});
			},
			() => {
				res.status(503).set('Cache-Control', 'no-store').type('text/plain').send(`${NOT_BUILT_MESSAGE}\n`);
			}
		);
	};
}

/**
 * Client-side routes have no file extension; anything with one is an asset, and serving HTML
 * for a missing script would hide the real error behind a MIME-type failure. A browser
 * navigation (Accept: text/html) always gets the shell, even for dotted route segments.
 */
function wantsAppShell(req: Request, reserved: readonly string[]): boolean {
	if (req.method !== 'GET' && req.method !== 'HEAD') return false;
	// Lower-cased because Express matches mount paths case-insensitively.
	const lower = req.path.toLowerCase();
	if (reserved.some((prefix) => lower === prefix || lower.startsWith(`${prefix}/`))) return false;
	const lastSegment = req.path.slice(req.path.lastIndexOf('/') + 1);
	return !lastSegment.includes('.') || (req.get('accept') ?? '').includes('text/html');
}
