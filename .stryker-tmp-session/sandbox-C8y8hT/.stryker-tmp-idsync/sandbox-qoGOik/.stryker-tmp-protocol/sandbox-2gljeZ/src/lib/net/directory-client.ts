// @ts-nocheck
// 
// 
import type { DirectoryRecord } from '../directory/record';

/** The directory's HTTP API on the serving origin (see docs/PROTOCOL.md §10). */
export class DirectoryError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string
	) {
		super(message);
	}
}

const MESSAGES: Record<string, string> = {
	'handle-taken': 'That handle belongs to someone else.',
	'rate-limited': 'Too many directory requests. Wait a minute and try again.',
	'clock-skew': "Your device's clock is off by more than five minutes; fix it and try again."
};

export class DirectoryClient {
	constructor(private readonly fetcher: typeof fetch = (input, init) => fetch(input, init)) {}

	async claim(record: DirectoryRecord): Promise<void> {
		await this.#send('PUT', record.handleHash, record);
	}

	async release(record: DirectoryRecord): Promise<void> {
		await this.#send('DELETE', record.handleHash, record);
	}

	/** The stored claim as the server returned it (unverified), or null if nobody holds it. */
	async lookup(handleHash: string): Promise<unknown> {
		const response = await this.#request('GET', handleHash);
		if (response.status === 404) return null;
		if (!response.ok) throw await toError(response);
		return response.json();
	}

	async #send(method: 'PUT' | 'DELETE', handleHash: string, record: DirectoryRecord): Promise<void> {
		const response = await this.#request(method, handleHash, record);
		if (!response.ok) throw await toError(response);
	}

	async #request(method: string, handleHash: string, body?: unknown): Promise<Response> {
		try {
			return await this.fetcher(`/directory/${handleHash}`, {
				method,
				cache: 'no-store',
				headers: body ? { 'content-type': 'application/json' } : {},
				body: body ? JSON.stringify(body) : undefined
			});
		} catch {
			throw new DirectoryError(0, 'offline', 'The directory cannot be reached. Check your connection.');
		}
	}
}

async function toError(response: Response): Promise<DirectoryError> {
	let code = `http-${response.status}`;
	try {
		const body = (await response.json()) as { error?: unknown };
		if (typeof body.error === 'string') code = body.error;
	} catch {
		// Not JSON: keep the status code.
	}
	if (response.status === 429) code = 'rate-limited';
	return new DirectoryError(response.status, code, MESSAGES[code] ?? `The directory refused the request (${code}).`);
}
