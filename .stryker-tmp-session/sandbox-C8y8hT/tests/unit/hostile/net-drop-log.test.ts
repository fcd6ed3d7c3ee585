// @ts-nocheck
import { describe, expect, it } from 'vitest';
import type { ProtocolLog, RejectReason } from '../../../src/lib/protocol/reject';
import { DropLog, NOT_ADMITTED } from '../../../src/lib/net/signalling-stats';

function recorder() {
	const rejects: { reason: RejectReason; peer: string }[] = [];
	const infos: string[] = [];
	const log: ProtocolLog = { reject: (reason, fields) => void rejects.push({ reason, peer: fields.peer }), info: (event) => void infos.push(event) };
	return { log, rejects, infos };
}

describe('signalling drop log', () => {
	it('reports a refused OFFER as the rejection "blocked", like the handshake does', () => {
		const { log, rejects } = recorder();
		new DropLog(log).add(NOT_ADMITTED, 'pmallory');
		expect(rejects).toEqual([{ reason: 'blocked', peer: 'pmallory' }]);
	});

	it('keeps a flood from flooding the console: a few lines per window, then a summary', () => {
		let now = 0;
		const { log, infos } = recorder();
		const drops = new DropLog(log, () => now);
		for (let i = 0; i < 600; i++) drops.add('stranger budget spent', `p${i}`);
		expect(drops.total).toBe(600);
		expect(infos.length).toBeLessThanOrEqual(10);
		now += 11_000;
		drops.add('stranger budget spent', 'plate');
		expect(infos).toContain('signalling dropped (summary)');
	});
});
