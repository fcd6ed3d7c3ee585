import type { FileProgress } from './files/file-deps';
import type { ChatDb } from '../db/chat-db';
import type { Identity } from '../crypto/identity';
import type { Sodium } from '../crypto/sodium';
import type { PeerId } from '../ids/peer-id';
import type { ProtocolLog, RejectReason } from '../protocol/reject';
import type { Transport, TransportState } from '../net/transport';
import { monotonicClock } from '../util/monotonic-clock';
import { Admission } from './admission';
import { Connections } from './connections';
import type { BudgetLimits } from './inbound-budget';
import { InboundPath } from './inbound-path';
import { Outbox } from './outbox';
import { PresenceBook, type Presence } from './presence-book';
import { Reach } from './reach';
import { ReadReceipts } from './read-receipts';
import { SendAhead } from './send-ahead';
import { GroupActions } from './group-actions';
import { GroupInbound } from './group-inbound';
import { GroupWire } from './group-wire';
import { FileWiring } from './files/file-wiring';
import type { SendJournal } from './send-journal';

export type MessengerEvents = {
	presence: [peer: PeerId, presence: Presence];
	transport: [state: TransportState, detail?: string];
	/** Something the user must hear about (a key mismatch, a refused handshake). */
	warning: [peer: string, reason: RejectReason];
	/** A file transfer moved (PROTOCOL §13): bytes held or served so far, for progress, speed and time left. */
	fileProgress: [progress: FileProgress];
};

export interface MessengerOptions {
	db: ChatDb;
	transport: Transport;
	sodium: Sodium;
	identity: Identity;
	displayName: () => string;
	log: ProtocolLog;
	now?: () => number;
	inboundLimits?: Readonly<BudgetLimits>;
	/** How long a sent frame may wait for its ack before it counts as lost (Outbox ACK_WAIT_MS). */
	ackWaitMs?: number;
	/** Lets new messages leave before their write commits (send-journal.ts); none: after it. */
	journal?: SendJournal;
	/** Free storage for received files; default `navigator.storage.estimate()` (null: unknown). */
	freeBytes?: () => Promise<number | null>;
}

/**
 * The messenger's wired parts, shared by the modules that act on them (messenger.ts, peer-events.ts,
 * contact-book.ts, own-messages.ts); built once by `wireMessenger`.
 */
export interface MessengerParts {
	readonly options: MessengerOptions;
	readonly now: () => number;
	readonly connections: Connections;
	readonly admission: Admission;
	readonly presence: PresenceBook;
	readonly outbox: Outbox;
	readonly sendAhead: SendAhead;
	readonly reach: Reach;
	readonly receipts: ReadReceipts;
	readonly inbound: InboundPath;
	readonly groupWire: GroupWire;
	readonly groups: GroupActions;
	/** File transfer (PROTOCOL §13): file messages, channels and control frames. */
	readonly files: FileWiring;
	/** Invisible mode: no registration, no channels; everything written stays pending. */
	invisible: boolean;
	/** The user agreed to research datasets (docs/DATASET.md): sent with the profile. */
	researchConsent: boolean;
}

/** transport -> connections/sessions -> frame handlers -> Dexie, and the outbound path back. */
export function wireMessenger(
	options: MessengerOptions,
	presenceChanged: (peer: PeerId, presence: Presence) => void,
	fileProgress: (progress: FileProgress) => void = () => {}
): MessengerParts {
	const now = monotonicClock(options.now);
	const admission = new Admission();
	// One policy at two levels: the transport drops OFFERs before PeerJS answers them, and the
	// handshake refuses again (a second line, e.g. for a link opened before a block).
	options.transport.setAdmission((peer) => admission.decide(peer));
	const connections = new Connections({
		...options,
		accepts: (peer) => admission.decide(peer) !== 'refuse',
		isContact: (peer) => admission.isContact(peer),
		now
	});
	const outbox = new Outbox(options.db, connections, options.log, now, options.ackWaitMs);
	const reach = new Reach(options.db, connections);
	const receipts = new ReadReceipts({
		db: options.db,
		send: (peer, frame) => connections.send(peer, frame),
		isContact: (peer) => admission.isContact(peer)
	});
	const sendAhead = new SendAhead(options.db, outbox, options.journal);
	// Invisible mode is read when a group frame goes out, from the parts built below.
	const groupWire = new GroupWire({
		db: options.db,
		me: options.identity.peerId,
		log: options.log,
		now,
		connections,
		admission,
		paused: () => parts.invisible,
		...(options.ackWaitMs === undefined ? {} : { ackWaitMs: options.ackWaitMs })
	});
	const inbound = new InboundPath({
		groups: new GroupInbound(groupWire, options.sodium),
		...options,
		now,
		connections,
		admission,
		outbox,
		settled: (ids) => sendAhead.settled(ids),
		// `parts` is built below; frames arrive only after start().
		files: { control: (peer, frame) => parts.files.control(peer, frame), received: (ids) => parts.files.received(ids) }
	});
	const parts: MessengerParts = {
		options,
		now,
		connections,
		admission,
		presence: new PresenceBook(presenceChanged),
		outbox,
		sendAhead,
		reach,
		receipts,
		inbound,
		groupWire,
		groups: new GroupActions(groupWire, options.sodium, options.identity),
		// The file wiring needs the other parts; it is built right after them.
		get files() {
			return files;
		},
		invisible: false,
		researchConsent: false
	};
	const files = new FileWiring(parts, fileProgress);
	return parts;
}
