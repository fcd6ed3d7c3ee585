import { access } from 'node:fs/promises';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import express, { type Request, type RequestHandler, type Router } from 'express';
import expressStaticGzip from 'express-static-gzip';
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

/**
 * What adapter-static's `precompress` writes beside each file; the first the client accepts wins
 * (brotli is ~15 % smaller than gzip on our chunks). Any other file, or a client that accepts
 * neither, gets the original bytes.
 */
const PRECOMPRESSED_ENCODINGS = ['br', 'gzip'];
const PRECOMPRESSED_SUFFIX = /\.(br|gz)$/;

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
	// Serves only files found under `root` when the server starts (the middleware lists them
	// then, so a rebuild is served compressed after a restart and uncompressed until then).
	// Lookups go through serve-static, which refuses paths that leave `root`.
	const files = expressStaticGzip(root, {
		enableBrotli: true,
		orderPreference: PRECOMPRESSED_ENCODINGS,
		index: 'index.html',
		serveStatic: {
			index: 'index.html',
			// Lets prerendered pages (about.html) answer /about like adapter-static intends.
			extensions: ['html'],
			// A directory without index.html should reach the SPA fallback, not a 301.
			redirect: false,
			cacheControl: false,
			setHeaders: (res: ServerResponse, sentPath: string) => {
				// index.html.br is index.html as far as caching, type and policy go.
				const filePath = sentPath.replace(PRECOMPRESSED_SUFFIX, '');
				const relative = path.relative(root, filePath).split(path.sep).join('/');
				res.setHeader('Cache-Control', relative.startsWith(IMMUTABLE_PREFIX) ? IMMUTABLE_CACHE : REVALIDATE_CACHE);
				const extension = path.extname(filePath).toLowerCase();
				const type = CONTENT_TYPES[extension];
				if (type) res.setHeader('Content-Type', type);
				if (extension === '.html') res.setHeader('Content-Security-Policy', policies.forFile(filePath));
			}
		}
	}) as RequestHandler;
	router.use(files);
	router.use(spaFallback(root, reserved, files));
	return router;
}

/** Answers an app route with index.html, through `files` so that it is compressed like `/` is. */
function spaFallback(root: string, reserved: readonly string[], files: RequestHandler): RequestHandler {
	return (req, res, next) => {
		if (!wantsAppShell(req, reserved)) {
			next();
			return;
		}
		// Checked per request so that building while the server runs needs no restart.
		access(path.join(root, 'index.html')).then(
			() => {
				const url = req.url;
				req.url = '/index.html';
				void files(req, res, (error?: unknown) => {
					req.url = url;
					next(error);
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
