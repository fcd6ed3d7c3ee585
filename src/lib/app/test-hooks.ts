import type { ChatDb } from '../db/chat-db';
import { dumpTables } from '../db/table-dump';
import { allSentMessages } from '../db/delivery-marks';
import { bulkSeed, latestMessages, olderPage } from '../db/thread-queries';
import { parseGroupId, type GroupId } from '../group/group-ids';
import type { PeerId } from '../ids/peer-id';
import type { MessageId } from '../ids/message-id';
import { deliveryCounts } from '../db/group-outbox';
import type { Messenger } from '../messenger/messenger';
import type { AppFrame } from '../protocol/frames';

/**
 * Browser tests that push thousands of messages drive the same Messenger the composer uses,
 * through this handle. It is built only into the test build (`npm run build:test`), and even
 * there exists only when the tester sets the localStorage flag below.
 */
export const TEST_HOOKS_KEY = 'parley-test-hooks';

export interface ParleyTestHooks {
	peerId: string;
	/** Sends to a contact, or to a group when `peer` is a group id. */
	send(peer: string, text: string): Promise<string>;
	/** Creates a group with these members (peer ids); resolves to its id. */
	createGroup(name: string, members: string[]): Promise<string>;
	/** Ids of the groups this device holds and is a member of. */
	groups(): Promise<string[]>;
	addContact(peer: string): Promise<void>;
	setInvisible(invisible: boolean): Promise<void>;
	/** Puts any frame on the sealed channel to `peer`, as a misbehaving client would. */
	sendFrame(peer: string, frame: unknown): boolean;
	stats(): Promise<{
		pending: number;
		sent: number;
		received: { peerId: string; conversationId: string; seq: number; text: string; time: number }[];
	}>;
	/** Writes a synthetic history straight into IndexedDB (see bulkSeed): big conversations in seconds. */
	seedHistory(
		peer: string,
		count: number,
		options?: { start?: number; step?: number; name?: string; firstIndex?: number; unread?: boolean; realIds?: boolean }
	): Promise<{ first: number; last: number; idPrefix: string }>;
	/** Who may reach us (the hostile-signalling tests). */
	setReach(mode: 'contacts' | 'anyone'): Promise<void>;
	block(peer: string): Promise<void>;
	/** Counts of PeerJS's signalling bookkeeping (connections, live RTCPeerConnections, parked messages, drops). */
	signalling(): Readonly<Record<string, number>>;
	/** Raw Dexie timings in this page, ms per run: the newest `latest[i]` messages, and a `page`-row older page from `before`. */
	historyTimings(peer: string, options: { runs: number; latest: number[]; before: number; page: number }): Promise<{ latest: number[][]; olderPage: number[] }>;
	/** What a search result does: asks the open thread to scroll to and highlight a message. */
	focusMessage(id: string): void;
	/** Groups (the 4-peer e2e): the GroupApi of the page's messenger, ids as plain strings. */
	sendGroup(group: string, text: string): Promise<string>;
	addGroupMember(group: string, member: string): Promise<void>;
	removeGroupMember(group: string, member: string): Promise<void>;
	leaveGroup(group: string): Promise<void>;
	editMessage(id: string, text: string): Promise<boolean>;
	/** Files (PROTOCOL §13): sends `size` made-up bytes as one file (a contact or a group); resolves to the message id. */
	sendFile(peer: string, size: number, name: string): Promise<string>;
	/** The file row of a message on this page: state, chunks held, the fileProgress events heard for it and the most bytes served by this page load. */
	fileState(id: string): Promise<{ state: string; size: number; chunks: number; held: number; progress: number; served: number } | null>;
	/** What this page holds of a group: texts per author in seq order, and my messages' delivery per member. */
	groupStats(group: string): Promise<{
		received: { author: string; seq: number; text: string }[];
		sent: { id: string; text: string; status: string; delivered: number; total: number }[];
		members: string[];
	}>;
	/** Why copies are still pending: per member owed a copy, how many and the lowest seq, and that member's channel as this page sees it. */
	deliveryDebug(): Promise<{
		transport: string;
		/** PeerJS's signalling bookkeeping and the OFFERs its guard dropped (as `signalling()`). */
		signalling: Readonly<Record<string, number>>;
		owed: { member: string; copies: number; lowestSeq: number; channel: { readyMsAgo: number; silentMs: number; open: boolean } | null; dialing: boolean }[];
	}>;
	/** Speech (issue 13): loads the model in the speech worker the voice UI uses. */
	speechPrepare(): Promise<{ fromCache: boolean; loadMs: number }>;
	/** Transcribes raw 16 kHz mono Float32 PCM fetched from `url` in the speech worker. */
	speechTranscribe(url: string): Promise<{ text: string; computeMs: number; audioSeconds: number }>;
	/**
	 * The page's whole path for an audio file fetched from `url`, as the transcript service takes
	 * it: Web Audio decode and mixing (`decodeAudioFile`), transfer, the worker. `decodeMs`: the
	 * page part, until the PCM is handed over.
	 */
	speechTranscribeFile(url: string): Promise<{ text: string; computeMs: number; audioSeconds: number; decodeMs: number }>;
	/** Every row of every table, bytes as hex (the backup test compares devices row by row). */
	dumpTables(): Promise<Record<string, unknown[]>>;
}

