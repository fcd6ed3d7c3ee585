import type { ChatDb } from '../db/chat-db';
import type { ArrivalBook } from './arrival-book';
import type { WatchedThread } from './watched-thread';
import type { Identity } from '../crypto/identity';
import type { PeerId } from '../ids/peer-id';
import type { MessageId } from '../ids/message-id';
import type { GroupMessageFrame } from '../group/group-frames';
import type { AppFrame, AppFrameType, FileControlFrame, GroupAppFrame } from '../protocol/frames';
import type { ProtocolLog } from '../protocol/reject';

/** What an inbound frame handler may touch: storage, the reply path, and the clock. */
export interface HandlerContext {
	readonly db: ChatDb;
	readonly identity: Identity;
	readonly log: ProtocolLog;
	now(): number;
	/** Names announced by peers in this run, for peers not yet in the address book. */
	readonly announcedNames: Map<PeerId, string>;
	/** Identity keys proven by this run's handshakes, for peers not yet in the address book. */
	readonly verifiedKeys: Map<PeerId, Uint8Array>;
	acknowledge(peer: PeerId, id: MessageId): void;
	/** Frames refused by a handler (not stored, not acked): a stranger pays for them. */
	refused(peer: PeerId, count: number): void;
	/** Rows acknowledged by the peer moved forward (so the outbox can stop tracking them). */
	acknowledged(peer: PeerId, ids: readonly MessageId[]): void;
	/**
	 * Resolves once any of these rows that was sent before its write committed is written (or
	 * failed); null when none is under way. An ack waits for it, or it would find no row to move.
	 */
	settled(ids: readonly MessageId[]): Promise<void> | null;
	/** The conversation being watched (watched-thread.ts): its arrivals are stored read. */
	readonly watched?: WatchedThread;
	/** Which incoming messages may be shown before they commit; absent: none is. */
	readonly arrivals?: ArrivalBook;
	/** The group wiring (messenger/group-inbound.ts); absent: group frames are refused. */
	readonly groups?: GroupFrames;
	/** File transfers (messenger/files/file-wiring.ts); absent: file control frames are dropped. */
	readonly files?: FileFrames;
}

/** What the handlers need of file transfer (PROTOCOL §13). */
export interface FileFrames {
	/** `fwant` / `fstop` from an authenticated peer. */
	control(peer: PeerId, frame: FileControlFrame): Promise<void>;
	/** File messages just stored (direct or group): fetch those that may be fetched. */
	received(ids: readonly MessageId[]): void;
}

/** What the handlers need of the group wiring. */
export interface GroupFrames {
	handle(context: HandlerContext, peer: PeerId, frame: GroupAppFrame): Promise<void>;
	/** A run of group messages from one peer, stored in one transaction. */
	handleMessages(context: HandlerContext, peer: PeerId, frames: readonly GroupMessageFrame[]): Promise<void>;
	/** Acks from a member that may name my group frames (their delivery rows move). */
	acked(peer: PeerId, ids: readonly MessageId[]): Promise<void>;
}

export type FrameHandler<T extends AppFrameType> = (
	context: HandlerContext,
	peer: PeerId,
	frame: Extract<AppFrame, { t: T }>
) => Promise<void>;

/**
 * One handler per frame type that reaches the application. Ping/pong stay in Connections; runs
 * of `msg` frames go to the batch handler (handlers/message-handler.ts).
 */
export type HandlerRegistry = { [T in Exclude<AppFrameType, 'ping' | 'pong' | 'msg'>]: FrameHandler<T> };
