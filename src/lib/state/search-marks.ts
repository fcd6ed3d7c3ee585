import type { MessageTable } from '../db/search-queries';

export interface IndexedUpTo {
	sender: number;
	receiver: number;
	edits: number;
}

const NOTHING: IndexedUpTo = { sender: -Infinity, receiver: -Infinity, edits: -Infinity };

/**
 * How far the search index has read each table (`indexedUpTo`, saved with the index): every
 * row with an older `time` is in it, except rows placed behind a mark later (the count check
 * finds those). Also the bookkeeping that keeps catching up cheap: which rows sit exactly on a
 * mark, and which rows past the marks the worker already has from the change feed.
 */
export class IndexMarks {
	#upTo: IndexedUpTo = { ...NOTHING };
	/**
	 * Per mark, the ids at exactly the mark's time that were already fed: ranges are read
	 * inclusively (several rows may share a time), so these are skipped rather than fed again.
	 */
	#boundary: Record<keyof IndexedUpTo, Set<string>> = { sender: new Set(), receiver: new Set(), edits: new Set() };
	/**
	 * Rows handed to the worker live (from the change feed) that the marks have not passed yet,
	 * with their times: the next catch-up reads them to move the marks but does not post them
	 * again, so a burst is indexed once, not once live and again at the next save.
	 */
	#fedLive: Record<MessageTable, Map<string, number>> = { sender: new Map(), receiver: new Map() };

	get upTo(): Readonly<IndexedUpTo> {
		return this.#upTo;
	}

	/**
	 * Starts over from saved marks (or from nothing, for a rebuild). `onMark`: the ids saved as
	 * sitting exactly on each mark; without them the next catch-up feeds those rows again.
	 */
	reset(upTo: IndexedUpTo = NOTHING, onMark: Partial<Record<keyof IndexedUpTo, readonly string[]>> = {}): void {
		this.#upTo = { ...upTo };
		this.#boundary = { sender: new Set(onMark.sender), receiver: new Set(onMark.receiver), edits: new Set(onMark.edits) };
		this.#fedLive = { sender: new Map(), receiver: new Map() };
	}

	/** The ids sitting exactly on each mark, to save next to the marks. */
	onMarkIds(): Record<keyof IndexedUpTo, string[]> {
		return { sender: [...this.#boundary.sender], receiver: [...this.#boundary.receiver], edits: [...this.#boundary.edits] };
	}

	/** Already fed at exactly the mark's time (a range read returns it again). */
	onMark(mark: keyof IndexedUpTo, id: string): boolean {
		return this.#boundary[mark].has(id);
	}

	onMarkCount(mark: keyof IndexedUpTo): number {
		return this.#boundary[mark].size;
	}

	/** Moves a mark to the newest of `items` (just fed), remembering who sits exactly on it. */
	advance(mark: keyof IndexedUpTo, items: readonly { id: string; time: number }[]): void {
		const newest = items.reduce((top, item) => Math.max(top, item.time), -Infinity);
		if (newest < this.#upTo[mark]) return;
		const atNewest = items.filter((item) => item.time === newest).map((item) => item.id);
		if (newest > this.#upTo[mark]) this.#boundary[mark] = new Set(atNewest);
		else for (const id of atNewest) this.#boundary[mark].add(id);
		this.#upTo[mark] = newest;
	}

	/** A row the worker got from the change feed; rows behind the mark need no note. */
	fedLive(table: MessageTable, id: string, time: number): void {
		if (time >= this.#upTo[table]) this.#fedLive[table].set(id, time);
	}

	/** True (once) when a row a catch-up read was already fed live: move the mark, skip the post. */
	takeLive(table: MessageTable, id: string): boolean {
		return this.#fedLive[table].delete(id);
	}

	/** Forgets live rows the mark has passed without reading them (stored with an older time). */
	pruneLive(table: MessageTable): void {
		const live = this.#fedLive[table];
		for (const [id, time] of live) if (time < this.#upTo[table]) live.delete(id);
	}
}