/** What the hooks may do to the app itself (the rest goes through the database and messenger). */
export interface AppHooks {
	focusMessage(id: string): void;
}

export function installTestHooksIfAsked(db: ChatDb, messenger: Messenger, app: AppHooks): void {
	if (localStorage.getItem(TEST_HOOKS_KEY) === '1') installTestHooks(db, messenger, app);
}

function installTestHooks(db: ChatDb, messenger: Messenger, app: AppHooks): void {
	const progress = new Map<string, number>();
	const served = new Map<string, number>();
	messenger.events.on('fileProgress', (p) => {
		progress.set(p.messageId, (progress.get(p.messageId) ?? 0) + 1);
		if (p.direction === 'out') served.set(p.messageId, Math.max(served.get(p.messageId) ?? 0, p.bytes));
	});
	const hooks: ParleyTestHooks = {
		peerId: messenger.self.peerId,
		send: (peer, text) => {
			const group = parseGroupId(peer);
			return group ? messenger.sendGroupText(group, text) : messenger.sendText(peer as PeerId, text);
		},
		createGroup: (name, members) => messenger.createGroup(name, members as PeerId[]),
		groups: async () =>
			(await db.groups.toArray()).filter((group) => group.role === 'admin' || group.role === 'member').map((group) => group.id as GroupId),
		addContact: async (peer) => void (await messenger.addContact(peer as PeerId)),
		setInvisible: (invisible) => messenger.setInvisible(invisible),
		sendFrame: (peer, frame) => messenger.connections.send(peer as PeerId, frame as AppFrame),
		async stats() {
			const [sentRows, received] = await Promise.all([allSentMessages(db), db.receiver.toArray()]);
			return {
				pending: sentRows.filter((row) => row.status === 'pending').length,
				sent: sentRows.filter((row) => row.status !== 'pending').length,
				received: received.map(({ peerId, conversationId, seq, text, time }) => ({ peerId, conversationId, seq, text, time }))
			};
		},
		setReach: (mode) => messenger.setReach(mode),
		block: (peer) => messenger.block(peer as PeerId),
		signalling: () => messenger.signallingStats(),
		seedHistory: (peer, count, options) => bulkSeed(db, { conversationId: peer as PeerId, count, ...options }),
		async historyTimings(peer, { runs, latest, before, page }) {
			const timed = async (query: () => Promise<unknown>) => {
				const started = performance.now();
				await query();
				return performance.now() - started;
			};
			const result = { latest: latest.map(() => [] as number[]), olderPage: [] as number[] };
			for (let i = 0; i < runs; i++) {
				for (const [j, count] of latest.entries()) result.latest[j]!.push(await timed(() => latestMessages(db, peer, count)));
				result.olderPage.push(await timed(() => olderPage(db, peer, before, page)));
			}
			return result;
		},
		focusMessage: (id) => app.focusMessage(id),
		dumpTables: () => dumpTables(db),
		sendGroup: (group, text) => messenger.sendGroupText(group as GroupId, text),
		addGroupMember: (group, member) => messenger.addGroupMember(group as GroupId, member as PeerId),
		removeGroupMember: (group, member) => messenger.removeGroupMember(group as GroupId, member as PeerId),
		leaveGroup: (group) => messenger.leaveGroup(group as GroupId),
		editMessage: (id, text) => messenger.editMessage(id as MessageId, text),
		async sendFile(peer, size, name) {
			// Bytes that differ chunk to chunk, made here: nothing large crosses the test protocol.
			const bytes = new Uint8Array(size);
			for (let i = 0; i < size; i += 4096) bytes[i] = (i / 4096) & 0xff;
			const [id] = await messenger.sendFiles(peer, [{ blob: new Blob([bytes], { type: 'application/octet-stream' }), name }]);
			return id!;
		},
		async fileState(id) {
			const row = await db.files.get(id);
			if (!row) return null;
			return { state: row.state, size: row.size, chunks: row.chunks, held: row.have.reduce((n, [a, b]) => n + b - a, 0), progress: progress.get(id) ?? 0, served: served.get(id) ?? 0 };
		},
		async groupStats(group) {
			const range = [[group, -Infinity], [group, Infinity]] as const;
			const [sent, received, row] = await Promise.all([
				db.sender.where('[conversationId+time]').between(...range).toArray(),
				db.receiver.where('[conversationId+time]').between(...range).toArray(),
				db.groups.get(group)
			]);
			const counts = await deliveryCounts(db, sent.map((message) => message.id));
			return {
				received: received.map(({ peerId, seq, text }) => ({ author: peerId, seq, text })).sort((a, b) => (a.author < b.author ? -1 : a.author > b.author ? 1 : a.seq - b.seq)),
				sent: sent.map(({ id, text, status }) => ({ id, text, status, delivered: counts.get(id)?.delivered ?? 0, total: counts.get(id)?.total ?? 0 })),
				members: row ? [...row.state.members.keys()] : []
			};
		},
		async deliveryDebug() {
			const rows = await db.groupDelivery.where('[member+status+group+seq]').between([' ', 'pending', '', -Infinity], ['\uffff', 'pending', '\uffff', Infinity]).toArray();
			const owed = new Map<string, { copies: number; lowestSeq: number }>();
			for (const row of rows) {
				if (row.status !== 'pending') continue;
				const entry = owed.get(row.member) ?? { copies: 0, lowestSeq: Infinity };
				entry.copies += 1;
				entry.lowestSeq = Math.min(entry.lowestSeq, row.seq);
				owed.set(row.member, entry);
			}
			const now = Date.now();
			return {
				transport: messenger.transportState,
				signalling: messenger.signallingStats(),
				owed: [...owed].map(([member, entry]) => {
					const channel = messenger.connections.channel(member as PeerId);
					return {
						member,
						...entry,
						channel: channel ? { readyMsAgo: now - channel.readyAt, silentMs: now - channel.lastInbound, open: channel.link.isOpen } : null,
						dialing: messenger.connections.isDialing(member as PeerId)
					};
				})
			};
		},
		...speechHooks()
	};
	(globalThis as { __parley?: ParleyTestHooks }).__parley = hooks;
}

