import type { ChatDb } from '../db/chat-db';
import type { PeerId } from '../ids/peer-id';
import type { Messenger } from '../messenger/messenger';
import type { AppFrame } from '../protocol/frames';

/**
 * Browser tests that push thousands of messages drive the same Messenger the composer uses,
 * through this handle. It exists only when the tester sets the localStorage flag below.
 */
export const TEST_HOOKS_KEY = 'parley-test-hooks';

export interface ParleyTestHooks {
	peerId: string;
	send(peer: string, text: string): Promise<string>;
	addContact(peer: string): Promise<void>;
	setInvisible(invisible: boolean): Promise<void>;
	/** Puts any frame on the sealed channel to `peer`, as a misbehaving client would. */
	sendFrame(peer: string, frame: unknown): boolean;
	stats(): Promise<{ pending: number; sent: number; received: { peerId: string; seq: number; text: string; time: number }[] }>;
}

export function installTestHooks(db: ChatDb, messenger: Messenger): void {
	const hooks: ParleyTestHooks = {
		peerId: messenger.self.peerId,
		send: (peer, text) => messenger.sendText(peer as PeerId, text),
		addContact: (peer) => messenger.addContact(peer as PeerId),
		setInvisible: (invisible) => messenger.setInvisible(invisible),
		sendFrame: (peer, frame) => messenger.connections.send(peer as PeerId, frame as AppFrame),
		async stats() {
			const [sentRows, received] = await Promise.all([db.sender.toArray(), db.receiver.toArray()]);
			return {
				pending: sentRows.filter((row) => row.status === 'pending').length,
				sent: sentRows.filter((row) => row.status !== 'pending').length,
				received: received.map(({ peerId, seq, text, time }) => ({ peerId, seq, text, time }))
			};
		}
	};
	(globalThis as { __parley?: ParleyTestHooks }).__parley = hooks;
}
