import { checkRestoredFile, uncheckedFiles } from '../../db/restored-files';
import type { ChatDb } from '../../db/chat-db';
import type { Sodium } from '../../crypto/sodium';
import type { MessageId } from '../../ids/message-id';

export interface RestoredCheckDeps {
	db: ChatDb;
	sodium: Sodium;
	log: (event: string, detail: string) => void;
}

/**
 * Checks restored files (db/restored-files.ts) one at a time, in the background after start, so a
 * large library never holds start-up up; a file the user opens first (`first`) jumps the queue.
 */
export class RestoredFileCheck {
	readonly #deps: RestoredCheckDeps;
	readonly #queue: MessageId[] = [];
	/** The ids in #queue and the one being checked: start() queues a whole restored library, so "already queued?" is a lookup, not a scan. */
	readonly #queued = new Set<MessageId>();
	readonly #waiting = new Map<MessageId, (() => void)[]>();
	#running: Promise<void> | null = null;
	#stopped = false;

	constructor(deps: RestoredCheckDeps) {
		this.#deps = deps;
	}

	/** Queues every restored file not checked yet; resolves once they all are (or it stopped). */
	async start(): Promise<void> {
		for (const id of await uncheckedFiles(this.#deps.db)) {
			if (this.#queued.has(id)) continue;
			this.#queued.add(id);
			this.#queue.push(id);
		}
		return this.#run();
	}

	/** The user opens this file: it is checked next. Resolves once it has been. */
	first(id: MessageId): Promise<void> {
		// Stopped: nothing will run the queue again, so nobody may wait on it.
		if (this.#stopped) return Promise.resolve();
		const at = this.#queue.indexOf(id);
		if (at >= 0) this.#queue.splice(at, 1);
		this.#queued.add(id);
		this.#queue.unshift(id);
		const checked = new Promise<void>((resolve) => this.#waiting.set(id, [...(this.#waiting.get(id) ?? []), resolve]));
		void this.#run();
		return checked;
	}

	stop(): void {
		this.#stopped = true;
		this.#queue.length = 0;
		this.#queued.clear();
		for (const resolves of this.#waiting.values()) for (const resolve of resolves) resolve();
		this.#waiting.clear();
	}

	#run(): Promise<void> {
		this.#running ??= this.#drain().finally(() => {
			this.#running = null;
			// Queued after the last check but before this ran (first() found the old run): runs now.
			if (this.#queue.length > 0 && !this.#stopped) void this.#run();
		});
		return this.#running;
	}

	async #drain(): Promise<void> {
		for (let id = this.#queue.shift(); id !== undefined && !this.#stopped; id = this.#queue.shift()) {
			try {
				const outcome = await checkRestoredFile(this.#deps.db, this.#deps.sodium, id);
				if (outcome === 'damaged') this.#deps.log('restored-file-damaged', id);
			} catch (error) {
				this.#deps.log('restored-file-check-failed', String(error).slice(0, 200));
			}
			// Counted as queued until checked, so a start() that read the list meanwhile skips it.
			this.#queued.delete(id);
			for (const resolve of this.#waiting.get(id) ?? []) resolve();
			this.#waiting.delete(id);
		}
	}
}