function speechHooks(): Pick<ParleyTestHooks, 'speechPrepare' | 'speechTranscribe' | 'speechTranscribeFile'> {
	let client: Promise<import('../speech/speech-client').SpeechClient> | null = null;
	const speech = () =>
		(client ??= (async () => {
			const [{ SpeechClient, createSpeechWorker }, { BUILT_SPEECH_ASSETS, speechFiles }] = await Promise.all([import('../speech/speech-client'), import('../speech/speech-assets')]);
			const files = speechFiles(BUILT_SPEECH_ASSETS);
			if (!files) throw new Error('this build has no speech model (scripts/prepare-speech.mjs)');
			return new SpeechClient(createSpeechWorker(), files);
		})());
	return {
		speechPrepare: async () => (await speech()).prepare(),
		async speechTranscribe(url) {
			const pcm = new Float32Array(await (await fetch(url)).arrayBuffer());
			return (await speech()).transcribe(pcm).result;
		},
		async speechTranscribeFile(url) {
			const [{ decodeAudioFile }, { MODEL_SAMPLE_RATE_HZ }] = await Promise.all([import('../media/audio-decode'), import('../speech/speech-limits')]);
			const blob = await (await fetch(url)).blob();
			const started = performance.now();
			const { pcm, sampleRate } = await decodeAudioFile(blob, MODEL_SAMPLE_RATE_HZ);
			const job = (await speech()).transcribe(pcm, { sampleRate });
			const decodeMs = performance.now() - started;
			return { ...(await job.result), decodeMs };
		}
	};
}
