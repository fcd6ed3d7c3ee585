import { deleteForMe, blockedPeers, peersInState, getSetting, markConversationRead, putSetting } from '../db/queries';
import type { UserRow } from '../db/schema';
import type { Identity } from '../crypto/identity';
import type { MessageId } from '../ids/message-id';
import type { PeerId } from '../ids/peer-id';
import type { TransportState } from '../net/transport';
import { Emitter } from '../util/emitter';
import type { ReachMode } from './admission';
import type { Connections } from './connections';
import type { DurabilityStats } from './ack-batcher';
import { ContactBook, REACH_SETTING } from './contact-book';
import type { GroupId } from '../group/group-ids';
import type { GroupApi } from './group-api';
import type { FileApi, OutgoingFile } from './files/file-api';
import { wireMessenger, type MessengerEvents, type MessengerOptions, type MessengerParts } from './messenger-parts';
import { OwnMessages } from './own-messages';
import { followPeers, sendProfile } from './peer-events';
import type { Presence } from './presence-book';

export type { Presence } from './presence-book';
export { MessageTooLongError } from './message-text';
export { MAX_REMEMBERED_PEERS } from './inbound-path';
export type { ReachMode } from './admission';
export type { MessengerEvents, MessengerOptions } from './messenger-parts';

const INVISIBLE_SETTING = 'invisible';
export const RESEARCH_CONSENT_SETTING = 'researchConsent';

/**
 * The composition root of messaging: transport -> connections/sessions -> frame handlers -> Dexie,
 * and the outbound path Dexie (pending row) -> outbox -> session (wired in messenger-parts.ts).
 * The UI only calls these methods and reads Dexie; it never touches the network.
 */
export class Messenger implements GroupApi, FileApi {
	readonly events = new Emitter<MessengerEvents>();
	readonly connections: Connections;
	#parts: MessengerParts;
	#contacts: ContactBook;
	#own: OwnMessages;
	#unsubscribe: (() => void)[];

