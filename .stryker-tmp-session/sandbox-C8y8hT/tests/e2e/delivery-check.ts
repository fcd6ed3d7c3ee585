// @ts-nocheck
import type { ReceivedMessage } from './parley-hooks';

const SHOWN = 10;

export interface DeliveryProblems {
	missing: string[];
	duplicated: string[];
	unexpected: string[];
	/** Per sender, in local arrival time: a row whose seq is not above the previous one. */
	outOfOrder: string[];
}

function sample(items: string[]): string[] {
	return items.length <= SHOWN ? items : [...items.slice(0, SHOWN), `…and ${items.length - SHOWN} more`];
}

/**
 * Compares what one peer received with what was sent to it (`expected`: sender peer id ->
 * texts). Lists are sampled, so an assertion on the result stays readable when it fails.
 */
export function deliveryProblems(received: readonly ReceivedMessage[], expected: ReadonlyMap<string, readonly string[]>): DeliveryProblems {
	const missing: string[] = [];
	const duplicated: string[] = [];
	const unexpected: string[] = [];
	const outOfOrder: string[] = [];
	for (const [sender, texts] of expected) {
		const rows = received.filter((row) => row.peerId === sender);
		const counts = new Map<string, number>();
		for (const row of rows) counts.set(row.text, (counts.get(row.text) ?? 0) + 1);
		const wanted = new Set(texts);
		for (const text of texts) if (!counts.has(text)) missing.push(text);
		for (const [text, count] of counts) {
			if (!wanted.has(text)) unexpected.push(text);
			else if (count > 1) duplicated.push(`${text} ×${count}`);
		}
		const byTime = [...rows].sort((a, b) => a.time - b.time);
		for (let i = 1; i < byTime.length; i += 1) {
			const [before, after] = [byTime[i - 1]!, byTime[i]!];
			if (after.seq <= before.seq) outOfOrder.push(`${after.text} (seq ${after.seq}) after ${before.text} (seq ${before.seq})`);
		}
	}
	for (const row of received) if (!expected.has(row.peerId)) unexpected.push(`${row.text} from ${row.peerId}`);
	return { missing: sample(missing), duplicated: sample(duplicated), unexpected: sample(unexpected), outOfOrder: sample(outOfOrder) };
}

export const NO_PROBLEMS: DeliveryProblems = { missing: [], duplicated: [], unexpected: [], outOfOrder: [] };
