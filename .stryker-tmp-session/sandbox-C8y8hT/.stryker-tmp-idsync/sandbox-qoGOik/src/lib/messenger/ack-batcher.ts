// @ts-nocheck
// 
import type { MessageId } from '../ids/message-id';
import type { PeerId } from '../ids/peer-id';
import { MAX_ACK_IDS } from '../protocol/limits';

/**
 * Acks go out after the write that stored the message, gathered per peer for one macrotask so a
 * burst of messages (an outbox flush) is answered with a few frames rather than one each.
 */
export class AckBatcher {
	#waiting = new Map<PeerId, MessageId[]>();
	#scheduled = false;

	constructor(private readonly sendAck: (peer: PeerId, ids: MessageId[]) => void) {}

	add(peer: PeerId, id: MessageId): void {
		let ids = this.#waiting.get(peer);
		if (!ids) this.#waiting.set(peer, (ids = []));
		ids.push(id);
		if (ids.length >= MAX_ACK_IDS) this.#flushPeer(peer);
		else if (!this.#scheduled) {
			this.#scheduled = true;
			setTimeout(() => this.flush(), 0);
		}
	}

	flush(): void {
		this.#scheduled = false;
		for (const peer of [...this.#waiting.keys()]) this.#flushPeer(peer);
	}

	#flushPeer(peer: PeerId): void {
		const ids = this.#waiting.get(peer);
		this.#waiting.delete(peer);
		if (ids && ids.length > 0) this.sendAck(peer, ids);
	}
}
