import type { BenchResults } from './results';

/** Members of the benchmarked group, the author included (issue 11: 16 contexts or in-memory peers). */
const GROUP_SIZE = Number(process.env['BENCH_GROUP_SIZE'] ?? 16);
const BURST_MESSAGES = Number(process.env['BENCH_GROUP_MESSAGES'] ?? 200);
const TEXT = 'a group message of an everyday length, about this long';
const DEADLINE_MS = 120_000;

/**
 * A 200-message burst in a 16-member group, in ONE Node process: 16 Messengers on the in-memory
 * transport (real sessions, sealing, signatures, schema checks, Dexie on fake-indexeddb), so
 * every member's work shares one core and the figure is the whole group's cost, not a network's.
 * Baseline, same run: the same 200 messages 1:1 between two such peers. Figures: time until
 * every member holds all 200, time until the author holds every member's ack, and the author's
 * bytes on the wire per message per member (sealed group frames: signature, key and ids included).
 */
export async function runGroupBench(results: BenchResults): Promise<void> {
	// Node has no IndexedDB: the in-memory one, loaded only for this part.
	const inMemoryIndexedDb = 'fake-indexeddb/auto';
	await import(inMemoryIndexedDb);
	const direct = await measureDirect();
	const group = await measureGroup();
	const members = GROUP_SIZE - 1;
	console.log(
		`group burst: ${BURST_MESSAGES} messages to ${members} members in ${group.deliveredMs.toFixed(0)} ms (acked ${group.ackedMs.toFixed(0)} ms, CPU ${group.cpuMs.toFixed(0)} ms); 1:1 ${direct.deliveredMs.toFixed(0)} ms (CPU ${direct.cpuMs.toFixed(0)} ms)`
	);
	results.add({
		name: `group burst ${BURST_MESSAGES} msgs to ${members} members, all delivered (Node, in-memory)`,
		value: group.deliveredMs,
		unit: 'ms',
		baseline: direct.deliveredMs,
		// Fan-out is one copy per member: no worse per member than a 1:1 conversation.
		targetRatio: members,
		note: 'baseline: the same burst 1:1; all peers share one Node process'
	});
	results.add({
		name: `group burst ${BURST_MESSAGES} msgs to ${members} members, CPU time of all peers until delivered`,
		value: group.cpuMs,
		unit: 'ms',
		baseline: direct.cpuMs,
		targetRatio: members,
		note: 'process CPU time: a loaded machine stretches the wall time, not this'
	});
	results.add({
		name: `group burst ${BURST_MESSAGES} msgs, every member's ack at the author`,
		value: group.ackedMs,
		unit: 'ms',
		baseline: direct.ackedMs,
		targetRatio: members
	});
	results.add({
		name: 'group bytes sent per message per member (author)',
		value: group.bytesPerCopy,
		unit: 'B',
		baseline: direct.bytesPerCopy,
		// A signed frame carries a 64-byte signature, the 32-byte key and the group and author ids.
		targetRatio: 3,
		note: 'baseline: 1:1 message frame bytes'
	});
}

interface Measured {
	deliveredMs: number;
	/** CPU time of the whole process (every peer) until all hold the burst: on a loaded machine wall time mostly measures the wait for a core. */
	cpuMs: number;
	ackedMs: number;
	bytesPerCopy: number;
}

async function peers(count: number) {
	const { FakeNetwork } = await import('../src/lib/net/fake-transport');
	const { ChatDb } = await import('../src/lib/db/chat-db');
	const { createIdentity } = await import('../src/lib/crypto/identity');
	const { loadSodium } = await import('../src/lib/crypto/sodium');
	const { Messenger } = await import('../src/lib/messenger/messenger');
	const { silentLog } = await import('../src/lib/protocol/reject');
	const sodium = await loadSodium();
	const network = new FakeNetwork();
	const run = crypto.randomUUID().slice(0, 8);
	const made = Array.from({ length: count }, (_, i) => {
		const identity = createIdentity(sodium);
		const db = new ChatDb(`bench-group-${run}-${i}`);
		const messenger = new Messenger({ db, transport: network.createTransport(), sodium, identity, displayName: () => `P${i}`, log: silentLog });
		return { identity, db, messenger };
	});
	for (const peer of made) await peer.messenger.start();
	return { network, peers: made, stop: () => made.forEach((peer) => peer.messenger.stop()) };
}

