import { describe, expect, it } from 'vitest';
import type { BackupRecord } from '../../../src/lib/backup/backup-records';
import { BackupError } from '../../../src/lib/backup/backup-error';
import { BATCH_RECORDS, pullRecords, serveRecords, type RecordPort } from '../../../src/lib/transfer/record-port';
import { iterate, manifest, sent } from '../backup/backup-fixtures';

function channel(): [RecordPort, RecordPort] {
	const { port1, port2 } = new MessageChannel();
	return [port1 as unknown as RecordPort, port2 as unknown as RecordPort];
}

async function collect(records: AsyncIterable<BackupRecord>): Promise<BackupRecord[]> {
	const out: BackupRecord[] = [];
	for await (const record of records) out.push(record);
	return out;
}

describe('records pulled over a port', () => {
	it('arrives whole and in order across several batches', async () => {
		const records = [manifest(1200), ...Array.from({ length: 1200 }, (_, i) => sent(i))];
		const [producer, consumer] = channel();
		const served = serveRecords(producer, iterate(records));
		expect(await collect(pullRecords(consumer))).toEqual(records);
		await served;
	});

	it('reads the producer only one batch ahead of the consumer', async () => {
		let read = 0;
		async function* counted(): AsyncGenerator<BackupRecord> {
			for (let i = 0; i < 5 * BATCH_RECORDS; i++) {
				read += 1;
				yield sent(i);
			}
		}
		const [producer, consumer] = channel();
		void serveRecords(producer, counted());
		const pulled = pullRecords(consumer);
		await pulled.next();
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(read).toBeLessThanOrEqual(2 * BATCH_RECORDS);
		await pulled.return(undefined);
	});

	it("passes on the producer's failure as a BackupError", async () => {
		async function* broken(): AsyncGenerator<BackupRecord> {
			yield manifest(2);
			throw new BackupError('damaged', 'a changed chunk');
		}
		const [producer, consumer] = channel();
		void serveRecords(producer, broken());
		await expect(collect(pullRecords(consumer))).rejects.toMatchObject({ failure: 'damaged' });
	});

	it('stops the producer when the consumer gives up', async () => {
		let closed = false;
		async function* endless(): AsyncGenerator<BackupRecord> {
			try {
				for (let i = 0; ; i++) yield sent(i);
			} finally {
				closed = true;
			}
		}
		const [producer, consumer] = channel();
		const served = serveRecords(producer, endless());
		for await (const record of pullRecords(consumer)) if (record.t === 'sent') break;
		await served;
		await expect.poll(() => closed).toBe(true);
	});
});
