// @ts-nocheck
// 
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { once } from 'node:events';
import path from 'node:path';
import WebSocket from 'ws';
import { createIdentity, type Identity } from '../../src/lib/crypto/identity';
import { loadSodium } from '../../src/lib/crypto/sodium';
import { makeRegistrationToken } from '../../src/lib/directory/registration-token';
import { parseConfig, type ServerConfig } from '../src/config';
import { createServer, type RunningServer, type ServerOptions } from '../src/server';

/** The policy SvelteKit would put in the shell's meta tag (hash-mode CSP), quoted as it writes it. */
export const INDEX_POLICY = "default-src 'self'; connect-src 'self'; script-src 'self' 'sha256-AbC+/='";
export const INDEX_HTML = `<!doctype html><meta http-equiv="content-security-policy" content="${INDEX_POLICY}"><title>Parley test shell</title>`;

/** Every test server is this deployment unless a test says otherwise (fixed, so tests can sign for it). */
export const TEST_DEPLOYMENT = Object.freeze({
	deploymentId: 'dGVzdC1kZXBsb3ltZW50MQ',
	handleSalt: 'dGVzdC1oYW5kbGUtc2FsdA',
	pepper: 'dGVzdC1wZXBwZXItLS0tLS0tLS0tLS0tLS0tLS0tLS0'
});

const cleanups: (() => Promise<void>)[] = [];

/** Runs every close/remove registered since the last call; wire it into afterEach. */
export async function cleanUp(): Promise<void> {
	await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
}

/** An empty directory, removed after the test. */
export async function makeTempDir(prefix = 'parley-test-'): Promise<string> {
	const dir = await mkdtemp(path.join(tmpdir(), prefix));
	cleanups.push(() => rm(dir, { recursive: true, force: true }));
	return dir;
}

/** A throwaway STATIC_DIR shaped like adapter-static output. */
export async function makeStaticDir(built = true): Promise<string> {
	const dir = await makeTempDir('parley-static-');
	if (!built) return dir;
	await mkdir(path.join(dir, '_app', 'immutable'), { recursive: true });
	await writeFile(path.join(dir, 'index.html'), INDEX_HTML);
	await writeFile(path.join(dir, '_app', 'immutable', 'a.js'), 'export const a = 1;\n');
	await writeFile(path.join(dir, '_app', 'version.json'), '{"version":"1"}');
	await writeFile(path.join(dir, 'service-worker.js'), 'self.addEventListener("fetch", () => {});\n');
	await writeFile(path.join(dir, 'manifest.webmanifest'), '{"name":"Parley"}');
	await writeFile(path.join(dir, 'sodium.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d]));
	return dir;
}

/** Captures server log lines and lets a test await one instead of polling. */
export class LogRecorder {
	readonly lines: string[] = [];
	private readonly waiters: { prefix: string; resolve: () => void }[] = [];

	readonly write = (line: string): void => {
		this.lines.push(line);
		for (const waiter of this.waiters.filter(({ prefix }) => line.startsWith(prefix))) {
			this.waiters.splice(this.waiters.indexOf(waiter), 1);
			waiter.resolve();
		}
	};

	/** Resolves on the next line starting with `prefix` written after this call. */
	next(prefix: string): Promise<void> {
		return new Promise((resolve) => this.waiters.push({ prefix, resolve }));
	}
}

/** A clock that only moves when a test says so. */
export class ManualClock {
	constructor(public time = Date.now()) {}
	readonly now = (): number => this.time;
	advance(ms: number): void {
		this.time += ms;
	}
}

/**
 * Starts a server on a free port with a fresh static dir and a fresh directory file (never the
 * repository's peer-server/data), unless the overrides name them.
 */
export async function startServer(
	overrides: Partial<ServerConfig> = {},
	log = new LogRecorder(),
	options: Omit<ServerOptions, 'log'> = {}
): Promise<RunningServer> {
	const staticDir = overrides.staticDir ?? (await makeStaticDir());
	const directoryFile = overrides.directoryFile ?? path.join(await makeTempDir('parley-directory-'), 'directory.jsonl');
	const dataDir = path.dirname(directoryFile);
	const config: ServerConfig = {
		...parseConfig({}, []),
		port: 0,
		host: '127.0.0.1',
		...TEST_DEPLOYMENT,
		deploymentFile: path.join(dataDir, 'deployment.json'),
		pepperFile: path.join(dataDir, 'directory.pepper'),
		...overrides,
		staticDir,
		directoryFile
	};
	const server = await createServer(config, { ...options, log: log.write });
	cleanups.push(() => server.close());
	return server;
}

/** A real identity, so its id can be registered with key proofs on. */
export interface TestPeer {
	readonly identity: Identity;
	readonly id: string;
	/** A registration token signed at `ts` (default: now) for a deployment (default: the test servers'). */
	token(ts?: number, deploymentId?: string): string;
}

export async function testPeer(): Promise<TestPeer> {
	const sodium = await loadSodium();
	const identity = createIdentity(sodium);
	return {
		identity,
		id: identity.peerId,
		token: (ts = Date.now(), deploymentId = TEST_DEPLOYMENT.deploymentId) => makeRegistrationToken(sodium, identity, deploymentId, ts)
	};
}

export interface SignallingMessage {
	readonly type: string;
	readonly src?: string;
	readonly dst?: string;
	readonly payload?: unknown;
}

/** A signalling socket whose incoming frames can be awaited one by one, without sleeps. */
export interface PeerSocket {
	readonly socket: WebSocket;
	next(): Promise<SignallingMessage>;
	/** What arrived and was not taken with next() yet. */
	pending(): readonly SignallingMessage[];
	/**
	 * A ping round trip: the server has handled every frame sent before, and whatever it wrote to
	 * this socket before answering has arrived.
	 */
	settle(): Promise<void>;
	send(message: object | string): void;
	readonly closed: Promise<void>;
}

/** The exact URL shape the peerjs 1.5 client builds for `path: '/peerjs'`. */
export function peerSocketUrl(baseUrl: string, id: string, token: string, key = 'parley'): string {
	return `${baseUrl.replace(/^http/, 'ws')}/peerjs/peerjs?key=${key}&id=${id}&token=${token}&version=1.5.5`;
}

export function openPeerSocket(url: string, headers: Record<string, string> = {}): PeerSocket {
	const socket = new WebSocket(url, { headers });
	const inbox: SignallingMessage[] = [];
	const waiters: ((message: SignallingMessage) => void)[] = [];
	socket.on('message', (data: Buffer) => {
		const message = JSON.parse(data.toString()) as SignallingMessage;
		const waiter = waiters.shift();
		if (waiter) waiter(message);
		else inbox.push(message);
	});
	// Errors always end in 'close', which tests observe; an unhandled 'error' would throw instead.
	socket.on('error', () => undefined);
	const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
	cleanups.push(async () => {
		socket.terminate();
		await closed;
	});
	return {
		socket,
		closed,
		pending: () => [...inbox],
		settle: async () => {
			const pong = once(socket, 'pong');
			socket.ping();
			await pong;
		},
		next: () => {
			const queued = inbox.shift();
			return queued ? Promise.resolve(queued) : new Promise((resolve) => waiters.push(resolve));
		},
		send: (message) => {
			const frame = typeof message === 'string' ? message : JSON.stringify(message);
			if (socket.readyState === WebSocket.OPEN) socket.send(frame);
			else socket.once('open', () => socket.send(frame));
		}
	};
}
