import { getContext, setContext } from 'svelte';
import { SvelteMap } from 'svelte/reactivity';
import type { BackupActions, ReminderNotice } from './backup-actions';
import type { BackupRunner } from './backup-runner';
import { addCrypto, connectMessenger, createSelf, identityOf, openStorage, startPieceFiles, storedPeerId, type Foundation, type Storage } from '../app/boot';
import { saveContact } from '../db/queries';
import { deleteConversation, listStrayData, type StrayData } from '../db/conversation-delete';
import { cleanName } from '../text/clean-name';
import { shownName } from '../text/shown-name';
import { contactLink, parseContactInput, parseFragment, isDamagedContactFragment, type ContactRef } from '../ids/contact-link';
import { shortPeerId, type PeerId } from '../ids/peer-id';
import type { Messenger, Presence, ReachMode } from '../messenger/messenger';
import type { TransportState } from '../net/transport';
import { connectionView, nextProblem, type ConnectionView } from './connection-view';
export type { ConnectionView } from './connection-view';
import { ConversationListState } from './conversation-list.svelte';
import { ThreadState } from './thread-state.svelte';
import type { GroupThreadState } from './group-thread-state.svelte';
import type { GroupActions } from './group-actions';
import { parseGroupId, type GroupId } from '../group/group-ids';
import { ContactActions } from './contact-actions';
import { DirectoryState } from './directory-state.svelte';
import { MessageActions } from './message-actions';
import { SearchClient } from '../search/search-client';
import { SearchState } from './search-state.svelte';
import { SettingsActions, type SettingsEntry } from './settings-actions';
import { DatasetExporter } from './dataset-export';
import { onOutboxSyncRequest } from '../pwa/outbox-sync';
import { Notifier } from '../app/notifier';
import { NotifyState } from './notify-state.svelte';
import { FileActions } from './file-actions.svelte';
import type { TranscriptService } from './transcripts.svelte';
import type { RelayControl } from '../app/relay-control';
import { HIDE_IP_SETTING, type RelayProblem } from '../net/relay-watch';
import { getSetting, putSetting } from '../db/settings-queries';
import type { TransferActions } from './transfer-actions';
import { clearInterrupted, followTransferState, isInterrupted, isRetired, markRetired, RETIRED_STORAGE_KEY } from '../app/retired-device';
import { takeTransferFragment, type TransferCode } from '../transfer/transfer-link';
import type { TabNetwork } from '../app/tab-network';

/**
 * 'retired': this device's identity was moved to another device (docs/BACKUP.md): it never connects again.
 * 'interrupted': the page was left while a transfer awaited the new device's `done`: the user says whether it finished.
 */
export type Phase = 'loading' | 'onboarding' | 'ready' | 'failed' | 'retired' | 'interrupted';
/** A setting written beside the synchronous lock (retired-device.ts), in case localStorage is cleared alone. */
const RETIRED_SETTING = 'transfer.retiredAt';
/** 'other-tab': another tab of this browser runs the network for this identity. */

export interface SelfView {
	peerId: PeerId;
	displayName: string;
	link: string;
}

const WARNINGS: Record<string, string> = {
	'wrong-key': 'Could not verify this contact: the device that answered does not hold their key. Your messages stay queued until the real contact answers.',
	'bad-signature': 'Could not verify this contact: their handshake signature was invalid. Your messages stay queued until the real contact answers.'
};

