import type { PeerSession } from '../../../src/lib/session/peer-session';

interface Worst {
	ms: number;
	kind: string;
	bytes: number;
}

/**
 * Times the victim's synchronous work per inbound frame (decrypt, decode, validate, hand-off to
 * the handler queue) by wrapping its session's receive(). Frames arrive in the order they were
 * sent, so the label queued at send time names the frame being timed.
 */
export class FrameTimer {
	readonly times = new Map<string, number[]>();
	readonly worst = new Map<string, Worst>();
	/** Frames whose receive() logged no rejection synchronously (handled later, or let through). */
	readonly unrefused: string[] = [];
	#labels: { category: string; kind: string }[] = [];

	constructor(session: PeerSession, rejectCount: () => number = () => 0) {
		const receive = session.receive.bind(session);
		session.receive = (data: unknown) => {
			const label = this.#labels.shift() ?? { category: 'sentinel acks', kind: 'ack' };
			const rejectsBefore = rejectCount();
			const started = performance.now();
			receive(data);
			const ms = performance.now() - started;
			if (rejectCount() === rejectsBefore && this.unrefused.length < 50) this.unrefused.push(`${label.category}: ${label.kind}`);
			const list = this.times.get(label.category) ?? [];
			list.push(ms);
			this.times.set(label.category, list);
			const worst = this.worst.get(label.category);
			const bytes = data instanceof Uint8Array ? data.length : -1;
			if (!worst || ms > worst.ms) this.worst.set(label.category, { ms, kind: label.kind, bytes });
		};
	}

	expect(category: string, kind: string): void {
		this.#labels.push({ category, kind });
	}

	get pending(): number {
		return this.#labels.length;
	}

	report(): string[] {
		const lines: string[] = [];
		for (const [category, list] of this.times) {
			const sorted = [...list].sort((a, b) => a - b);
			const p99 = sorted[Math.floor(0.99 * (sorted.length - 1))] ?? 0;
			const mean = list.reduce((a, b) => a + b, 0) / list.length;
			const worst = this.worst.get(category)!;
			lines.push(
				`${category.padEnd(22)} n=${String(list.length).padStart(6)}  mean ${mean.toFixed(3)} ms  p99 ${p99.toFixed(3)} ms  ` +
					`worst ${worst.ms.toFixed(3)} ms (${worst.kind}, ${worst.bytes} bytes)`
			);
		}
		return lines;
	}
}
