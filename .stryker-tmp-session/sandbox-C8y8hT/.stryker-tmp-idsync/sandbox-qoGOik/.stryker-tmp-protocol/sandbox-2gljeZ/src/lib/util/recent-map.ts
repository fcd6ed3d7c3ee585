/**
 * A Map that keeps only its `capacity` most recently set keys: for facts learned about peers
 * this run (names, keys), so strangers who come and go cannot grow memory without end.
 */
// @ts-nocheck

// 

// 

export class RecentMap<K, V> extends Map<K, V> {
	constructor(private readonly capacity: number) {
		super();
	}

	override set(key: K, value: V): this {
		// Re-inserting moves the key to the end, so the first key is always the least recent.
		super.delete(key);
		super.set(key, value);
		if (this.size > this.capacity) super.delete(this.keys().next().value as K);
		return this;
	}
}