/** The app's root state: one instance, handed to components through context. */
export class AppState {
	phase = $state<Phase>('loading');
	failure = $state<string | null>(null);
	self = $state<SelfView | null>(null);
	transport = $state<TransportState>('offline');
	invisible = $state(false);
	/** Whether we send read receipts and show contacts' (Signal's rule: both or neither). */
	readReceipts = $state(true);
	researchConsent = $state(false);
	browserOnline = $state(true);
	/** Another tab of this browser owns the network: this one reads and writes, that one sends. */
	otherTab = $state(false);
	/** Why the transport last left `online` (null while online); see connection-view.ts. */
	transportProblem = $state<string | null>(null);
	/** What the connection badge shows. */
	readonly connection: ConnectionView = $derived(
		connectionView({
			invisible: this.invisible,
			otherTab: this.otherTab,
			transport: this.transport,
			problem: this.transportProblem,
			browserOnline: this.browserOnline
		})
	);
	/** The open conversation: a person's peer id, or a group's id. */
	selected = $state<PeerId | GroupId | null>(null);
	warning = $state<string | null>(null);
	/** The same identity registered elsewhere (another tab or device) and took over signalling. */
	displaced = $state(false);
	/** Who may open a connection to us; persisted by the messenger. */
	reach = $state<ReachMode>('anyone');
	/** Whether the server offers a TURN relay (null until the config is known). */
	relay = $state<boolean | null>(null);
	/** "Hide my IP address": every call relay-only (persisted as HIDE_IP_SETTING). */
	hideIp = $state(false);
	/** Why relay-only calls cannot connect now (relay-watch.ts); null when they can. */
	relayProblem = $state<RelayProblem | null>(null);
	#relayControl: RelayControl | null = null;
	invite = $state<ContactRef | null>(null);
	/** The page was opened with a contact link that names no valid id (cut short, mistyped). */
	brokenLink = $state(false);
	/** The settings view, open in place of the thread (a screen of its own on a phone); null: closed. */
	settingsView = $state<SettingsEntry | null>(null);
	/**
	 * A message to scroll to and highlight in its conversation (search results set it); the open
	 * thread's list consumes it and sets it back to null. Added by the history work; the search
	 * work owns how it is set.
	 */
	focusMessage = $state<string | null>(null);
	readonly presence = new SvelteMap<string, Presence>();
	/** Followed from the change feed once the database is open. */
	readonly conversations = new ConversationListState();
	/**
	 * The main screen will be wanted soon (an identity exists or is being typed): the page loads
	 * its chunk then, so a first visit's onboarding never downloads or evaluates it.
	 */
	shellWanted = $state(false);
	#storage: Storage | null = null;
	#crypto: Promise<Foundation> | null = null;
	#foundation: Foundation | null = null;
	#messenger: Messenger | null = null;
	contacts = $state.raw<ContactActions | null>(null);
	directory = $state.raw<DirectoryState | null>(null);
	messages = $state.raw<MessageActions | null>(null);
	groups = $state.raw<GroupActions | null>(null);
	/** The group thread's class: loaded with the group actions, after the messenger (not on a first paint). */
	#GroupThread: typeof GroupThreadState | null = null;
	settings = $state.raw<SettingsActions | null>(null);
	/** The anonymized dataset export (docs/DATASET.md); null until the messenger runs. */
	datasetExporter = $state.raw<DatasetExporter | null>(null);
	/** Settings' Backup section (docs/BACKUP.md); its code loads after the messenger's. */
	backup = $state.raw<BackupActions | null>(null);
	/** "No backup for N days" in the shell (issue 15, item 4); null: none due, or the reminder is off. */
	backupReminder = $state.raw<ReminderNotice | null>(null);
	#restore: Pick<BackupRunner, 'cancel'> | null = null;
	/** The piece-file worker is started once, when there is an identity (boot.ts startPieceFiles). */
	#piecesStarted = false;
	/** Settings → Transfer (the old device's side); loaded after the messenger. */
	transfer = $state.raw<TransferActions | null>(null);
	/** A `#transfer=` link opened this page (taken from the address bar at once); null: none. */
	transferLink = $state<{ code: TransferCode | null } | null>(null);
	#tabs: TabNetwork | null = null;
	/** Files and images (issue 12): the cards' rows, progress, and what the user does to them. */
	files = $state.raw<FileActions | null>(null);
	/** Voice-message transcripts made on this device (issue 13); its code loads after the messenger's. */
	transcripts = $state.raw<TranscriptService | null>(null);
	/** Full-text search over all messages; null until the identity exists. */
	search = $state.raw<SearchState | null>(null);
	/** Notification permission and settings; null until the messenger runs. */
	notify = $state.raw<NotifyState | null>(null);
	#thread: ThreadState | null = null;

