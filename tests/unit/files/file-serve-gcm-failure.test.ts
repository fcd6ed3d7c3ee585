import { afterEach, describe, expect, it, vi } from 'vitest';
import { FILE_CIPHER_AES256_GCM } from '../../../src/lib/crypto/file-cipher-id';
import { GcmFileCipher } from '../../../src/lib/crypto/file-cipher-gcm';
import { CHUNK_BYTES } from '../../../src/lib/files/file-limits';
import { hexOf } from '../../../src/lib/files/hex';
import { fileBytes, FileScene } from './file-scene';

// Review of the AES-256-GCM sender (session 15): WebCrypto seals a chunk later, and may refuse.
// Nothing was sent for a refused chunk, and the receiver, which asks for a chunk once per
// session, waited for it for ever.

const CHUNKS = 30;
const SIZE = (CHUNKS - 1) * CHUNK_BYTES + 501;

/** WebCrypto's seal of chunk `index` fails `times` times (as a rejection, or thrown at once). */
function failSealOf(index: number, times: number, how: 'reject' | 'throw'): { calls: () => number } {
	const seal = GcmFileCipher.prototype.sealAfter;
	let calls = 0;
	vi.spyOn(GcmFileCipher.prototype, 'sealAfter').mockImplementation(function (this: GcmFileCipher, prefix, at, plain) {
		if (at !== index) return seal.call(this, prefix, at, plain);
		calls += 1;
		if (calls > times) return seal.call(this, prefix, at, plain);
		if (how === 'throw') throw new DOMException('refused', 'OperationError');
		return Promise.reject(new DOMException('refused', 'OperationError'));
	});
	return { calls: () => calls };
}

async function transfer(seed: number) {
	const scene = await FileScene.withCipher(FILE_CIPHER_AES256_GCM, 'a', 'b');
	scene.peer('b').options.holders = [scene.peer('a').id];
	const bytes = fileBytes(SIZE, seed);
	const sent = await scene.send('a', ['b'], bytes);
	return { scene, bytes, ...sent };
}

afterEach(() => {
	vi.restoreAllMocks();
});

describe('a chunk WebCrypto refuses to seal', () => {
	for (const how of ['reject', 'throw'] as const) {
		it(`is sealed again and the file completes (${how})`, async () => {
			const { scene, bytes, messageId, hash, rows } = await transfer(11);
			const failing = failSealOf(3, 1, how);
			await scene.peer('b').fetcher.begin(rows.get('b')!);
			scene.connect('a', 'b');
			await scene.until(async () => (await scene.state('b', messageId)) === 'complete', 'complete');
			expect(Buffer.compare(await scene.stored('b', hexOf(hash), CHUNKS), bytes)).toBe(0);
			expect(failing.calls()).toBe(2);
			expect(scene.peer('a').log.map((entry) => entry.reason)).toContain('file-seal-failed');
		}, 30_000);
	}

	it('that keeps refusing ends the file for that peer with gone, after a few tries', async () => {
		const { scene, messageId, rows } = await transfer(12);
		const [a, b] = [scene.peer('a'), scene.peer('b')];
		const failing = failSealOf(3, Infinity, 'reject');
		await b.fetcher.begin(rows.get('b')!);
		scene.connect('a', 'b');
		await scene.until(() => a.controls.some((frame) => frame.t === 'fstop' && frame.why === 'gone' && frame.id === messageId), 'gone');
		// It stopped trying: no seal of that chunk since, for that peer.
		const tries = failing.calls();
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(failing.calls()).toBe(tries);
		expect(tries).toBeGreaterThanOrEqual(3);
		expect(await scene.state('b', messageId)).not.toBe('complete');
	}, 30_000);
});
