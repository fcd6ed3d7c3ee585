import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response, type Router } from 'express';
import type { Sodium } from '../../../src/lib/crypto/sodium';
import { isHandleHash } from '../../../src/lib/directory/handle';
import { verifyRecord, type DirectoryOp, type DirectoryRecord } from '../../../src/lib/directory/record';
import { sendError } from './errors';
import { rateLimit, RateLimiter, type RateCounter } from './rate-limit';
import type { HandleDirectory } from '../store/shared-state';

export const DIRECTORY_PATH = '/directory';
/** A record is ~330 bytes of JSON; anything near this limit is not a record. */
export const MAX_DIRECTORY_BODY_BYTES = 2048;
export const WRITES_PER_MINUTE = 30;
export const READS_PER_MINUTE = 120;

export interface DirectoryRoutesOptions {
	readonly store: HandleDirectory;
	/** Where the rate limits count (default: this process's memory). */
	readonly counter?: (name: string, perMinute: number) => RateCounter;
	readonly sodium: Sodium;
	/** Records must be signed for this deployment: one made for another server is refused. */
	readonly deploymentId: string;
	readonly now: () => number;
	/** Both for the clock check and, through the store, for replay protection. */
	readonly maxSkewMs: number;
	readonly writesPerMinute?: number;
	readonly readsPerMinute?: number;
	readonly log: (line: string) => void;
}

/**
 * GET/PUT/DELETE /directory/<handle hash>; there is deliberately no route that lists anything.
 * No CORS headers are ever sent, so browsers only let pages from this origin call it.
 */
export function directoryRouter(options: DirectoryRoutesOptions): Router {
	const { store, now } = options;
	const counter = options.counter ?? ((_name: string, perMinute: number) => new RateLimiter({ perMinute }, now));
	const reads = rateLimit(counter('directory-reads', options.readsPerMinute ?? READS_PER_MINUTE));
	const writes = rateLimit(counter('directory-writes', options.writesPerMinute ?? WRITES_PER_MINUTE));
	const body = express.json({ limit: MAX_DIRECTORY_BODY_BYTES, strict: true, inflate: false, type: 'application/json' });

	const router = express.Router({ caseSensitive: true });
	router.use((_req, res, next) => {
		// Answers change with every claim; no cache may keep an old owner.
		res.set('Cache-Control', 'no-store');
		next();
	});

	router.get(
		'/:handleHash',
		reads,
		validHash,
		asyncHandler(async (req, res) => {
			const record = await store.lookup(req.params.handleHash ?? '');
			if (!record) {
				sendError(res, 404, 'not-found', 'no claim for this handle hash');
				return;
			}
			res.status(200).json(record);
		})
	);

	router.put(
		'/:handleHash',
		writes,
		validHash,
		requireJson,
		body,
		asyncHandler(async (req, res) => {
			const record = checkRecord(req, res, options, 'claim');
			if (!record) return;
			const outcome = await store.claim(record);
			switch (outcome.kind) {
				case 'stored':
					res.status(outcome.created ? 201 : 200).json(record);
					return;
				case 'taken':
					sendError(res, 409, 'handle-taken', 'another key has claimed this handle');
					return;
				case 'replayed':
					sendReplayed(res, outcome.lastTs);
					return;
				case 'full':
					sendError(res, 507, 'directory-full', 'the directory holds as many handles as this server allows');
					return;
			}
		})
	);

	router.delete(
		'/:handleHash',
		writes,
		validHash,
		requireJson,
		body,
		asyncHandler(async (req, res) => {
			const record = checkRecord(req, res, options, 'release');
			if (!record) return;
			const outcome = await store.release(record);
			switch (outcome.kind) {
				case 'released':
					res.status(204).end();
					return;
				case 'not-found':
					sendError(res, 404, 'not-found', 'no claim for this handle hash');
					return;
				case 'not-owner':
					sendError(res, 403, 'not-owner', 'only the key that claimed a handle can release it');
					return;
				case 'replayed':
					sendReplayed(res, outcome.lastTs);
					return;
			}
		})
	);

	router.all('/:handleHash', reads, (_req, res) => {
		res.set('Allow', 'GET, HEAD, PUT, DELETE');
		sendError(res, 405, 'method-not-allowed', 'use GET, PUT or DELETE');
	});
	// Includes GET /directory itself: nobody can list the directory.
	router.use(reads, (_req, res) => sendError(res, 404, 'not-found', 'use /directory/<handle hash>; the directory cannot be listed'));
	router.use(jsonErrors(options.log));
	return router;
}

const validHash: RequestHandler = (req, res, next) => {
	if (isHandleHash(req.params.handleHash)) next();
	else sendError(res, 400, 'invalid-handle-hash', 'the handle hash must be 64 lower-case hex digits');
};

const requireJson: RequestHandler = (req, res, next) => {
	if (req.is('application/json')) next();
	else sendError(res, 415, 'unsupported-media-type', 'send the signed record as application/json');
};

/** Verifies signature, key, clock and that the record is about this URL and this operation. */
function checkRecord(req: Request, res: Response, options: DirectoryRoutesOptions, op: DirectoryOp): DirectoryRecord | null {
	const now = options.now();
	const checked = verifyRecord(options.sodium, req.body, options.deploymentId, now, options.maxSkewMs);
	if (!checked.ok) {
		const error = checked.reason === 'invalid' ? 'invalid-record' : checked.reason;
		// The server's clock lets a client with a wrong clock correct its timestamps.
		sendError(res, 400, error, checked.detail, checked.reason === 'clock-skew' ? { serverTime: now } : {});
		return null;
	}
	const { record } = checked;
	if (record.handleHash !== req.params.handleHash) {
		sendError(res, 400, 'handle-mismatch', 'the record is for another handle hash than the URL');
		return null;
	}
	if (record.op !== op) {
		sendError(res, 400, 'wrong-op', `${req.method} takes a "${op}" record`);
		return null;
	}
	return record;
}

function sendReplayed(res: Response, lastTs: number): void {
	sendError(res, 409, 'replayed', `ts must be greater than this key's last accepted ts (${lastTs})`, { lastTs });
}

function asyncHandler(handler: (req: Request, res: Response) => Promise<void>): RequestHandler {
	return (req, res, next) => {
		handler(req, res).catch(next);
	};
}

/** Failures as JSON rather than Express's HTML error page: the parser's, then anything else. */
function jsonErrors(log: (line: string) => void): ErrorRequestHandler {
	return (error: { type?: string; message?: string }, _req, res, next) => {
		if (res.headersSent) {
			next(error);
			return;
		}
		switch (error.type) {
			case 'entity.too.large':
				sendError(res, 413, 'too-large', `the body must be at most ${MAX_DIRECTORY_BODY_BYTES} bytes`);
				return;
			case 'entity.parse.failed':
				sendError(res, 400, 'invalid-json', 'the body is not a JSON object');
				return;
			case 'encoding.unsupported':
			case 'charset.unsupported':
				sendError(res, 415, 'unsupported-media-type', 'send uncompressed UTF-8 JSON');
				return;
			case 'request.aborted':
				return;
			default:
				log(`directory request failed: ${String(error.message).replace(/[^\x20-\x7e]/g, '?').slice(0, 120)}`);
				sendError(res, 500, 'internal', 'the server could not complete the request');
		}
	};
}
