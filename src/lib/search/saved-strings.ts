/**
 * Newline-joined strings (saved ids or terms) kept as the one decoded text, with each one's
 * start found by a scan: splitting 100k ids and 100k terms into strings up front costs more
 * than everything else a load does. A string is cut out only when it is used.
 */
export class SavedStrings {
	readonly length: number;
	readonly #text: string;
	/** Where string i starts; entry `length` is one past the text's end (as if a newline followed). */
	readonly #starts: Int32Array;

	/** Throws if `text` does not hold exactly `count` strings. */
	constructor(text: string, count: number) {
		this.length = count;
		this.#text = text;
		this.#starts = new Int32Array(count + 1);
		if (count === 0) {
			if (text.length > 0) throw new Error('saved strings: expected none');
			return;
		}
		let at = 0;
		for (let i = 1; i < count; i++) {
			const newline = text.indexOf('\n', at);
			if (newline < 0) throw new Error(`saved strings: expected ${count}, found ${i}`);
			at = newline + 1;
			this.#starts[i] = at;
		}
		if (text.indexOf('\n', at) >= 0) throw new Error(`saved strings: more than ${count}`);
		this.#starts[count] = text.length + 1;
	}

	at(i: number): string {
		return this.#text.slice(this.#starts[i], this.#starts[i + 1]! - 1);
	}
	lengthOf(i: number): number {
		return this.#starts[i + 1]! - 1 - this.#starts[i]!;
	}
	codeAt(i: number, position: number): number {
		return this.#text.charCodeAt(this.#starts[i]! + position);
	}
	slice(i: number, from: number, to: number): string {
		return this.#text.slice(this.#starts[i]! + from, this.#starts[i]! + to);
	}

	/** Negative, zero or positive as string i sorts before, with or after `other` (UTF-16 code units, like `<`). */
	compare(i: number, other: string): number {
		const start = this.#starts[i]!;
		const length = this.lengthOf(i);
		const shared = Math.min(length, other.length);
		for (let k = 0; k < shared; k++) {
			const difference = this.#text.charCodeAt(start + k) - other.charCodeAt(k);
			if (difference !== 0) return difference;
		}
		return length - other.length;
	}

	/** Where `value` is, by binary search (the strings must be sorted), or -1. */
	find(value: string): number {
		let low = 0;
		let high = this.length;
		while (low < high) {
			const middle = (low + high) >>> 1;
			if (this.compare(middle, value) < 0) low = middle + 1;
			else high = middle;
		}
		return low < this.length && this.compare(low, value) === 0 ? low : -1;
	}
}
