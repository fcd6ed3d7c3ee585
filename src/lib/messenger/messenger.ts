import type { ChatDb } from '../db/chat-db';
import {
	blockedPeers,
	deleteForMe,
	deleteOwnMessage,
	peersInState,
	editOwnMessage,
	getSetting,
	markConversationRead,
	putSetting,
	recordPeer,
	saveContact,
	setContactState
} from '../db/queries';
import type { OutgoingInput } from '../db/outbox-queries';
import type { UserRow } from '../db/schema';
import type { Identity } from '../crypto/identity';
import type { Sodium } from '../crypto/sodium';
import { newMessageId, type MessageId } from '../ids/message-id';
import { shortPeerId, type PeerId } from '../ids/peer-id';
import { messageText } from './message-text';
import { PresenceBook, type Presence } from './presence-book';
import type { ProtocolLog, RejectReason } from '../protocol/reject';
import type { Transport, TransportState } from '../net/transport';
import { Emitter } from '../util/emitter';
import { monotonicClock } from '../util/monotonic-clock';
import { Admission, type ReachMode } from './admission';
import { Connections } from './connections';
import type { BudgetLimits } from './inbound-budget';
import { InboundPath } from './inbound-path';
import { Outbox } from './outbox';
import type { DurabilityStats } from './ack-batcher';
import { Reach } from './reach';
import { ReadReceipts } from './read-receipts';
import { SendAhead } from './send-ahead';
import { ownGroupMessage } from '../db/group-edits';
import type { GroupId } from '../group/group-ids';
import type { GroupApi } from './group-api';
import { GroupActions } from './group-actions';
import { GroupInbound } from './group-inbound';
import { GroupWire } from './group-wire';
import type { SendJournal } from './send-journal';

export type { Presence } from './presence-book';
export { MessageTooLongError } from './message-text';

const INVISIBLE_SETTING = 'invisible';
const REACH_SETTING = 'reach';
export { MAX_REMEMBERED_PEERS } from './inbound-path';

export type { ReachMode } from './admission';

export type MessengerEvents = {
	presence: [peer: PeerId, presence: Presence];
	transport: [state: TransportState, detail?: string];
	/** Something the user must hear about (a key mismatch, a refused handshake). */
	warning: [peer: string, reason: RejectReason];
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
}

/**
 * The composition root of messaging: transport -> connections/sessions -> frame handlers -> Dexie,
 * and the outbound path Dexie (pending row) -> outbox -> session. The UI only calls these methods
 * and reads Dexie; it never touches the network.
 */
export class Messenger implements GroupApi {
	readonly events = new Emitter<MessengerEvents>();
	readonly connections: Connections;
	#outbox: Outbox;
	#sendAhead: SendAhead;
	#reach: Reach;
	#receipts: ReadReceipts;
	#invisible = false;
	#admission = new Admission();
	#inbound: InboundPath;
	#presence = new PresenceBook((peer, presence) => this.events.emit('presence', peer, presence));
	#now: () => number;
	#unsubscribe: (() => void)[] = [];
	#groupWire: GroupWire;
	#groups: GroupActions;