function cpuSince(start: NodeJS.CpuUsage): number {
	const used = process.cpuUsage(start);
	return (used.user + used.system) / 1000;
}

async function until(probe: () => Promise<boolean>, what: string): Promise<void> {
	const deadline = Date.now() + DEADLINE_MS;
	while (!(await probe())) {
		if (Date.now() > deadline) throw new Error(`group bench: ${what} not reached`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

async function measureDirect(): Promise<Measured> {
	// Direct rows turn delivered by the peer's delivery mark, not their stored status.
	const { allSentMessages } = await import('../src/lib/db/delivery-marks');
	const { network, peers: [alice, bob], stop } = await peers(2);
	try {
		await alice!.messenger.addContact(bob!.identity.peerId);
		await bob!.messenger.addContact(alice!.identity.peerId);
		await until(async () => alice!.messenger.connections.channel(bob!.identity.peerId) !== undefined, '1:1 channel');
		await new Promise((resolve) => setTimeout(resolve, 200));
		let bytes = 0;
		network.tap((from, _to, data) => {
			if (from === alice!.identity.peerId) bytes += data.length;
		});
		const started = performance.now();
		const cpu = process.cpuUsage();
		await Promise.all(Array.from({ length: BURST_MESSAGES }, (_, i) => alice!.messenger.sendText(bob!.identity.peerId, `${TEXT} ${i}`)));
		await until(async () => (await bob!.db.receiver.count()) >= BURST_MESSAGES, '1:1 delivery');
		const deliveredMs = performance.now() - started;
		const cpuMs = cpuSince(cpu);
		await until(async () => (await allSentMessages(alice!.db)).every((row) => row.status !== 'pending'), '1:1 acks');
		return { deliveredMs, cpuMs, ackedMs: performance.now() - started, bytesPerCopy: bytes / BURST_MESSAGES };
	} finally {
		stop();
	}
}

async function measureGroup(): Promise<Measured> {
	const { network, peers: crowd, stop } = await peers(GROUP_SIZE);
	try {
		const [author, ...members] = crowd;
		const group = await author!.messenger.createGroup('Bench', members.map((member) => member.identity.peerId));
		await until(async () => (await Promise.all(members.map((member) => member.db.groups.get(group)))).every(Boolean), 'invitations');
		await until(async () => members.every((member) => author!.messenger.connections.channel(member.identity.peerId) !== undefined), 'channels');
		// Let the summaries of the join settle before the clock starts.
		await new Promise((resolve) => setTimeout(resolve, 500));
		let bytes = 0;
		network.tap((from, _to, data) => {
			if (from === author!.identity.peerId) bytes += data.length;
		});
		const started = performance.now();
		const cpu = process.cpuUsage();
		await Promise.all(Array.from({ length: BURST_MESSAGES }, (_, i) => author!.messenger.sendGroupText(group, `${TEXT} ${i}`)));
		await until(async () => (await Promise.all(members.map((member) => member.db.receiver.count()))).every((count) => count >= BURST_MESSAGES), 'group delivery');
		const deliveredMs = performance.now() - started;
		const cpuMs = cpuSince(cpu);
		// Through the per-member pending index: a scan of every delivery row per poll would compete with the peers for the core.
		const pendingCopies = (member: (typeof members)[number]) =>
			author!.db.groupDelivery
				.where('[member+status+group+seq]')
				.between([member.identity.peerId, 'pending', group, -Infinity], [member.identity.peerId, 'pending', group, Infinity])
				.count();
		await until(async () => (await Promise.all(members.map(pendingCopies))).every((count) => count === 0), 'group acks');
		const ackedMs = performance.now() - started;
		return { deliveredMs, cpuMs, ackedMs, bytesPerCopy: bytes / (BURST_MESSAGES * members.length) };
	} finally {
		stop();
	}
}
