import { BackupError, type BackupFailure } from '../backup/backup-error';
import type { BackupRecord } from '../backup/backup-records';

// Records between the page and the backup worker during a device transfer, pulled one batch at
// a time over a MessagePort: the consumer asks, the producer answers with the next batch. Neither
// side ever holds more than one batch in flight, so the transfer's credit window (transfer-pump.ts)
// also bounds what waits in the worker: on the new device the page reads the network only as fast
// as the worker writes IndexedDB; on the old device the worker reads IndexedDB only as fast as the
// page seals and sends.
//
//   pull    consumer → producer
//   batch   producer → consumer, records and whether the stream ended after them
//   failed  either way: the stream stops (the producer's reason, or the consumer gave up)

/** The part of a MessagePort used here (Node's and the browser's both fit). */
export interface RecordPort {
	postMessage(message: PortMessage): void;
	addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
	start?(): void;
	close(): void;
}

export type PortMessage = { type: 'pull' } | { type: 'batch'; records: BackupRecord[]; end: boolean } | { type: 'failed'; failure: string; detail: string };

/** A batch ends at this many records or this many bytes of file data, whichever comes first. */
export const BATCH_RECORDS = 500;
export const BATCH_BYTES = 1024 * 1024;
const FAILURES: ReadonlySet<string> = new Set<BackupFailure>(['not-a-backup', 'newer-version', 'unsafe-kdf', 'wrong-passphrase', 'damaged', 'truncated', 'record-too-large', 'invalid-record']);

/** Answers pulls from `records` until they end, fail, or the consumer gives up. */
export function serveRecords(port: RecordPort, records: AsyncIterable<BackupRecord>): Promise<void> {
	const iterator = records[Symbol.asyncIterator]();
	return new Promise((resolve) => {
		let busy = false;
		const stop = (): void => {
			port.close();
			resolve();
		};
		port.addEventListener('message', ({ data }) => {
			const message = data as PortMessage | null;
			if (message?.type === 'failed') {
				void iterator.return?.();
				stop();
				return;
			}
			if (message?.type !== 'pull' || busy) return;
			busy = true;
			nextBatch(iterator).then(
				(batch) => {
					busy = false;
					port.postMessage({ type: 'batch', ...batch });
					if (batch.end) stop();
				},
				(error: unknown) => {
					port.postMessage(failedMessage(error));
					stop();
				}
			);
		});
		port.start?.();
	});
}

/** The producer's records as they are pulled; throws the producer's failure as a BackupError. */
export async function* pullRecords(port: RecordPort): AsyncGenerator<BackupRecord> {
	const queue: PortMessage[] = [];
	let wake: (() => void) | null = null;
	port.addEventListener('message', ({ data }) => {
		queue.push(data as PortMessage);
		wake?.();
		wake = null;
	});
	port.start?.();
	let finished = false;
	try {
		for (;;) {
			port.postMessage({ type: 'pull' });
			while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
			const message = queue.shift();
			if (message?.type === 'failed') {
				finished = true;
				throw new BackupError(FAILURES.has(message.failure) ? (message.failure as BackupFailure) : 'damaged', message.detail);
			}
			if (message?.type !== 'batch') throw new BackupError('damaged', 'not a batch');
			yield* message.records;
			if (message.end) {
				finished = true;
				return;
			}
		}
	} finally {
		// Stopped early (a failure on this side, or the consumer broke off): the producer stops too.
		if (!finished) port.postMessage({ type: 'failed', failure: 'cancelled', detail: 'the consumer stopped' });
		port.close();
	}
}

async function nextBatch(iterator: AsyncIterator<BackupRecord>): Promise<{ records: BackupRecord[]; end: boolean }> {
	const records: BackupRecord[] = [];
	let bytes = 0;
	while (records.length < BATCH_RECORDS && bytes < BATCH_BYTES) {
		const next = await iterator.next();
		if (next.done === true) return { records, end: true };
		records.push(next.value);
		bytes += recordBytes(next.value);
	}
	return { records, end: false };
}

function recordBytes(record: BackupRecord): number {
	return 'data' in record && record.data instanceof Uint8Array ? record.data.length : 0;
}

function failedMessage(error: unknown): PortMessage {
	if (error instanceof BackupError) return { type: 'failed', failure: error.failure, detail: error.message };
	return { type: 'failed', failure: 'unexpected', detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}
