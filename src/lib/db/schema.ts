import type { MessageId } from '../ids/message-id';
import type { PeerId } from '../ids/peer-id';
import type { GroupMessageFrame, GroupOpFrame } from '../group/group-frames';
import type { GroupId, OpId } from '../group/group-ids';
import type { GroupState } from '../group/membership';
import type { TranscriptRecord } from '../speech/transcript-record';

/** This device's identity. One row, key 'self'. The secret key never leaves IndexedDB. */
export interface IdentityRow {
	key: 'self';
	publicKey: Uint8Array;
	secretKey: Uint8Array;
	displayName: string;
	createdAt: number;
	/**
	 * The peer id derived from `publicKey` (a BLAKE2b hash, which needs libsodium), kept so a
	 * return visit can show the app before libsodium has loaded; checked against the key once it
	 * has (app/boot.ts). Absent in rows written before it was kept: filled in on the next start.
	 */
	peerId?: string;
}

/**
 * The address book. In WebRTC a contact's address is its peer id (the seed's ip/port), and the
 * id is a hash of the contact's key, so `publicKey` is filled in by the first handshake.
 */
export interface UserRow {
	peerId: PeerId;
	/** The name the contact chose (profile frame); a short id until their first profile arrives. */
	name: string;
	/** A name the user gave the contact; shown instead of `name` when set. */
	nickname?: string;
	/** A name a contact link suggested; unverified (anyone can write any name into a link). */
	suggestedName?: string;
	publicKey?: Uint8Array;
	/** Their last profile said they agree to research datasets (docs/DATASET.md); absent: not given. */
	researchConsent?: boolean;
	/**
	 * The file ciphers their last authenticated session said they open besides XChaCha20-Poly1305
	 * (auth `ciphers`, PROTOCOL §13b). Absent: never said (never connected, or an older version).
	 */
	fileCiphers?: number[];
	/**
	 * 'request': wrote to us first and was not added by the user. 'ignored': a request the user
	 * set aside (stored silently). 'blocked': handshakes refused, frames dropped unstored.
	 */
	state: ContactState;
	/** Author-clock spans during which the contact was blocked: messages from them are dropped. */
	blockWindows?: { from: number; to: number }[];
	/** The public key the user compared face to face (safety number), if any. */
	verifiedKey?: Uint8Array;
	addedAt: number;
	/** Local time of the newest message either way; sorts the conversation list. */
	lastActivity: number;
	preview?: { text: string; outgoing: boolean };
	lastSeen?: number;
	/**
	 * Unread messages in the direct conversation. Kept by every write that stores, marks read,
	 * ignores or deletes (schema version 4 computed it for older data); absent means 0.
	 */
	unread?: number;
	/** Sequence number of the newest message we wrote to this contact (direct conversation). */
	lastSentSeq?: number;
	/** Muted by the user: never notifies and is left out of the unread total (title, badge). */
	muted?: boolean;
	/**
	 * Their read receipt: they have read our messages to them up to this `seq` (never above the
	 * highest seq we sent them). A sent message at or below it shows as read (PROTOCOL §6b).
	 */
	readUpTo?: number;
}

export type SendStatus = 'pending' | 'sent';

/**
 * A peer's delivered watermark: every row to `peerId` with `seq` at or below `sentThrough` is
 * acked, whatever its stored `status` says. An ack that extends the acked prefix writes only
 * this row instead of rewriting each message (docs/ARCHITECTURE.md, "Delivery status").
 */
export interface DeliveryMarkRow {
	peerId: PeerId;
	sentThrough: number;
}

/**
 * 'group': not a contact, known only as a member of a group this device holds (admitted like a
 * contact while a shared group holds them; never listed as a contact; "Add contact" makes it one).
 */
export type ContactState = 'contact' | 'request' | 'ignored' | 'blocked' | 'group';

/**
 * The outbox and sent history: every message written here, `pending` until the peer acks it.
 * The stored `status` is only half of it: a row is sent when it says 'sent' OR its `seq` is at or
 * below the peer's delivery mark; read it through `deliveredStatus` (delivered-status.ts).
 */
export interface SentRow {
	id: MessageId;
	conversationId: string;
	peerId: PeerId;
	seq: number;
	/** The message's text; for a file message its caption, '' when it has none. */
	text: string;
	/** 'file': the message carries a file (its row in `files`, same id); absent: text. */
	kind?: 'file';
	/** A file message's file name as shown (safeFileName): searched and previewed with the caption. */
	fileName?: string;
	/** An audio file's transcript, made on this device (issue 13; speech/transcript-record.ts). */
	transcript?: TranscriptRecord;
	/** Local creation time, ms. */
	time: number;
	status: SendStatus;
	/** When the ack came, for rows acked out of order; absent for rows the delivery mark covers. */
	ackedAt?: number;
	/** 0 for the original text; each edit adds one. */
	version?: number;
	editedAt?: number;
	/** The message this one replies to (quoted from this device's own copy). */
	replyTo?: MessageId;
	/** Deleted for everyone at this local time: the text is gone, only the tombstone stays. */
	deletedAt?: number;
}