	constructor(private readonly options: MessengerOptions) {
		this.#now = monotonicClock(options.now);
		// One policy at two levels: the transport drops OFFERs before PeerJS answers them, and the
		// handshake refuses again (a second line, e.g. for a link opened before a block).
		options.transport.setAdmission((peer) => this.#admission.decide(peer));
		this.connections = new Connections({
			...options,
			accepts: (peer) => this.#admission.decide(peer) !== 'refuse',
			isContact: (peer) => this.#admission.isContact(peer),
			now: this.#now
		});
		this.#outbox = new Outbox(options.db, this.connections, options.log, this.#now, options.ackWaitMs);
		this.#reach = new Reach(options.db, this.connections);
		this.#receipts = new ReadReceipts({
			db: options.db,
			send: (peer, frame) => this.connections.send(peer, frame),
			isContact: (peer) => this.#admission.isContact(peer)
		});
		this.#sendAhead = new SendAhead(options.db, this.#outbox, options.journal);
		this.#groupWire = new GroupWire({
			db: options.db,
			me: options.identity.peerId,
			log: options.log,
			now: this.#now,
			connections: this.connections,
			admission: this.#admission,
			paused: () => this.#invisible
		});
		this.#groups = new GroupActions(this.#groupWire, options.sodium, options.identity);
		this.#inbound = new InboundPath({
			groups: new GroupInbound(this.#groupWire, options.sodium),
			...options,
			now: this.#now,
			connections: this.connections,
			admission: this.#admission,
			outbox: this.#outbox,
			settled: (ids) => this.#sendAhead.settled(ids)
		});
		const { events } = this.connections;
		this.#unsubscribe.push(
			events.on('ready', (channel) => void this.#onReady(channel.peer, channel.session.peer?.publicKey)),
			events.on('frame', (peer, frame) => this.#inbound.push(peer, frame)),
			events.on('down', (peer) => this.#onDown(peer)),
			options.db.changes.subscribe((changes) => this.#receipts.follow(changes)),
			events.on('failed', (peer, reason) => this.#onFailed(peer, reason)),
			options.transport.on('state', (state, detail) => this.#onTransport(state, detail)),
			options.transport.on('unreachable', (peer) => {
				this.#presence.set(peer as PeerId, 'offline');
				this.#reach.owe(peer as PeerId);
			})
		);
	}

	get self(): Identity {
		return this.options.identity;
	}

	get transportState(): TransportState {
		return this.options.transport.state;
	}

	presence(peer: PeerId): Presence {
		return this.#presence.of(peer);
	}

	get invisible(): boolean {
		return this.#invisible;
	}

	get reach(): ReachMode {
		return this.#admission.reach;
	}

	/** Persists who may reach us; enforced for every later connection attempt. */
	async setReach(mode: ReachMode): Promise<void> {
		await putSetting(this.options.db, REACH_SETTING, mode);
		this.#admission.setReach(mode);
		// Strangers already connected lose their channel now, not at their next reconnect.
		for (const peer of this.connections.peers()) if (this.#admission.decide(peer) === 'refuse') this.connections.disconnect(peer);
	}

	/** How many peers the in-memory maps hold (tests and diagnostics: they must stay bounded). */
	rememberedPeers(): { names: number; keys: number; presence: number } {
		return { names: this.#inbound.context.announcedNames.size, keys: this.#inbound.context.verifiedKeys.size, presence: this.#presence.size };
	}

	/** What acking only durably stored messages has cost in this run (bench and diagnostics). */
	durabilityStats(): Readonly<DurabilityStats> {
		return this.#inbound.durabilityStats;
	}

	/** Signalling bookkeeping counts (tests and diagnostics). */
	signallingStats(): Readonly<Record<string, number>> {
		return this.options.transport.stats?.() ?? {};
	}

	/** Starts messaging; stays disconnected if the user left invisible mode on. */
	async start(): Promise<void> {
		this.#invisible = await getSetting(this.options.db, INVISIBLE_SETTING, false);
		await this.#receipts.load();
		const { db } = this.options;
		const [blocked, contacts, reach] = await Promise.all([
			blockedPeers(db),
			peersInState(db, 'contact'),
			getSetting<ReachMode>(db, REACH_SETTING, 'anyone')
		]);
		this.#admission.load({ blocked, contacts, reach });
		await this.#groupWire.refreshAdmission();
		this.connections.start();
		if (this.#invisible) this.#reach.pause();
		else this.options.transport.start(this.options.identity.peerId);
	}

	stop(): void {
		this.#reach.stop();
		this.#outbox.stop();
		this.#sendAhead.stop();
		this.#receipts.stop();
		this.connections.stop();
		this.options.transport.stop();
		for (const unsubscribe of this.#unsubscribe) unsubscribe();
	}

	/**
	 * Invisible: no PeerServer registration and no channels, so nobody can see or reach us.
	 * Writing still works; everything stays pending until the user is visible again.
	 */
	async setInvisible(invisible: boolean): Promise<void> {
		await putSetting(this.options.db, INVISIBLE_SETTING, invisible);
		if (invisible === this.#invisible) return;
		this.#invisible = invisible;
		if (invisible) {
			this.#reach.pause();
			this.connections.disconnectAll();
			this.options.transport.stop();
		} else {
			this.#reach.resume();
			this.options.transport.start(this.options.identity.peerId);
		}
	}

	/**
	 * Our display name changed: contacts connected now get the new profile at once; the others
	 * get it with the next handshake (`displayName` is read then).
	 */
	announceProfile(): void {
		for (const peer of this.connections.peers()) if (this.connections.channel(peer)) this.#sendProfile(peer);
	}

	/** The network may be back: reconnect now and retry everyone we owe messages to. */
	nudge(): void {
		if (this.#invisible) return;
		if (this.options.transport.state === 'online') void this.#reach.dialOnConnect();
		else this.options.transport.reconnectNow();
	}

	/** Sends whatever is pending to every reachable peer (e.g. on a Background Sync wake-up). */
	flushAll(): void {
		this.nudge();
	}

	/**
	 * Pending rows for `peer` that this messenger did not write (another tab did): sends them over
	 * the channel if there is one, else dials. Safe to repeat: a channel sends each row once.
	 */
	sendPending(peer: PeerId): void {
		if (this.#invisible) return;
		void this.#outbox.flush(peer);
		this.#reach.owe(peer);
	}

	/**
	 * Writes the message as pending and sends it, before the write commits when the channel is
	 * ready (send-ahead.ts). Resolves once it is stored; SentNotSavedError if it left but the
	 * write failed.
	 */
	async sendText(peer: PeerId, text: string, options: { replyTo?: MessageId } = {}): Promise<MessageId> {
		const body = messageText(text, 'Cannot send an empty message.');
		const now = this.#now();
		const input: Omit<OutgoingInput, 'seq'> = { id: newMessageId(now), conversationId: peer, peerId: peer, text: body, time: now };
		if (options.replyTo) input.replyTo = options.replyTo;
		const row = await this.#sendAhead.send(input, !this.#invisible);
		if (!this.#invisible) this.#reach.owe(peer);
		return row.id;
	}

	/** Edits one of our messages; the edit travels through the outbox like a message. */
	async editMessage(target: MessageId, text: string): Promise<boolean> {
		const body = messageText(text, 'A message cannot be edited to nothing.');
		const group = await ownGroupMessage(this.options.db, target);
		if (group) return group.text !== body && group.deletedAt === undefined && this.#groups.changeGroupMessage(group, body);
		const now = this.#now();
		const edit = await editOwnMessage(this.options.db, { editId: newMessageId(now), target, text: body, now });
		if (!edit) return false;
		if (!this.#invisible) {
			void this.#outbox.flush(edit.peerId);
			this.#reach.owe(edit.peerId);
		}
		return true;
	}

	/**
	 * Deletes one of our messages for everyone: a tombstone here at once, and a delete frame
	 * through the edit outbox (after pending messages, resent until acked).
	 */
	async deleteForEveryone(target: MessageId): Promise<boolean> {
		const group = await ownGroupMessage(this.options.db, target);
		if (group) return group.deletedAt === undefined && this.#groups.changeGroupMessage(group, null);
		const now = this.#now();
		const row = await deleteOwnMessage(this.options.db, { deleteId: newMessageId(now), target, now });
		if (!row) return false;
		if (!this.#invisible) {
			void this.#outbox.flush(row.peerId);
			this.#reach.owe(row.peerId);
		}
		return true;
	}

	// Groups (group-api.ts): the messenger only hands them to group-actions.ts.
	createGroup(name: string, members: readonly PeerId[]): Promise<GroupId> {
		return this.#groups.createGroup(name, members);
	}

	sendGroupText(group: GroupId, text: string, options: { replyTo?: MessageId } = {}): Promise<MessageId> {
		return this.#groups.sendGroupText(group, text, options);
	}

	addGroupMember(group: GroupId, member: PeerId): Promise<void> {
		return this.#groups.addGroupMember(group, member);
	}

	removeGroupMember(group: GroupId, member: PeerId): Promise<void> {
		return this.#groups.removeGroupMember(group, member);
	}

	setGroupAdmin(group: GroupId, member: PeerId, admin: boolean): Promise<void> {
		return this.#groups.setGroupAdmin(group, member, admin);
	}

	renameGroup(group: GroupId, name: string): Promise<void> {
		return this.#groups.renameGroup(group, name);
	}

	leaveGroup(group: GroupId): Promise<void> {
		return this.#groups.leaveGroup(group);
	}

	/** Removes a message from this device only; nothing is sent. */
	deleteForMe(id: MessageId): Promise<boolean> {
		return deleteForMe(this.options.db, id);
	}

	/**
	 * Adds (or accepts) a contact. Admission follows the SAVED row: adding never lifts a block, so
	 * a blocked id stays refused; only a row now in state 'contact' is admitted and dialled.
	 */
	async addContact(peer: PeerId, names: { nickname?: string; suggestedName?: string } = {}): Promise<UserRow> {
		let row = await saveContact(this.options.db, { peerId: peer, placeholderName: shortPeerId(peer), ...names, now: this.#now() });
		if (row.state !== 'contact') {
			this.#block(peer);
			return row;
		}
		// Their profile may have come over an authenticated session before they were a contact
		// (they added us first): it names them now, instead of a link's unconfirmed suggestion.
		const announced = this.#inbound.context.announcedNames.get(peer);
		if (announced && row.name !== announced) {
			await recordPeer(this.options.db, peer, { name: announced, seenAt: this.#now() });
			row = { ...row, name: announced };
		}
		this.#admission.contact(peer);
		// An accepted request may already have a channel: they learn our name now, not before.
		if (this.connections.channel(peer)) this.#sendProfile(peer);
		this.connect(peer);
		return row;
	}

	connect(peer: PeerId): void {
		if (!this.#invisible) this.#reach.want(peer);
	}

	/**
	 * Refuses the peer's handshakes from now on and drops the channel at once: admission and the
	 * link change before the database write, so no frame arriving meanwhile is stored.
	 */
	async block(peer: PeerId): Promise<void> {
		this.#block(peer);
		await setContactState(this.options.db, peer, 'blocked', this.#now());
	}

	#block(peer: PeerId): void {
		this.#admission.block(peer);
		this.connections.disconnect(peer);
		this.#reach.reached(peer);
		this.#presence.set(peer, 'offline');
	}

	async unblock(peer: PeerId): Promise<void> {
		await setContactState(this.options.db, peer, 'contact', this.#now());
		this.#admission.contact(peer);
		this.connect(peer);
	}

	/** A request set aside: kept, but never counted as unread or shown in the main list. */
	async ignore(peer: PeerId): Promise<void> {
		// Marks their messages read in the same commit: an ignored request never counts as unread.
		await setContactState(this.options.db, peer, 'ignored', this.#now());
		this.#admission.forget(peer);
	}

	/** The reader watches this conversation's newest messages (or stopped): arrivals are stored read. */
	watchThread(peer: PeerId, watching: boolean): void {
		this.#inbound.context.watched?.set(peer, watching);
	}

	async markRead(conversationId: string): Promise<void> {
		await markConversationRead(this.options.db, conversationId);
		await this.#receipts.report(conversationId as PeerId);
	}

	/** Whether we send read receipts (and show contacts' receipts). */
	get readReceipts(): boolean {
		return this.#receipts.enabled;
	}

	async setReadReceipts(enabled: boolean): Promise<void> {
		await this.#receipts.setEnabled(enabled, this.connections.peers());
	}

	#onTransport(state: TransportState, detail?: string): void {
		if (state === 'online') {
			void this.#reach.dialOnConnect();
			void this.#groupWire.dialMembers();
		}
		this.events.emit('transport', state, detail);
	}

	async #onReady(peer: PeerId, publicKey: Uint8Array | undefined): Promise<void> {
		this.#reach.reached(peer);
		if (publicKey) this.#inbound.context.verifiedKeys.set(peer, publicKey);
		this.#presence.set(peer, 'online');
		this.#sendProfile(peer);
		this.#receipts.report(peer).catch((error: unknown) => this.options.log.info('could not send read receipt', { peer, error: String(error).slice(0, 200) }));
		// The outbox goes first: bookkeeping about the peer must neither delay nor block delivery.
		await Promise.all([
			this.#outbox.flush(peer),
			this.#groupWire.onReady(peer).catch((error: unknown) => this.options.log.info('group summaries failed', { peer, error: String(error).slice(0, 200) })),
			recordPeer(this.options.db, peer, { publicKey, seenAt: this.#now() }).catch((error: unknown) =>
				this.options.log.info('could not record peer', { peer, error: String(error).slice(0, 200) })
			)
		]);
	}

	/** Our display name goes to contacts only: a stranger learns nothing about us but our key. */
	#sendProfile(peer: PeerId): void {
		if (this.#admission.isContact(peer)) this.connections.send(peer, { t: 'profile', name: this.options.displayName() });
	}

	#onDown(peer: PeerId): void {
		this.#presence.set(peer, 'offline');
		this.#receipts.forget(peer);
		this.#reach.owe(peer);
		void recordPeer(this.options.db, peer, { seenAt: this.#now() });
	}

	#onFailed(peer: string, reason: RejectReason): void {
		if (!this.connections.channel(peer as PeerId)) {
			this.#presence.set(peer as PeerId, 'offline');
			if (reason !== 'wrong-key' && reason !== 'bad-signature' && reason !== 'blocked') this.#reach.owe(peer as PeerId);
		}
		if (reason === 'wrong-key' || reason === 'bad-signature') this.events.emit('warning', peer, reason);
	}
}
