import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page, TestInfo } from '@playwright/test';
import { startAppServer } from '../../bench/server';

/** Debian's coturn (installed by .ci/run). */
const TURNSERVER = process.env.TURNSERVER_PATH ?? '/usr/bin/turnserver';
const START_TIMEOUT_MS = 15_000;

export interface RunningTurn {
	readonly port: number;
	/** What a TURN_URLS setting names for it. */
	readonly url: string;
	/** Everything coturn logged so far (attached to failed tests). */
	output(): string;
	stop(): Promise<void>;
}

async function freePort(): Promise<number> {
	const probe = createServer();
	probe.listen(0, '127.0.0.1');
	await once(probe, 'listening');
	const { port } = probe.address() as AddressInfo;
	probe.close();
	await once(probe, 'close');
	return port;
}

function acceptsTcp(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = connect(port, '127.0.0.1');
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

/**
 * coturn on loopback with the TURN REST shared secret (use-auth-secret), relaying between
 * loopback peers only: `allow-loopback-peers` because both browsers are on 127.0.0.1, a small
 * relay port range, and no TLS, CLI, database or log files outside its own temp folder.
 */
export async function startTurnServer(secret: string): Promise<RunningTurn> {
	const port = await freePort();
	const dir = await mkdtemp(join(tmpdir(), 'parley-coturn-'));
	const relayBase = 40_000 + (port % 20_000);
	const child = spawn(
		TURNSERVER,
		[
			'-n',
			'--listening-ip=127.0.0.1',
			`--listening-port=${port}`,
			'--relay-ip=127.0.0.1',
			`--min-port=${relayBase}`,
			`--max-port=${relayBase + 200}`,
			'--use-auth-secret',
			`--static-auth-secret=${secret}`,
			'--realm=parley.test',
			'--no-tls',
			'--no-dtls',
			'--allow-loopback-peers',
			'--no-cli',
			'-f',
			`--userdb=${join(dir, 'turndb')}`,
			`--pidfile=${join(dir, 'turnserver.pid')}`,
			'--log-file=stdout',
			'--simple-log',
			'--verbose'
		],
		{ stdio: ['ignore', 'pipe', 'pipe'] }
	);
	let output = '';
	child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const exited = once(child, 'exit');
	const stop = async () => {
		if (child.exitCode === null && child.signalCode === null) {
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
			await exited;
			clearTimeout(timer);
		}
		await rm(dir, { recursive: true, force: true });
	};
	const started = Date.now();
	while (!(await acceptsTcp(port))) {
		if (child.exitCode !== null || Date.now() - started > START_TIMEOUT_MS) {
			await stop();
			throw new Error(`turnserver did not start:\n${output}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	return { port, url: `turn:127.0.0.1:${port}?transport=udp`, output: () => output, stop };
}

/** The Settings → Privacy switch that makes every call relay-only. */
export const HIDE_IP = 'Hide my IP address from contacts (relay all calls through the server)';

/** coturn always gets this secret; a test may give the Parley server another one. */
export const TURN_SECRET = 'coturn-and-parley-share-this-secret';

/**
 * The body of a `relay` fixture: coturn with TURN_SECRET and a Parley server signing
 * credentials with `serverSecret`, both stopped after the test (coturn's log attached on failure).
 */
export async function withRelay(serverSecret: string, testInfo: TestInfo, use: (server: { baseURL: string }) => Promise<void>): Promise<void> {
	const turn = await startTurnServer(TURN_SECRET);
	try {
		const app = await startAppServer({ env: { TURN_SECRET: serverSecret, TURN_URLS: turn.url, TURN_TTL: '600' } });
		try {
			await use({ baseURL: app.baseURL });
		} finally {
			await app.stop();
		}
	} finally {
		await turn.stop();
		if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('coturn.log', { body: turn.output(), contentType: 'text/plain' });
	}
}

/** Test-only: the page keeps every RTCPeerConnection it makes (see recordPeerConnections). */
export function recordingScript(): void {
	const Native = window.RTCPeerConnection;
	const made: RTCPeerConnection[] = [];
	(window as unknown as { __rtcRecorded: RTCPeerConnection[] }).__rtcRecorded = made;
	window.RTCPeerConnection = class extends Native {
		constructor(config?: RTCConfiguration) {
			super(config);
			made.push(this);
		}
	};
}

/**
 * Test-only: keeps every RTCPeerConnection the page makes, so the test can ask it which
 * candidate pair carries the data. The app itself exposes nothing of the kind.
 */
export async function recordPeerConnections(context: BrowserContext): Promise<void> {
	await context.addInitScript(recordingScript);
}

export interface SelectedPair {
	readonly policy: string | undefined;
	readonly local: string;
	readonly remote: string;
}

/** The selected candidate pair of each connected RTCPeerConnection, by candidate type (runs in the page). */
export async function readSelectedPairs(): Promise<SelectedPair[]> {
	const made = (window as unknown as { __rtcRecorded?: RTCPeerConnection[] }).__rtcRecorded ?? [];
	const pairs: SelectedPair[] = [];
	for (const connection of made) {
		if (connection.connectionState !== 'connected') continue;
		const stats = await connection.getStats();
		let pairId: string | undefined;
		stats.forEach((entry: { type: string; selectedCandidatePairId?: string; id: string; selected?: boolean; nominated?: boolean; state?: string }) => {
			if (entry.type === 'transport' && entry.selectedCandidatePairId) pairId = entry.selectedCandidatePairId;
		});
		// Firefox marks the pair itself instead.
		if (!pairId) {
			stats.forEach((entry: { type: string; id: string; selected?: boolean }) => {
				if (entry.type === 'candidate-pair' && entry.selected) pairId = entry.id;
			});
		}
		const pair = pairId ? (stats.get(pairId) as { localCandidateId: string; remoteCandidateId: string } | undefined) : undefined;
		if (!pair) continue;
		const local = stats.get(pair.localCandidateId) as { candidateType: string };
		const remote = stats.get(pair.remoteCandidateId) as { candidateType: string };
		pairs.push({ policy: connection.getConfiguration().iceTransportPolicy, local: local.candidateType, remote: remote.candidateType });
	}
	return pairs;
}

export function selectedPairs(page: Page): Promise<SelectedPair[]> {
	return page.evaluate(readSelectedPairs);
}