	async init(): Promise<void> {
		try {
			this.#takeTransferLink();
			this.invite = parseFragment(location.hash);
			this.brokenLink = isDamagedContactFragment(location.hash);
			// From the start: a link opened while the messenger is still starting must be seen too.
			addEventListener('hashchange', () => {
				if (this.#takeTransferLink()) return;
				const invite = parseFragment(location.hash);
				if (invite) this.invite = invite;
				else if (isDamagedContactFragment(location.hash)) this.brokenLink = true;
			});
			this.#storage = await openStorage();
			this.conversations.follow(this.#storage.db);
			const row = this.#storage.identityRow;
			const dbName = this.#storage.db.name;
			// The identity moved to another device in this tab's absence, or in another tab now.
			addEventListener('storage', (event) => {
				if (event.key === RETIRED_STORAGE_KEY && isRetired(dbName)) this.phase = 'retired';
			});
			if (row && isRetired(dbName)) {
				this.phase = 'retired';
				return;
			}
			// The new device may already use the identity: ask before going online with it.
			if (row && isInterrupted(dbName)) {
				this.phase = 'interrupted';
				return;
			}
			// Before libsodium and the messenger: loading the saved search index takes longest.
			if (row) this.#startSearch(this.#storage.db);
			if (row) await this.#enter(row.displayName, row);
			else this.phase = 'onboarding';
		} catch (error) {
			this.failure = describe(error);
			this.phase = 'failed';
		}
	}

	/**
	 * Starts loading what creating an identity needs (libsodium, the main screen's chunk) without
	 * waiting for it: onboarding calls this on the first keystroke, so the first paint never
	 * competes with libsodium's download and initialisation. Safe to call repeatedly.
	 */
	prepareIdentity(): void {
		this.shellWanted = true;
		this.#withCrypto()?.catch(() => undefined);
	}

	/** libsodium on top of the open storage, loaded once; null before storage is open. */
	#withCrypto(): Promise<Foundation> | null {
		const storage = this.#storage;
		if (!storage) return null;
		this.#crypto ??= addCrypto(storage).then((foundation) => (this.#foundation = foundation));
		return this.#crypto;
	}

	async createIdentity(displayName: string): Promise<void> {
		const name = cleanName(displayName);
		if (!name) return;
		this.prepareIdentity();
		const foundation = await this.#withCrypto();
		if (!foundation) return;
		const row = await createSelf(foundation, name);
		await this.#enter(row.displayName, row);
	}

	/**
	 * Restores a backup file on a device without an identity: into a new database, which becomes
	 * the app's only once the whole file is read and checked; then the page reloads onto it. On
	 * any failure it throws (BackupRunFailed) and nothing was changed.
	 */
	async restoreBackup(file: Blob, passphrase: string, onProgress: (done: number, total: number) => void, onFinishing?: () => void): Promise<void> {
		if (this.#storage?.identityRow) throw new Error('this device already has an identity');
		// The form shows Cancel at once, before the runner's code has loaded: a press then is kept.
		let cancelled = false;
		this.#restore = { cancel: () => (cancelled = true) };
		try {
			const { BackupRunner, BackupRunFailed } = await import('./backup-runner');
			if (cancelled) throw new BackupRunFailed('cancelled', 'cancelled before the restore began');
			const runner = (this.#restore = new BackupRunner());
			await runner.restore(file, passphrase, onProgress, onFinishing);
		} finally {
			this.#restore = null;
		}
		location.reload();
	}

	/**
	 * The new device's side of a transfer: the old device's history into a new database, which
	 * becomes the app's once all of it checked out; then the page reloads onto it. Throws with
	 * nothing changed on any failure (transferFailureText says what to tell the user).
	 */
	async receiveTransfer(code: TransferCode, onProgress: (done: number, total: number) => void): Promise<void> {
		if (this.#storage?.identityRow) throw new Error('this device already has an identity');
		const foundation = await this.#withCrypto();
		if (!foundation) throw new Error('still starting up');
		const { receiveFromOtherDevice } = await import('./transfer-actions');
		await receiveFromOtherDevice(foundation.sodium, code, onProgress);
		location.reload();
	}

	/** The retired screen's "Erase this device": the old copy of the identity goes, this browser starts afresh. */
	async eraseRetired(): Promise<void> {
		const storage = this.#storage;
		if (!storage || !isRetired(storage.db.name)) return;
		const { eraseRetiredDevice } = await import('../app/erase-retired');
		await eraseRetiredDevice(storage.db);
		location.reload();
	}

	/** The answer to the question a reload during a transfer's last step asks (phase 'interrupted'). */
	answerInterrupted(retire: boolean): void {
		const storage = this.#storage;
		if (!storage || this.phase !== 'interrupted') return;
		if (retire) this.#retire(storage.db);
		clearInterrupted();
		if (!retire) location.reload();
	}

	#retire(db: Storage['db']): void {
		// The synchronous lock first; the setting and the screen follow.
		markRetired(db.name);
		this.#tabs?.gate.recheck();
		void putSetting(db, RETIRED_SETTING, Date.now()).catch(() => undefined);
		this.phase = 'retired';
	}

	/** Takes a `#transfer=` link off the address bar (the secret must not linger there); true if there was one. */
	#takeTransferLink(): boolean {
		const taken = takeTransferFragment(location.hash);
		if (!taken) return false;
		history.replaceState(history.state, '', location.pathname + location.search);
		this.transferLink = { code: taken.code };
		return true;
	}

	cancelRestore(): void {
		this.#restore?.cancel();
	}

	/** Returns an error to show next to the field, or null when the contact was added. */
	async addContact(input: string, nickname?: string): Promise<string | null> {
		const ref = parseContactInput(input);
		if (!ref) return 'That is not a Parley id or contact link.';
		if (!this.self) return 'Still starting up, try again in a moment.';
		if (ref.peerId === this.self.peerId) return 'That is your own id.';
		const row = await this.#save(ref.peerId, { nickname, suggestedName: ref.name });
		this.select(ref.peerId);
		return row?.state === 'blocked' ? 'You blocked this person. Adding them does not unblock them; use Unblock in the conversation.' : null;
	}

	/** Adds the person a contact link names, unless the user blocked them (the dialog says so). */
	async acceptInvite(): Promise<void> {
		const invite = this.invite;
		this.dismissInvite();
		if (invite && invite.peerId !== this.self?.peerId) {
			await this.#save(invite.peerId, { suggestedName: invite.name });
			this.select(invite.peerId);
		}
	}

	/** Lifts a block because the user said so (a link alone never does), then opens the conversation. */
	async unblockInvite(): Promise<void> {
		const invite = this.invite;
		this.dismissInvite();
		if (invite && this.contacts) {
			await this.contacts.unblock(invite.peerId);
			this.select(invite.peerId);
		}
	}

	/** Names from links are suggestions (see saveContact); a name the user typed is theirs. */
	async #save(peer: PeerId, names: { nickname?: string; suggestedName?: string }) {
		const foundation = this.#foundation;
		if (!foundation) return null;
		// Through the messenger, so admission knows the contact at once (reach "my contacts" would
		// refuse them otherwise). Before the messenger runs, its start loads contacts and dials them.
		if (this.contacts) return this.contacts.add(peer, names);
		return saveContact(foundation.db, { peerId: peer, placeholderName: shortPeerId(peer), ...names, now: Date.now() });
	}

	/** Deletes every message and edit a conversation stored; a blocked person stays blocked. */
	async deleteConversation(peer: PeerId): Promise<void> {
		const foundation = this.#foundation;
		if (!foundation) return;
		const result = await deleteConversation(foundation.db, peer);
		this.search?.unindexMessages(result.messageIds);
		if (result.personRemoved && this.selected === peer) this.select(null);
	}

	/** What people with no conversation in the list left here (see listStrayData); read on demand. */
	async strayData(): Promise<StrayData[]> {
		return this.#foundation ? listStrayData(this.#foundation.db) : [];
	}

	async deleteStrayData(strays: readonly StrayData[]): Promise<void> {
		for (const stray of strays) await this.deleteConversation(stray.peerId);
	}

	async setReach(mode: ReachMode): Promise<void> {
		this.reach = mode;
		await this.#messenger?.setReach(mode);
	}

	/** Takes signalling back from the other tab or device (which is then the one told it was replaced). */
	useHere(): void {
		this.displaced = false;
		this.#messenger?.nudge();
	}

	dismissInvite(): void {
		this.invite = null;
		this.brokenLink = false;
		history.replaceState(null, '', location.pathname + location.search);
	}

	select(peer: PeerId | GroupId | null): void {
		this.settingsView = null;
		this.selected = peer;
		if (peer && !parseGroupId(peer)) this.#messenger?.connect(peer as PeerId);
	}

	/** A person's name as this device shows it: "You", their nickname or profile name, else a short id. */
	nameOf(peer: string): string {
		if (peer === this.self?.peerId) return 'You';
		const user = this.conversations.current.find((c) => c.user.peerId === peer)?.user;
		return user ? shownName(user).text : shortPeerId(peer as PeerId);
	}

	/** Opens a conversation at one message (a search hit): the thread scrolls to `focusMessage`. */
	openMessage(conversationId: string, messageId: string): void {
		this.select(parseGroupId(conversationId) ?? (conversationId as PeerId));
		this.focusMessage = messageId;
	}

	/** The open conversation's state, rebuilt only when the selection changes. */
	get thread(): ThreadState | null {
		const peer = this.selected;
		// Read first, so a conversation picked before the messenger ran opens once it does: the
		// actions are set (reactively) right after the messenger, which itself is not reactive.
		const groups = this.groups;
		const foundation = this.#foundation;
		const messenger = this.#messenger;
		if (!peer || !foundation || !messenger) return null;
		if (this.#thread?.peer !== peer) {
			// The closed conversation stops following the change feed.
			this.#thread?.close();
			const group = parseGroupId(peer);
			const GroupThread = this.#GroupThread;
			// A group opens once its code has loaded (`groups` is set then, reactively).
			if (group && (!groups || !GroupThread)) return null;
			this.#thread = group && groups && GroupThread ? new GroupThread(foundation.db, messenger, group, groups.api) : new ThreadState(foundation.db, messenger, peer as PeerId);
		}
		return this.#thread;
	}

	presenceOf(peer: PeerId | GroupId): Presence {
		return this.presence.get(peer) ?? 'offline';
	}

	async #enter(displayName: string, row: NonNullable<Storage['identityRow']>): Promise<void> {
		this.shellWanted = true;
		if (this.#storage && !this.#piecesStarted) {
			this.#piecesStarted = true;
			startPieceFiles(this.#storage.db);
		}
		// A return visit shows the app (list, search) from the kept peer id while libsodium loads.
		const kept = storedPeerId(row);
		if (kept) this.#showSelf(displayName, kept);
		const foundation = await this.#withCrypto();
		if (!foundation) return;
		const identity = identityOf(foundation, row);
		if ((await getSetting<unknown>(foundation.db, RETIRED_SETTING, null).catch(() => null)) !== null) {
			markRetired(foundation.db.name);
			this.phase = 'retired';
			return;
		}
		this.#showSelf(displayName, identity.peerId);
		this.#startSearch(foundation.db);
		// The group state's code is its own chunk, fetched alongside the messenger's (a first visit never needs it).
		const groupCode = Promise.all([import('./group-actions'), import('./group-thread-state.svelte')]).catch((error: unknown) => {
			console.error('could not load the group code', error);
			return null;
		});
		const { messenger, relay, relayControl, tabs } = await connectMessenger(foundation, identity, () => this.self?.displayName ?? displayName);
		this.relay = relay;
		this.#relayControl = relayControl;
		this.hideIp = relayControl.relayOnly;
		this.relayProblem = relayControl.relayProblem;
		relayControl.on('relay', (problem) => (this.relayProblem = problem));
		relayControl.onRelayOnly((hide) => (this.hideIp = hide));
		tabs.onOwnerChange((owner) => (this.otherTab = !owner));
		this.#tabs = tabs;
		this.#messenger = messenger;
		this.contacts = new ContactActions(foundation.db, foundation.sodium, messenger);
		this.directory = new DirectoryState(foundation.db, foundation.sodium, identity);
		this.messages = new MessageActions(foundation.db, messenger);
		this.files = new FileActions(foundation.db, messenger, messenger.events);
		void this.#startTranscripts(foundation.db, tabs);
		void groupCode.then((code) => {
			if (!code) return;
			const [{ GroupActions }, { GroupThreadState }] = code;
			this.#GroupThread = GroupThreadState;
			this.groups = new GroupActions(foundation.db, messenger);
		});
		this.settings = new SettingsActions(foundation.db, messenger, (name) => this.#showSelf(name, identity.peerId));
		this.datasetExporter = new DatasetExporter(foundation.db, foundation.sodium);
		void import('./transfer-actions').then(({ TransferActions }) => {
			this.transfer = new TransferActions(foundation.db, foundation.sodium, {
				pause: () => tabs.gate.hold(true),
				resume: () => tabs.gate.hold(false),
				retire: () => this.#retire(foundation.db)
			});
			// Remembered across a reload from the last chunk on (retired-device.ts).
			this.transfer.watch((state) => followTransferState(foundation.db.name, state));
		});
		void import('./backup-actions').then(({ BackupActions }) => {
			this.backup = new BackupActions(foundation.db);
			void this.checkBackupReminder();
			// A tab left open for weeks: the reminder still comes.
			setInterval(() => void this.checkBackupReminder(), REMINDER_CHECK_MS);
		});
		this.notify = new NotifyState(
			new Notifier({ db: foundation.db, storage: localStorageIfAny(), owner: () => tabs.owner.owner, openChat: () => this.selected, open: (peer) => this.select(peer as PeerId) })
		);
		messenger.events.on('transport', (state, detail) => {
			this.transport = state;
			this.transportProblem = nextProblem(this.transportProblem, state, detail);
			if (detail === 'replaced') this.displaced = true;
			else if (state === 'online') this.displaced = false;
		});
		messenger.events.on('presence', (peer, presence) => this.presence.set(peer, presence));
		messenger.events.on('warning', (peer, reason) => {
			const contact = this.conversations.current.find((c) => c.user.peerId === peer)?.user;
			const who = contact ? shownName(contact).text : shortPeerId(peer as PeerId);
			this.warning = `${who}: ${WARNINGS[reason] ?? `connection refused (${reason}).`}`;
		});
		await messenger.start();
		// Queued only now: a tab that gets the lock at once starts the network with its settings loaded.
		this.otherTab = !tabs.owner.owner;
		tabs.owner.claim();
		tabs.watchPage(document, window);
		this.invisible = messenger.invisible;
		this.readReceipts = messenger.readReceipts;
		this.researchConsent = messenger.researchConsent;
		this.reach = messenger.reach;
		this.transport = messenger.transportState;
		this.#watchNetwork(messenger);
		onOutboxSyncRequest(() => {
			if (!this.displaced) messenger.flushAll();
		});
		// Only the test build (`vite build --mode test`) has this branch: in production MODE is a
		// constant, the branch is dead and the hooks' chunk is never emitted (scripts/check-bundle.mjs).
		if (import.meta.env.MODE === 'test') {
			const { installTestHooksIfAsked } = await import('../app/test-hooks');
			installTestHooksIfAsked(foundation.db, messenger, { focusMessage: (id) => (this.focusMessage = id) });
		}
	}

	async #startTranscripts(db: Storage['db'], tabs: { onOwnerChange(listener: (owner: boolean) => void): () => void; owner: { owner: boolean } }): Promise<void> {
		try {
			const [{ TranscriptService }, { BUILT_SPEECH_ASSETS, speechFiles }] = await Promise.all([import('./transcripts.svelte'), import('../speech/speech-assets')]);
			const transcripts = new TranscriptService(db, speechFiles(BUILT_SPEECH_ASSETS));
			this.transcripts = transcripts;
			await transcripts.start({ resume: false });
			// The saved list is the owner tab's to take up: now, or when this tab becomes the owner.
			tabs.onOwnerChange((owner) => {
				if (owner) void transcripts.resume();
			});
			if (tabs.owner.owner) await transcripts.resume();
		} catch (error) {
			console.error('transcripts: could not start', error);
		}
	}

	#showSelf(displayName: string, peerId: PeerId): void {
		this.self = { peerId, displayName, link: contactLink(location.origin, peerId, displayName) };
		this.phase = 'ready';
	}

