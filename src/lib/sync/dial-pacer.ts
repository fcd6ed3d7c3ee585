/**
 * How fast background dials (dial-on-connect, retries) may start: a token bucket, so a crowd of
 * contacts coming back at once, or a page shown and hidden over and over, never turns into a
 * burst of OFFERs the signalling server would drop (its per-client rate, PROTOCOL §2) or a pile
 * of RTCPeerConnections. Pure: the clock is passed in.
 */
export class DialPacer {
	#tokens: number;
	#at: number;

	constructor(
		private readonly now: () => number,
		private readonly perSecond: number,
		private readonly burst: number
	) {
		this.#tokens = burst;
		this.#at = now();
	}

	/** 0 when a dial may start now (and spends its slot), else the milliseconds until one may. */
	take(): number {
		const now = this.now();
		// A clock stepping backwards refills nothing.
		this.#tokens = Math.min(this.burst, this.#tokens + (Math.max(0, now - this.#at) / 1000) * this.perSecond);
		this.#at = now;
		if (this.#tokens >= 1) {
			this.#tokens -= 1;
			return 0;
		}
		return Math.ceil(((1 - this.#tokens) / this.perSecond) * 1000);
	}
}
