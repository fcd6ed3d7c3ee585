// @ts-nocheck
// 
import type { TestPeer } from '../messenger/messenger-harness';
import type { RawPeer } from './raw-peer';

/**
 * Waits until the target has handled everything a raw peer sent: pings are answered by the
 * connection layer before stored frames are handled, so this waits for the pong and then for the
 * target's tables, rejections and replies to stay unchanged for a while.
 */
export async function handled(raw: RawPeer, target: TestPeer, quietMs = 150): Promise<void> {
	const n = Math.floor(Math.random() * 1e9);
	raw.sendFrame({ t: 'ping', n });
	const snapshot = async () =>
		[await target.db.receiver.count(), await target.db.editHistory.count(), target.rejects.length, raw.received.length].join('/');
	const deadline = Date.now() + 10_000;
	let last = '';
	let since = Date.now();
	for (;;) {
		const now = await snapshot();
		const ponged = raw.received.some((frame) => frame.t === 'pong' && frame.n === n) || raw.closed();
		if (now !== last) {
			last = now;
			since = Date.now();
		} else if (ponged && Date.now() - since >= quietMs) return;
		if (Date.now() > deadline) throw new Error('target never went quiet');
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}