	/** Starts the search worker at once (loading a saved index takes a moment); it never blocks entering. */
	#startSearch(db: Storage['db']): void {
		if (this.search) return;
		// The worker and the saved index's read began at boot. The row read then is only used by
		// a start with the identity it was read for; after onboarding the search reads again.
		const boot = this.#storage?.searchStart;
		const atBoot = boot && this.#storage?.identityRow ? boot.savedIndex : undefined;
		const search = new SearchState(db, boot?.worker ? new SearchClient(boot.worker) : undefined, { savedIndex: atBoot });
		this.search = search;
		search.start().then(
			// Counts and timings only, never message text: useful when a start feels slow.
			(report) => console.info(`search: index ready in ${Math.round(report.totalMs)} ms (loaded ${report.loaded} in ${Math.round(report.loadMs)} ms, fed ${report.fed}, repaired ${report.repaired})`),
			(error: unknown) => console.error('search: could not start', error)
		);
		// Hidden is the last moment a page reliably gets; a save after that is best effort, and
		// the next start catches up from the database anyway.
		document.addEventListener('visibilitychange', () => {
			if (document.visibilityState === 'hidden') void search.save();
		});
	}

	/** Re-reads whether the backup reminder is due: at start, hourly, after a backup or a new choice. */
	async checkBackupReminder(): Promise<void> {
		if (this.backup) this.backupReminder = await this.backup.reminderNotice(Date.now());
	}

	/** The reminder's "Later": hidden for one interval. */
	async snoozeBackupReminder(): Promise<void> {
		this.backupReminder = null;
		await this.backup?.snooze(Date.now());
	}

	async setReadReceipts(enabled: boolean): Promise<void> {
		this.readReceipts = enabled;
		await this.#messenger?.setReadReceipts(enabled);
	}

	async setResearchConsent(consent: boolean): Promise<void> {
		this.researchConsent = consent;
		await this.#messenger?.setResearchConsent(consent);
	}

	/** Relays every call through the server's TURN relay, so contacts never see this device's IP address. */
	async setHideIp(hide: boolean): Promise<void> {
		this.hideIp = hide;
		this.#relayControl?.setRelayOnly(hide);
		if (this.#storage) await putSetting(this.#storage.db, HIDE_IP_SETTING, hide);
	}

	async setInvisible(invisible: boolean): Promise<void> {
		this.invisible = invisible;
		await this.#messenger?.setInvisible(invisible);
	}

	/** Browser network events and wake-ups trigger an immediate reconnect instead of waiting out backoff. */
	#watchNetwork(messenger: Messenger): void {
		this.browserOnline = navigator.onLine;
		// A displaced tab stays down until the user picks "Use Parley here": reconnecting on its
		// own would take the identity back from the other tab, which would then take it back.
		const nudge = () => {
			if (!this.displaced) messenger.nudge();
		};
		addEventListener('online', () => {
			this.browserOnline = true;
			nudge();
		});
		addEventListener('offline', () => (this.browserOnline = false));
		// Closing channels as the page goes away tells peers at once, instead of after heartbeats.
		addEventListener('pagehide', () => messenger.connections.disconnectAll());
		addEventListener('pageshow', (event) => {
			if (event.persisted) nudge();
		});
		document.addEventListener('visibilitychange', () => {
			if (document.visibilityState === 'visible') nudge();
		});
	}
}

/** Reading `localStorage` throws where storage is blocked (some privacy settings). */
function localStorageIfAny(): typeof localStorage | undefined {
	try {
		return localStorage;
	} catch {
		return undefined;
	}
}

function describe(error: unknown): string {
	if (error instanceof Error && error.name === 'QuotaExceededError') return 'This browser has no storage space left for Parley.';
	return error instanceof Error ? error.message : String(error);
}

/** How often an open tab asks whether the backup reminder has come due. */
const REMINDER_CHECK_MS = 60 * 60 * 1000;

const KEY = Symbol('app-state');

export function provideApp(state: AppState): AppState {
	return setContext(KEY, state);
}

export function useApp(): AppState {
	return getContext<AppState>(KEY);
}
