import type { ChangeFeed } from '../db/change-feed';
import { fromPost, toPost } from './mirrored-changes';

/** The part of BroadcastChannel used here (a fake, or a real one in Node, in unit tests). */
export interface MirrorChannel {
	postMessage(data: unknown): void;
	addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
	close(): void;
}

export function mirrorChannelName(dbName: string): string {
	return `parley-changes:${dbName}`;
}

/**
 * Mirrors the in-process change feed across the tabs of this origin: each committed local change
 * is posted on a BroadcastChannel, and what other tabs post is checked (mirrored-changes.ts) and
 * published here as `remote: true`. Remote changes are never posted again, so a change crosses
 * each tab once and two tabs cannot echo one forever. Posting a structured clone of the rows
 * costs far less than the write that produced them.
 */
export class FeedMirror {
	#stop: () => void;
	#dropped = 0;

	constructor(
		private readonly feed: ChangeFeed,
		private readonly channel: MirrorChannel
	) {
		this.#stop = feed.subscribe((changes) => {
			if (changes.remote) return;
			try {
				channel.postMessage(toPost(changes));
			} catch (error) {
				// A closed channel or an uncloneable row: other tabs miss a live update, not data.
				console.error('could not mirror a change to other tabs', error);
			}
		});
		channel.addEventListener('message', (event) => {
			const changes = fromPost(event.data);
			if (changes) feed.publish(changes);
			else this.#dropped += 1;
		});
	}

	/** Posts from other tabs that failed the checks (diagnostics). */
	get dropped(): number {
		return this.#dropped;
	}

	close(): void {
		this.#stop();
		this.channel.close();
	}
}
