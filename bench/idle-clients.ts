import { execFileSync, spawn, type ChildProcessByStdio } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import WebSocket from 'ws';
import { createIdentity } from '../src/lib/crypto/identity';
import { loadSodium } from '../src/lib/crypto/sodium';
import { makeRegistrationToken } from '../src/lib/directory/registration-token';
import { redisAvailable, startRedis } from '../peer-server/test/redis-fixture';
import { BenchResults } from './results';
import { percentile } from './stats';

// Idle memory per connected signalling client (issue 16): N WebSocket clients register and sit
// idle; the server process's RSS and heap (after GC) before and after, divided by N. Ours with the
// embedded store, ours with Redis (if redis-server is installed), and the stock peer package
// measured in the same run as the baseline. Bounded: BENCH_IDLE_CLIENTS (default 15,000, the issue's
// floor; at most 20,000 and 1,000 under this process's open-file limit, since it holds one socket
// per client) and a deadline per variant.

const DEFAULT_CLIENTS = 15_000;

/** This process's soft open-file limit (`ulimit -n`), or Infinity when the shell cannot say. */
function openFileLimit(): number {
	try {
		const limit = Number(execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim());
		return Number.isFinite(limit) && limit > 0 ? limit : Infinity;
	} catch {
		return Infinity;
	}
}
/** Signalling messages timed one at a time from A to B, after the idle clients are connected. */
const RELAY_SAMPLES = 400;
const RELAY_TARGET_P99_MS = 5;
const DEADLINE_MS = 120_000;
const SETTLE_MS = 2000;
const DEPLOYMENT = { DEPLOYMENT_ID: 'YmVuY2gtZGVwbG95bWVudA', HANDLE_SALT: 'YmVuY2gtaGFuZGxlLXNhbA', DIRECTORY_PEPPER: 'YmVuY2gtcGVwcGVyLS0tLS0tLS0tLS0tLS0tLS0tLS0' };

interface Memory {
	readonly rss: number;
	readonly heapUsed: number;
}

class Probe {
	readonly #lines: AsyncIterator<string>;

	private constructor(readonly child: ChildProcessByStdio<Writable, Readable, null>) {
		this.#lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
	}

	static async start(mode: 'ours' | 'stock', env: Record<string, string>): Promise<{ probe: Probe; port: number }> {
		const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/idle-server-probe.ts', mode], {
			env: { ...process.env, ...env },
			stdio: ['pipe', 'pipe', 'inherit']
		});
		const probe = new Probe(child);
		const { port } = JSON.parse(await probe.#line()) as { port: number };
		return { probe, port };
	}

	async memory(): Promise<Memory> {
		this.child.stdin.write('mem\n');
		return JSON.parse(await this.#line()) as Memory;
	}

	async stop(): Promise<void> {
		if (this.child.exitCode !== null) return;
		const exited = once(this.child, 'exit');
		this.child.kill('SIGTERM');
		await exited;
	}

	async #line(): Promise<string> {
		const next = await this.#lines.next();
		if (next.done) throw new Error('the server probe exited');
		return next.value;
	}
}

async function openClients(port: number, tokens: readonly { id: string; token: string }[], deadline: number): Promise<WebSocket[]> {
	const sockets: WebSocket[] = [];
	// In batches: thousands of handshakes at once would measure the accept queue, not idle memory.
	for (let start = 0; start < tokens.length; start += 100) {
		if (Date.now() > deadline) throw new Error(`only ${sockets.length} clients connected before the deadline`);
		const batch = tokens.slice(start, start + 100).map(({ id, token }) => {
			const socket = new WebSocket(`ws://127.0.0.1:${port}/peerjs/peerjs?key=parley&id=${id}&token=${token}&version=1.5.5`);
			sockets.push(socket);
			return new Promise<void>((resolve, reject) => {
				socket.once('message', (data: Buffer) => {
					const type = (JSON.parse(data.toString()) as { type: string }).type;
					if (type === 'OPEN') resolve();
					else reject(new Error(`registration answered ${type}`));
				});
				socket.once('error', reject);
			});
		});
		await Promise.all(batch);
	}
	return sockets;
}

type Token = { readonly id: string; readonly token: string };

interface Measured extends Memory {
	/** One-way times of an OFFER from A to B, ms (A on the loaded process, B on `relayTo` if given). */
	readonly relayMs: readonly number[];
}

async function measure(mode: 'ours' | 'stock', env: Record<string, string>, tokens: readonly Token[], pair: readonly [Token, Token], relayTo?: Record<string, string>): Promise<Measured> {
	const { probe, port } = await Probe.start(mode, env);
	const other = relayTo ? await Probe.start(mode, relayTo) : undefined;
	try {
		// A few clients first, so code paths and buffers that exist once are not charged per client.
		const warm = await openClients(port, tokens.slice(0, 20), Date.now() + DEADLINE_MS);
		await new Promise((resolve) => setTimeout(resolve, 200));
		const before = await probe.memory();
		const sockets = await openClients(port, tokens.slice(20), Date.now() + DEADLINE_MS);
		await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
		const after = await probe.memory();
		const [a] = await openClients(port, [pair[0]], Date.now() + DEADLINE_MS);
		const [b] = await openClients(other?.port ?? port, [pair[1]], Date.now() + DEADLINE_MS);
		const relayMs = a && b ? await relay(a, b, pair[1].id) : [];
		for (const socket of [...warm, ...sockets, a, b]) socket?.terminate();
		const clients = tokens.length - 20;
		return { rss: (after.rss - before.rss) / clients, heapUsed: (after.heapUsed - before.heapUsed) / clients, relayMs };
	} finally {
		await Promise.all([probe.stop(), other?.probe.stop()]);
	}
}

