import type { ChatDb } from '../db/chat-db';
import type { StoredChanges } from '../db/change-feed';
import { newestStoredTime } from '../db/clock-queries';
import { parsePeerId, type PeerId } from '../ids/peer-id';
import type { Messenger } from '../messenger/messenger';
import type { Transport } from '../net/transport';
import { HybridClock } from '../util/monotonic-clock';
import { FeedMirror, mirrorChannelName, type MirrorChannel } from './feed-mirror';
import { NetworkGate } from './network-gate';
import { OwnerWatch, type BeaconChannel } from './owner-watch';
import { TabOwner, type LockRequester } from './tab-owner';

export interface TabNetworkOptions {
	db: ChatDb;
	transport: Transport;
	/** Absent where the browser has no Web Locks: then this tab simply owns the network. */
	locks?: LockRequester;
	/** Absent where the browser has no BroadcastChannel: then tabs do not follow each other live. */
	channel?: MirrorChannel;
	/** Where the owner says it is alive, so a frozen owner can be replaced (owner-watch.ts). */
	beacon?: BeaconChannel;
	/** Whether the user is looking at this tab (only such a tab takes the network from a silent owner). */
	visible?: () => boolean;
	wall?: () => number;
	/** False once the identity lives on another device (retired-device.ts): the gate stays shut. */
	usable?: () => boolean;
}

/**
 * How one tab shares the identity with the other tabs of this browser: the clock that orders
 * what it stores, the gate that lets only the owner tab on the network, and the change mirror.
 * The owner sends whatever another tab wrote as soon as the mirror tells it.
 */
export class TabNetwork {
	readonly gate: NetworkGate;
	readonly owner: TabOwner;
	#listeners = new Set<(owner: boolean) => void>();
	#mirror: FeedMirror | null;
	#watch: OwnerWatch | null;
	private readonly db: ChatDb;

	private constructor(
		options: TabNetworkOptions,
		readonly clock: HybridClock
	) {
		const { db, channel, beacon } = options;
		this.db = db;
		this.gate = new NetworkGate(options.transport, options.usable);
		this.owner = new TabOwner(options.locks, (owner) => {
			this.gate.setOwner(owner);
			for (const listener of this.#listeners) listener(owner);
		});
		this.#mirror = channel ? new FeedMirror(db.changes, channel) : null;
		this.#watch = beacon && options.locks ? new OwnerWatch(this.owner, beacon, options.visible ?? (() => true)) : null;
		// Times other tabs stored: readings here must come after them, or this tab's next message
		// could sort above the other tab's newest one.
		db.changes.subscribe((changes) => {
			if (changes.remote) for (const time of storedTimes(changes)) clock.observe(time);
		});
	}

	/** Starts the clock above everything this device stored, so it never goes back across restarts. */
	static async open(options: TabNetworkOptions): Promise<TabNetwork> {
		const floor = await newestStoredTime(options.db);
		return new TabNetwork(options, new HybridClock(options.wall, floor));
	}

	onOwnerChange(listener: (owner: boolean) => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/** While this tab owns the network, rows other tabs wrote for a peer go out at once. */
	follow(messenger: Messenger): () => void {
		return this.db.changes.subscribe((changes) => {
			if (!changes.remote || !this.owner.owner) return;
			const peers = new Set<PeerId>();
			// Only well-formed ids are dialled: the mirror checked shapes, not that ids are ids.
			for (const row of changes.messages) if (row.direction === 'out' && parsePeerId(row.peerId) === row.peerId) peers.add(row.peerId);
			for (const peer of peers) messenger.sendPending(peer);
		});
	}

	/**
	 * A frozen or cached page runs no code, so it must not keep the network: it lets go as it is
	 * frozen or hidden away and queues again when it comes back. A closed or discarded page loses
	 * the lock by itself.
	 */
	watchPage(target: Pick<Document, 'addEventListener'>, page: Pick<Window, 'addEventListener'>): void {
		target.addEventListener('freeze', () => this.owner.release());
		target.addEventListener('resume', () => this.owner.claim());
		page.addEventListener('pagehide', () => this.owner.release());
		page.addEventListener('pageshow', () => this.owner.claim());
	}

	close(): void {
		this.owner.release();
		this.#mirror?.close();
		this.#watch?.close();
	}
}

function storedTimes(changes: StoredChanges): number[] {
	return [...changes.messages.map((row) => row.time), ...(changes.users ?? []).map((user) => user.lastActivity)];
}

/** The browser's Web Locks and BroadcastChannels, where they exist. */
export function browserTabServices(dbName: string): Pick<TabNetworkOptions, 'locks' | 'channel' | 'beacon' | 'visible'> {
	const channels = typeof BroadcastChannel !== 'undefined';
	return {
		locks: typeof navigator !== 'undefined' && navigator.locks ? navigator.locks : undefined,
		channel: channels ? new BroadcastChannel(mirrorChannelName(dbName)) : undefined,
		beacon: channels ? new BroadcastChannel(`parley-network:${dbName}`) : undefined,
		visible: () => document.visibilityState === 'visible'
	};
}