/** Every message received, stored once (primary key is the sender's message id). */
export interface ReceivedRow {
	id: MessageId;
	conversationId: string;
	peerId: PeerId;
	seq: number;
	/** The message's text; for a file message its caption, '' when it has none. */
	text: string;
	/** 'file': the message carries a file (its row in `files`, same id); absent: text. */
	kind?: 'file';
	/** A file message's file name as shown (safeFileName): searched and previewed with the caption. */
	fileName?: string;
	/** An audio file's transcript, made on this device (issue 13; speech/transcript-record.ts). */
	transcript?: TranscriptRecord;
	/** The author's clock, shown as "sent at"; never used for ordering. */
	authoredAt: number;
	/** Local arrival time, ms: orders the thread. */
	time: number;
	unread: 0 | 1;
	version?: number;
	/** Id of the edit that produced the current text (breaks version ties). */
	editId?: string;
	editedAt?: number;
	/** The message this one replies to (quoted from this device's own copy). */
	replyTo?: MessageId;
	/**
	 * Deleted for everyone by its author at this local time (or a tombstone stored before the
	 * message arrived, seq 0): the text and every version are gone. The row stays so a resend of
	 * the message is a duplicate and a late edit changes nothing (PROTOCOL §6a).
	 */
	deletedAt?: number;
	/** Id of the delete frame that made the tombstone. */
	deleteId?: string;
}

/**
 * An edit or a delete-for-everyone of one of our messages, waiting for (or past) the
 * recipient's ack, like `sender`: one outbox and one ack path for both.
 */
export interface EditRow {
	id: MessageId;
	target: MessageId;
	peerId: PeerId;
	version: number;
	/** Empty for a delete. */
	text: string;
	time: number;
	status: SendStatus;
	/** Absent: an edit. */
	kind?: 'delete';
}

/** One version of a message's text, either direction; version 0 is the original. */
export interface EditHistoryRow {
	id: string;
	target: MessageId;
	author: PeerId | 'self';
	version: number;
	text: string;
	/** Local time this version was written or received. */
	time: number;
}

export interface SettingRow {
	key: string;
	value: unknown;
}

/** A message as the thread shows it, whichever table it came from. */
export type ThreadMessage =
	| ({ direction: 'out' } & SentRow)
	| ({ direction: 'in' } & ReceivedRow);

/**
 * The saved full-text index (one row, key 'index'). `json` is the worker's serialized index as
 * a Blob, so neither thread copies megabytes of text through the page's heap to store or load
 * it. `indexedUpTo` is the newest `time` per table known to be in it: on start the index
 * catches up with the rows after that.
 */
export interface SearchIndexRow {
	key: 'index';
	version: number;
	/**
	 * The serialized index: a Blob, or the same bytes as an ArrayBuffer where IndexedDB refuses
	 * Blobs (WebKit's private and automation sessions). The name is from when it was JSON.
	 */
	json: Blob | ArrayBuffer;
	/**
	 * Newest `time` per message table, and newest edit time, that the saved index contains;
	 * `onMark`: the ids at exactly those times that it contains (older saves lack it).
	 */
	indexedUpTo: { sender: number; receiver: number; edits?: number; onMark?: Partial<Record<'sender' | 'receiver' | 'edits', string[]>> };
	count: number;
	savedAt: number;
}

/** This device's place in a group, from the folded membership state and its own id. */
export type GroupRole = 'admin' | 'member' | 'left' | 'removed';

/**
 * A group conversation (schema v8). The membership itself is the set of signed ops in
 * `groupOps`; `state` caches their fold so storing a message needs no refold (group-store.ts).
 */
export interface GroupRow {
	id: GroupId;
	name: string;
	role: GroupRole;
	/** Local time the group became known here (created, or its create op arrived). */
	createdAt: number;
	/** Local time of the newest message either way; sorts the conversation list with `users`. */
	lastActivity: number;
	preview?: { text: string; author: PeerId | 'self' };
	/** Unread text messages; kept by every write that stores or marks read. */
	unread: number;
	muted?: boolean;
	/** Seq of the newest group frame this device wrote (messages, edits, deletes share it). */
	lastSentSeq: number;
	/** `foldMembership` over every held op; refolded when `foldVersion` is not the code's. */
	state: GroupState;
	foldVersion: number;
}

/** A verified membership op as received (or written): the fold's input, relayed as is. */
export interface GroupOpRow {
	id: OpId;
	group: GroupId;
	frame: GroupOpFrame;
	/** Local time it was stored: places the system line ("Alice added Dave") in the thread. */
	time: number;
}

/**
 * Every group frame held, received or written, as its author signed it: the per-author seq
 * bookkeeping (`summarize`, admission's "held at this seq") and what a relay answer sends. Edits
 * and deletes take a seq too, so they are here though they are no `receiver` row.
 */
export interface GroupFrameRow {
	id: MessageId;
	group: GroupId;
	author: PeerId;
	seq: number;
	frame: GroupMessageFrame;
}

/**
 * One recipient of a group message this device wrote: `pending` until that member acks it.
 * The `sender` row of the message is `pending` while any of these is, then `sent`.
 */
export interface GroupDeliveryRow {
	messageId: MessageId;
	member: PeerId;
	group: GroupId;
	/** The author's (this device's) seq of the frame: the per-member outbox walks in this order. */
	seq: number;
	status: SendStatus;
	ackedAt?: number;
	/**
	 * When that member's read receipt covered it (PROTOCOL §12g). Not indexed, so rows from
	 * before receipts need no migration: absent reads as "not read yet".
	 */
	readAt?: number;
}
