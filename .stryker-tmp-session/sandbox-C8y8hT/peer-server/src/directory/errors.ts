// @ts-nocheck
import type { Response } from 'express';

/** Every directory refusal has this body, so clients can branch on `error` and show `detail`. */
export interface DirectoryError {
	readonly error: string;
	readonly detail: string;
}

export function sendError(res: Response, status: number, error: string, detail: string, extra: object = {}): void {
	res.status(status).set('Cache-Control', 'no-store').json({ error, detail, ...extra });
}
