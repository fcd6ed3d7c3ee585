import { RateLimiter } from '../directory/rate-limit';
import type { DirectoryStore } from '../directory/store';
import { outranks, type Holder, type Presence, type PresenceClaim, type RateCounter, type SharedState, type UsedTokens } from './shared-state';

/**
 * Most remembered tokens or presence records: past it the oldest are forgotten first (a token
 * could then be replayed for the rest of its window, see MAX_REMEMBERED_TOKENS).
 */
const MAX_ENTRIES = 100_000;

/** The embedded store: this process's memory, and the directory's local file. */
export class MemoryState implements SharedState {
	readonly presence: MemoryPresence;
	readonly tokens: MemoryTokens;

	constructor(
		readonly directory: DirectoryStore,
		private readonly now: () => number,
		presenceTtlMs: number
	) {
		this.presence = new MemoryPresence(now, presenceTtlMs);
		this.tokens = new MemoryTokens(now);
	}

	counter(_name: string, perMinute: number): RateCounter {
		return new RateLimiter({ perMinute }, this.now);
	}

	ready(): Promise<boolean> {
		return Promise.resolve(true);
	}

	close(): Promise<void> {
		return this.directory.close();
	}
}

/** Entries with a deadline, oldest insertion first, so expired ones are swept from the front. */
class ExpiringMap<T> {
	readonly #entries = new Map<string, { readonly value: T; readonly until: number }>();

	constructor(private readonly now: () => number) {}

	get(key: string): T | undefined {
		const entry = this.#entries.get(key);
		if (!entry) return undefined;
		if (entry.until > this.now()) return entry.value;
		this.#entries.delete(key);
		return undefined;
	}

	set(key: string, value: T, ttlMs: number): void {
		const now = this.now();
		for (const [old, { until }] of this.#entries) {
			if (until > now && this.#entries.size < MAX_ENTRIES) break;
			this.#entries.delete(old);
		}
		// Re-inserted at the back so insertion order stays deadline order.
		this.#entries.delete(key);
		this.#entries.set(key, { value, until: now + ttlMs });
	}

	delete(key: string): void {
		this.#entries.delete(key);
	}
}

class MemoryTokens implements UsedTokens {
	readonly #used: ExpiringMap<true>;

	constructor(now: () => number) {
		this.#used = new ExpiringMap(now);
	}

	claimOnce(token: string, ttlMs: number): Promise<boolean> {
		if (this.#used.get(token)) return Promise.resolve(false);
		this.#used.set(token, true, ttlMs);
		return Promise.resolve(true);
	}
}

class MemoryPresence implements Presence {
	readonly #holders: ExpiringMap<Holder>;

	constructor(
		now: () => number,
		readonly ttlMs: number
	) {
		this.#holders = new ExpiringMap(now);
	}

	holder(id: string): Promise<Holder | undefined> {
		return Promise.resolve(this.#holders.get(id));
	}

	claim(id: string, holder: Holder): Promise<PresenceClaim> {
		const current = this.#holders.get(id);
		if (current && current.process !== holder.process && !outranks(holder.ts, current.ts)) return Promise.resolve({ ok: false });
		this.#holders.set(id, holder, this.ttlMs);
		return Promise.resolve(current && current.process !== holder.process ? { ok: true, previous: current.process } : { ok: true });
	}

	release(id: string, process: string): Promise<void> {
		if (this.#holders.get(id)?.process === process) this.#holders.delete(id);
		return Promise.resolve();
	}

	refresh(process: string, held: ReadonlyMap<string, number | null>): Promise<void> {
		for (const [id, ts] of held) {
			const holder = this.#holders.get(id);
			if (!holder || holder.process === process) this.#holders.set(id, holder ?? { process, ts }, this.ttlMs);
		}
		return Promise.resolve();
	}
}