	constructor(private readonly options: MessengerOptions) {
		this.#parts = wireMessenger(
			options,
			(peer, presence) => this.events.emit('presence', peer, presence),
			(progress) => this.events.emit('fileProgress', progress)
		);
		this.connections = this.#parts.connections;
		this.#contacts = new ContactBook(this.#parts);
		this.#own = new OwnMessages(this.#parts);
		this.#unsubscribe = followPeers(this.#parts, this.events);
	}

	get self(): Identity {
		return this.options.identity;
	}

	get transportState(): TransportState {
		return this.options.transport.state;
	}

	presence(peer: PeerId): Presence {
		return this.#parts.presence.of(peer);
	}

	get invisible(): boolean {
		return this.#parts.invisible;
	}

	get reach(): ReachMode {
		return this.#parts.admission.reach;
	}

	/** Persists who may reach us; enforced for every later connection attempt. */
	setReach(mode: ReachMode): Promise<void> {
		return this.#contacts.setReach(mode);
	}

	/** How many peers the in-memory maps hold (tests and diagnostics: they must stay bounded). */
	rememberedPeers(): { names: number; keys: number; presence: number } {
		const { context } = this.#parts.inbound;
		return { names: context.announcedNames.size, keys: context.verifiedKeys.size, presence: this.#parts.presence.size };
	}

	/** What acking only durably stored messages has cost in this run (bench and diagnostics). */
	durabilityStats(): Readonly<DurabilityStats> {
		return this.#parts.inbound.durabilityStats;
	}

	/** Signalling bookkeeping counts (tests and diagnostics). */
	signallingStats(): Readonly<Record<string, number>> {
		return this.options.transport.stats?.() ?? {};
	}

	/** Starts messaging; stays disconnected if the user left invisible mode on. */
	async start(): Promise<void> {
		const parts = this.#parts;
		parts.invisible = await getSetting(this.options.db, INVISIBLE_SETTING, false);
		await parts.receipts.load();
		parts.researchConsent = await getSetting(this.options.db, RESEARCH_CONSENT_SETTING, false);
		const { db } = this.options;
		const [blocked, contacts, reach] = await Promise.all([
			blockedPeers(db),
			peersInState(db, 'contact'),
			getSetting<ReachMode>(db, REACH_SETTING, 'anyone')
		]);
		parts.admission.load({ blocked, contacts, reach });
		await parts.groupWire.refreshAdmission();
		await parts.files.start();
		this.connections.start();
		if (parts.invisible) parts.reach.pause();
		else this.options.transport.start(this.options.identity.peerId);
	}

	stop(): void {
		const parts = this.#parts;
		parts.reach.stop();
		parts.outbox.stop();
		parts.sendAhead.stop();
		parts.receipts.stop();
		parts.groupWire.stop();
		parts.files.stop();
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
		const parts = this.#parts;
		if (invisible === parts.invisible) return;
		parts.invisible = invisible;
		if (invisible) {
			parts.reach.pause();
			this.connections.disconnectAll();
			this.options.transport.stop();
		} else {
			parts.reach.resume();
			this.options.transport.start(this.options.identity.peerId);
		}
	}

	/**
	 * Our display name changed: contacts connected now get the new profile at once; the others
	 * get it with the next handshake (`displayName` is read then).
	 */
	announceProfile(): void {
		for (const peer of this.connections.peers()) if (this.connections.channel(peer)) sendProfile(this.#parts, peer);
	}

	/** The network may be back: reconnect now and retry everyone we owe messages to. */
	nudge(): void {
		if (this.#parts.invisible) return;
		if (this.options.transport.state === 'online') void this.#parts.reach.dialOnConnect();
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
		if (this.#parts.invisible) return;
		void this.#parts.outbox.flush(peer);
		this.#parts.reach.owe(peer);
	}

	/** Writes the message as pending and sends it (own-messages.ts). */
	sendText(peer: PeerId, text: string, options: { replyTo?: MessageId } = {}): Promise<MessageId> {
		return this.#own.sendText(peer, text, options);
	}

	/** Edits one of our messages; the edit travels through the outbox like a message. */
	editMessage(target: MessageId, text: string): Promise<boolean> {
		return this.#own.editMessage(target, text);
	}

	/** Deletes one of our messages for everyone (a tombstone here, a delete frame to them). */
	deleteForEveryone(target: MessageId): Promise<boolean> {
		return this.#own.deleteForEveryone(target);
	}

	/** Removes a message from this device only; nothing is sent. */
	deleteForMe(id: MessageId): Promise<boolean> {
		return deleteForMe(this.options.db, id);
	}

	// Files (files/file-api.ts, PROTOCOL §13): the messenger hands them to files/file-wiring.ts.
	sendFiles(conversation: string, files: readonly OutgoingFile[], options: { caption?: string } = {}): Promise<MessageId[]> {
		return this.#parts.files.sendFiles(conversation, files, options);
	}

	cancelFile(messageId: MessageId): Promise<void> {
		return this.#parts.files.cancelFile(messageId);
	}

	retryFile(messageId: MessageId): Promise<void> {
		return this.#parts.files.retryFile(messageId);
	}

	removeFile(messageId: MessageId): Promise<void> {
		return this.#parts.files.removeFile(messageId);
	}

	checkFile(messageId: MessageId): Promise<void> {
		return this.#parts.files.checkFile(messageId);
	}

	// Groups (group-api.ts): the messenger only hands them to group-actions.ts.
	createGroup(name: string, members: readonly PeerId[]): Promise<GroupId> {
		return this.#parts.groups.createGroup(name, members);
	}

	sendGroupText(group: GroupId, text: string, options: { replyTo?: MessageId } = {}): Promise<MessageId> {
		return this.#parts.groups.sendGroupText(group, text, options);
	}

	addGroupMember(group: GroupId, member: PeerId): Promise<void> {
		return this.#parts.groups.addGroupMember(group, member);
	}

	removeGroupMember(group: GroupId, member: PeerId): Promise<void> {
		return this.#parts.groups.removeGroupMember(group, member);
	}

	setGroupAdmin(group: GroupId, member: PeerId, admin: boolean): Promise<void> {
		return this.#parts.groups.setGroupAdmin(group, member, admin);
	}

	renameGroup(group: GroupId, name: string): Promise<void> {
		return this.#parts.groups.renameGroup(group, name);
	}

	leaveGroup(group: GroupId): Promise<void> {
		return this.#parts.groups.leaveGroup(group);
	}

	// Contacts (contact-book.ts).
	async addContact(peer: PeerId, names: { nickname?: string; suggestedName?: string } = {}): Promise<UserRow> {
		const row = await this.#contacts.addContact(peer, names);
		// An accepted request: the files it brought are fetched now (PROTOCOL §8b, §13).
		await this.#parts.files.accepted(peer);
		return row;
	}

	connect(peer: PeerId): void {
		this.#contacts.connect(peer);
	}

	block(peer: PeerId): Promise<void> {
		return this.#contacts.block(peer);
	}

	unblock(peer: PeerId): Promise<void> {
		return this.#contacts.unblock(peer);
	}

	ignore(peer: PeerId): Promise<void> {
		return this.#contacts.ignore(peer);
	}

	/** The reader watches this conversation's newest messages (or stopped): arrivals are stored read. */
	watchThread(peer: PeerId, watching: boolean): void {
		this.#parts.inbound.context.watched?.set(peer, watching);
	}

	async markRead(conversationId: string): Promise<void> {
		await markConversationRead(this.options.db, conversationId);
		await this.#parts.receipts.report(conversationId as PeerId);
	}

	/** Whether we send read receipts (and show contacts' receipts). */
	get readReceipts(): boolean {
		return this.#parts.receipts.enabled;
	}

	async setReadReceipts(enabled: boolean): Promise<void> {
		await this.#parts.receipts.setEnabled(enabled, this.connections.peers());
	}

	/** Whether the user agreed to research datasets; told to contacts with the profile. */
	get researchConsent(): boolean {
		return this.#parts.researchConsent;
	}

	/** Saves the choice and tells the contacts connected now; the others hear it at their next handshake. */
	async setResearchConsent(consent: boolean): Promise<void> {
		await putSetting(this.options.db, RESEARCH_CONSENT_SETTING, consent);
		if (consent === this.#parts.researchConsent) return;
		this.#parts.researchConsent = consent;
		this.announceProfile();
	}
}
