import { commitDurably } from '../db/durability';
import type { ChatDb } from '../db/chat-db';
import type { Identity } from '../crypto/identity';
import type { MessageId } from '../ids/message-id';
import type { PeerId } from '../ids/peer-id';
import type { AppFrame } from '../protocol/frames';
import type { ProtocolLog } from '../protocol/reject';
import { RecentMap } from '../util/recent-map';
import { ArrivalBook } from './arrival-book';
import { AckBatcher, type DurabilityStats } from './ack-batcher';
import type { Admission } from './admission';
import type { Connections } from './connections';
import type { FileFrames, GroupFrames, HandlerContext } from './context';
import { InboundQueue } from './inbound-queue';
import { WatchedThread } from './watched-thread';
import type { Outbox } from './outbox';

/**
 * Peers whose announced name and proven key are kept in memory (only needed until their first
 * message creates a row); the least recent are forgotten, so passing strangers cannot grow them.
 */
export const MAX_REMEMBERED_PEERS = 256;

export interface InboundPathOptions {
	db: ChatDb;
	identity: Identity;
	log: ProtocolLog;
	now: () => number;
	connections: Connections;
	admission: Admission;
	outbox: Outbox;
	/** Writes of rows sent ahead of their commit still under way among these ids (send-ahead.ts). */
	settled: (ids: readonly MessageId[]) => Promise<void> | null;
	/** The group wiring (group-inbound.ts); absent: group frames are refused. */
	groups?: GroupFrames;
	/** File transfer (files/file-wiring.ts); absent: file control frames are dropped. */
	files?: FileFrames;
}

/**
 * Everything a received frame goes through: the per-peer queue (one frame at a time, in order),
 * the handlers with the context they may touch, and the acks, which leave only once what they
 * acknowledge is durably stored.
 */
export class InboundPath {
	readonly context: HandlerContext;
	#acks: AckBatcher;
	#queue: InboundQueue;

	constructor({ db, identity, log, now, connections, admission, outbox, settled, groups, files }: InboundPathOptions) {
		this.#acks = new AckBatcher({
			sendAck: (peer, ids) => connections.send(peer, { t: 'ack', ids }),
			durable: () => commitDurably(db),
			failed: (error) => log.info('durability barrier failed; acks withheld', { error: String(error).slice(0, 200) })
		});
		this.context = {
			db,
			identity,
			log,
			now,
			announcedNames: new RecentMap(MAX_REMEMBERED_PEERS),
			verifiedKeys: new RecentMap(MAX_REMEMBERED_PEERS),
			acknowledge: (peer, id) => this.#acks.add(peer, id),
			refused: (peer, count) => {
				// What was stored is acked (durably) before a penalty closes the link.
				void this.#acks.flush().then(() => connections.refused(peer, count));
			},
			acknowledged: (peer, ids) => outbox.acknowledged(peer, ids),
			settled,
			arrivals: new ArrivalBook((peer) => admission.isContact(peer)),
			watched: new WatchedThread(),
			...(groups ? { groups } : {}),
			...(files ? { files } : {})
		};
		this.#queue = new InboundQueue(this.context, log, {
			isContact: (peer) => admission.isContact(peer),
			overflow: (peer) => connections.disconnect(peer)
		});
	}

	push(peer: PeerId, frame: AppFrame): void {
		this.#queue.push(peer, frame);
	}

	get durabilityStats(): Readonly<DurabilityStats> {
		return { ...this.#acks.stats };
	}
}