/** Times OFFERs one at a time: sent by `a`, received by `b` (both in this process, one clock). */
async function relay(a: WebSocket, b: WebSocket, dst: string): Promise<number[]> {
	const times: number[] = [];
	for (let n = 0; n < RELAY_SAMPLES; n++) {
		const received = new Promise<void>((resolve) => b.once('message', () => resolve()));
		const sent = performance.now();
		a.send(JSON.stringify({ type: 'OFFER', dst, payload: { n, sdp: 'v=0' } }));
		await received;
		times.push(performance.now() - sent);
	}
	return times;
}

const KIB = 1024;

export async function runIdleClientsBench(results: BenchResults): Promise<void> {
	const requested = Number(process.env['BENCH_IDLE_CLIENTS'] ?? DEFAULT_CLIENTS);
	const count = Math.max(100, Math.min(Number.isFinite(requested) ? requested : DEFAULT_CLIENTS, 20_000, openFileLimit() - 1000));
	const sodium = await loadSodium();
	const identities = Array.from({ length: count + 22 }, () => createIdentity(sodium));
	// Tokens are single-use and must be fresh: each variant signs its own.
	const tokens = () => {
		const ts = Date.now();
		return identities.map((identity) => ({ id: identity.peerId, token: makeRegistrationToken(sodium, identity, DEPLOYMENT.DEPLOYMENT_ID, ts) }));
	};
	const dataDir = await mkdtemp(join(tmpdir(), 'parley-idle-'));
	const env = {
		...DEPLOYMENT,
		DIRECTORY_FILE: join(dataDir, 'directory.jsonl'),
		MAX_PEERS: String(count + 100),
		MAX_PEERS_PER_ADDRESS: String(count + 100),
		REGISTRATIONS_PER_ADDRESS_PER_MINUTE: String(count + 100)
	};
	const report = (name: string, measured: Measured, stock: Measured) => {
		results.add({ name: `${name}: RSS per idle client (${count} clients)`, value: measured.rss / KIB, unit: 'KiB', baseline: stock.rss / KIB });
		results.add({ name: `${name}: JS heap per idle client (${count} clients)`, value: measured.heapUsed / KIB, unit: 'KiB', baseline: stock.heapUsed / KIB });
	};
	const latency = (name: string, measured: Measured, stock: Measured) => {
		for (const p of [50, 99]) {
			results.add({
				name: `${name}: signalling relay one-way p${p} (${count} idle clients)`,
				value: percentile(measured.relayMs, p),
				unit: 'ms',
				baseline: percentile(stock.relayMs, p),
				...(p === 99 ? { target: RELAY_TARGET_P99_MS } : {})
			});
		}
	};
	const split = (all: readonly Token[]) => ({ idle: all.slice(0, count + 20), pair: [all[count + 20]!, all[count + 21]!] as const });
	try {
		const stockTokens = split(tokens());
		const stock = await measure('stock', env, stockTokens.idle, stockTokens.pair);
		const oursTokens = split(tokens());
		const ours = await measure('ours', env, oursTokens.idle, oursTokens.pair);
		console.log(`idle clients (${count}): stock peer ${fmt(stock)}; ours ${fmt(ours)}`);
		report('server idle, embedded', ours, stock);
		latency('server, one process', ours, stock);
		if (redisAvailable) {
			const redis = await startRedis();
			try {
				const redisEnv = { ...env, REDIS_URL: redis.url, REDIS_PREFIX: redis.prefix() };
				const redisTokens = split(tokens());
				// A on the loaded process, B on a second process: every OFFER goes through Redis.
				const withRedis = await measure('ours', redisEnv, redisTokens.idle, redisTokens.pair, redisEnv);
				console.log(`idle clients (${count}): ours with Redis ${fmt(withRedis)}`);
				report('server idle, Redis', withRedis, stock);
				latency('server, two processes via Redis', withRedis, stock);
			} finally {
				await redis.stop();
			}
		}
	} finally {
		await rm(dataDir, { recursive: true, force: true });
	}
}

function fmt(measured: Measured): string {
	const relayMs = `relay p50 ${percentile(measured.relayMs, 50).toFixed(2)} ms, p99 ${percentile(measured.relayMs, 99).toFixed(2)} ms`;
	return `RSS ${(measured.rss / KIB).toFixed(1)} KiB, heap ${(measured.heapUsed / KIB).toFixed(1)} KiB per client, ${relayMs}`;
}
