import { activateDb, newStagingName } from '../app/active-db';
import { TransferOffer, type IdentityControl } from '../app/transfer-old-device';
import { takeTransfer } from '../app/transfer-new-device';
import { TransferPipeError } from '../app/transfer-pipe';
import { throwawayKey, transferTransport } from '../app/transfer-transport';
import { TransferWorkerClient } from '../app/transfer-worker-client';
import { BackupError } from '../backup/backup-error';
import type { BackupRecord } from '../backup/backup-records';
import type { Sodium } from '../crypto/sodium';
import type { ChatDb } from '../db/chat-db';
import { getSetting } from '../db/settings-queries';
import { deleteDatabase, holdingStaging } from '../db/staging-cleanup';
import { HIDE_IP_SETTING } from '../net/relay-watch';
import type { OldDeviceState } from '../transfer/old-device-state';
import { TransferHandshakeError } from '../transfer/transfer-handshake';
import { newTransferCode, transferLink, type TransferCode } from '../transfer/transfer-link';
import { BackupRunFailed, failureText } from './backup-runner';

/** A transfer the old device offers: its link (for the QR code) and its progress. */
export interface RunningTransfer {
	link: string;
	offer: TransferOffer;
}

/**
 * The old device's side, for Settings → Transfer. One transfer at a time, kept here rather than
 * in the screen: the user may leave Settings mid-way, and the screen opened again must find the
 * transfer (its progress, and the question when its end is unclear); a second code would share
 * the identity's hold.
 */
export class TransferActions {
	#running: RunningTransfer | null = null;
	#starting = false;
	readonly #watchers = new Set<(state: OldDeviceState) => void>();

	constructor(
		private readonly db: ChatDb,
		private readonly sodium: Sodium,
		private readonly identity: IdentityControl,
		private readonly workers = new TransferWorkerClient()
	) {}

	/** The transfer that has not ended (waiting, sending, waiting for done, or unsure), if any. */
	get running(): RunningTransfer | null {
		return this.#running;
	}

	/** Every state change of the running transfer and of later ones, until the returned stop. */
	watch(listener: (state: OldDeviceState) => void): () => void {
		this.#watchers.add(listener);
		return () => this.#watchers.delete(listener);
	}

	/** A new code, listening at once; the link goes in the QR code. Refused while one runs. */
	async offer(files: boolean): Promise<RunningTransfer> {
		if (this.#running !== null || this.#starting) throw new Error('a transfer is already running');
		this.#starting = true;
		try {
			const code = newTransferCode(this.sodium);
			const relayOnly = (await getSetting(this.db, HIDE_IP_SETTING, false).catch(() => false)) === true;
			const transport = await transferTransport(this.sodium, code.signingKey, relayOnly);
			const offer = new TransferOffer({
				sodium: this.sodium,
				transport,
				code,
				files,
				records: () => this.workers.exportRecords(this.db.name, files).records,
				identity: this.identity,
				onState: (state) => {
					for (const watcher of [...this.#watchers]) watcher(state);
				}
			});
			const running = { link: transferLink(location.origin, code.code), offer };
			this.#running = running;
			void offer.finished.then(() => {
				if (this.#running === running) this.#running = null;
			});
			return running;
		} finally {
			this.#starting = false;
		}
	}
}

/**
 * The new device's side, from the first screen: restores what the old device sends into a
 * staging database in the worker, makes it the app's, and only then lets `done` go. The caller
 * reloads. Throws on any failure with nothing switched (the staging database is deleted).
 */
export async function receiveFromOtherDevice(sodium: Sodium, code: TransferCode, onProgress: (done: number, total: number) => void): Promise<void> {
	const key = throwawayKey(sodium);
	const transport = await transferTransport(sodium, key, false);
	const workers = new TransferWorkerClient();
	await takeTransfer({
		sodium,
		transport,
		ownId: key.peerId,
		code,
		restore: async (opened) => {
			const stagingName = newStagingName();
			// Held until the switch: a tab starting meanwhile must not take this for a leftover.
			await holdingStaging(stagingName, async () => {
				try {
					await workers.restore(stagingName, counted(opened.records, onProgress));
				} catch (error) {
					await deleteDatabase(stagingName).catch(() => undefined);
					throw error;
				}
				activateDb(stagingName);
			});
		}
	});
}

/** Records as they pass, against the manifest's count (the first record). */
async function* counted(records: AsyncIterable<BackupRecord>, onProgress: (done: number, total: number) => void): AsyncGenerator<BackupRecord> {
	let total = 0;
	let done = 0;
	for await (const record of records) {
		if (record.t === 'manifest') total = record.records;
		else if (record.t !== 'fileChunk' && record.t !== 'fileBlob') done += 1;
		if (done % 50 === 0 || record.t === 'manifest') onProgress(Math.min(done, total), total);
		yield record;
	}
	onProgress(total, total);
}

/** One sentence for the new device's screen. */
export function transferFailureText(error: unknown): string {
	if (error instanceof TransferHandshakeError) {
		return error.failure === 'wrong-secret'
			? 'This link does not match the code on your other device. Make a new code there and try again.'
			: 'The other device answered with something unexpected. Nothing was changed.';
	}
	if (error instanceof TransferPipeError) return 'Could not reach your other device. Keep "Transfer to another device" open there, check both are online, and try again.';
	if (error instanceof BackupRunFailed || error instanceof BackupError) {
		if (error.failure === 'storage') return failureText('storage');
		if (error.failure === 'truncated') return 'The other device stopped sending before the end. Nothing was changed.';
		return 'The transfer was damaged on the way. Nothing was changed.';
	}
	return 'The transfer failed. Nothing was changed.';
}
