import type { BenchResults } from './results';

/** Members of the benchmarked group, the author included (issue 11: 16 contexts or in-memory peers). */
const GROUP_SIZE = Number(process.env['BENCH_GROUP_SIZE'] ?? 16);
const BURST_MESSAGES = Number(process.env['BENCH_GROUP_MESSAGES'] ?? 200);
const TEXT = 'a group message of an everyday length, about this long';
const DEADLINE_MS = 120_000;
/** Measured runs per side; each figure is the median of these (a single 1:1 run is ~100 ms of CPU: noisy). */
const RUNS = Number(process.env['BENCH_GROUP_RUNS'] ?? 3);
/** The discarded warm-up of each side: the first run in a fresh process pays for compiling and the JIT. */
const WARM_UP = { members: 4, messages: 50 };

/**
 * A 200-message burst in a 16-member group, in ONE Node process: 16 Messengers on the in-memory
 * transport (real sessions, sealing, signatures, schema checks, Dexie on fake-indexeddb), so
 * every member's work shares one core and the figure is the whole group's cost, not a network's.
 * Baseline, same run: the same 200 messages 1:1 between two such peers. Figures: time until
 * every member holds all 200, time until the author holds every member's ack, and the author's
 * bytes on the wire per message per member (sealed group frames: signature, key and ids included).
 * After a small warm-up of each side (discarded), RUNS runs per side, alternating; each figure is
 * the median of its runs. Both sides detect delivery the same way (the receivers' change feeds).
 */
export async function runGroupBench(results: BenchResults): Promise<void> {
	// Node has no IndexedDB: the in-memory one, loaded only for this part.
	const inMemoryIndexedDb = 'fake-indexeddb/auto';
	await import(inMemoryIndexedDb);
	await measureDirect(WARM_UP.messages);
	await measureGroup(WARM_UP.members, WARM_UP.messages);
	// Alternating, so a slow spell of a shared machine hits both sides alike.
	const directRuns: Measured[] = [];
	const groupRuns: Measured[] = [];
	for (let run = 0; run < RUNS; run++) {
		directRuns.push(await measureDirect(BURST_MESSAGES));
		groupRuns.push(await measureGroup(GROUP_SIZE, BURST_MESSAGES));
	}
	const direct = medians(directRuns);
	const group = medians(groupRuns);
	console.log(`group burst CPU per run: group ${groupRuns.map((run) => run.cpuMs.toFixed(0)).join(', ')} ms; 1:1 ${directRuns.map((run) => run.cpuMs.toFixed(0)).join(', ')} ms (medians below)`);
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
		note: `baseline: the same burst 1:1; all peers share one Node process; medians of ${RUNS} runs`
	});
	results.add({
		name: `group burst ${BURST_MESSAGES} msgs to ${members} members, CPU time of all peers until delivered`,
		value: group.cpuMs,
		unit: 'ms',
		baseline: direct.cpuMs,
		targetRatio: members,
		note: `process CPU time: a loaded machine stretches the wall time, not this; medians of ${RUNS} runs`
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
	// Each run's databases go: runs after the first must not pay for a heap grown by earlier ones.
	const stop = async () => {
		for (const peer of made) peer.messenger.stop();
		// What the stop itself writes (peers gone offline) lands first: a closed store would refuse it.
		await new Promise((resolve) => setTimeout(resolve, 300));
		await Promise.all(made.map((peer) => peer.db.delete()));
	};
	return { network, peers: made, stop };
}

type BenchDb = Awaited<ReturnType<typeof peers>>['peers'][number]['db'];

/**
 * Resolves once `db` has stored `count` new incoming messages, from its change feed: both sides
 * are timed the same way, and no poll of the stores competes with the peers for the CPU measured.
 */
function arrivals(db: BenchDb, count: number): Promise<void> {
	const seen = new Set<string>();
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			unsubscribe();
			reject(new Error(`group bench: ${seen.size} of ${count} messages arrived`));
		}, DEADLINE_MS);
		const unsubscribe = db.changes.subscribe((changes) => {
			if (changes.statusOnly) return;
			for (const message of changes.messages) if (message.direction === 'in') seen.add(message.id);
			if (seen.size < count) return;
			clearTimeout(timer);
			unsubscribe();
			resolve();
		});
	});
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

function medians(runs: readonly Measured[]): Measured {
	const median = (pick: (run: Measured) => number) => {
		const sorted = runs.map(pick).sort((a, b) => a - b);
		const mid = Math.floor(sorted.length / 2);
		return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
	};
	return { deliveredMs: median((run) => run.deliveredMs), cpuMs: median((run) => run.cpuMs), ackedMs: median((run) => run.ackedMs), bytesPerCopy: median((run) => run.bytesPerCopy) };
}

async function measureDirect(messages: number): Promise<Measured> {
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
		const delivered = arrivals(bob!.db, messages);
		const started = performance.now();
		const cpu = process.cpuUsage();
		await Promise.all(Array.from({ length: messages }, (_, i) => alice!.messenger.sendText(bob!.identity.peerId, `${TEXT} ${i}`)));
		await delivered;
		const deliveredMs = performance.now() - started;
		const cpuMs = cpuSince(cpu);
		await until(async () => (await allSentMessages(alice!.db)).every((row) => row.status !== 'pending'), '1:1 acks');
		return { deliveredMs, cpuMs, ackedMs: performance.now() - started, bytesPerCopy: bytes / messages };
	} finally {
		await stop();
	}
}

async function measureGroup(size: number, messages: number): Promise<Measured> {
	const { network, peers: crowd, stop } = await peers(size);
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
		const delivered = Promise.all(members.map((member) => arrivals(member.db, messages)));
		const started = performance.now();
		const cpu = process.cpuUsage();
		await Promise.all(Array.from({ length: messages }, (_, i) => author!.messenger.sendGroupText(group, `${TEXT} ${i}`)));
		await delivered;
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
		return { deliveredMs, cpuMs, ackedMs, bytesPerCopy: bytes / (messages * members.length) };
	} finally {
		await stop();
	}
}
