import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 5_000;
const READY_LINE = 'Parley is running at';

export interface RunningAppServer {
	baseURL: string;
	port: number;
	/** The handle directory's store; a throwaway file unless one was given. */
	directoryFile: string;
	/**
	 * Signals the whole process group; SIGKILL simulates a crash. A clean stop removes a
	 * throwaway store; after a crash it stays, for a restart with the same state.
	 */
	stop(signal?: NodeJS.Signals): Promise<void>;
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

/**
 * Starts the real server (built app + /config.json + PeerJS) the way users
 * do. It runs in its own process group because npx and tsx each add a
 * process layer, and a signal to npx alone can leave the server orphaned.
 * `port` pins the port and `directoryFile` the directory store, e.g. to restart a server
 * where its clients expect it, with the state it had; `env` adds settings (e.g. REDIS_URL, TURN_*).
 */
export async function startAppServer(options: { port?: number; directoryFile?: string; env?: Readonly<Record<string, string>> } = {}): Promise<RunningAppServer> {
	const port = options.port ?? (await freePort());
	// Its own data folder: the deployment id, handle salt and pepper live next to the directory.
	const directoryFile = options.directoryFile ?? join(tmpdir(), `parley-bench-${process.pid}-${Date.now()}-${port}`, 'directory.jsonl');
	const baseURL = `http://127.0.0.1:${port}`;
	const child = spawn('npx', ['tsx', 'peer-server/src/main.ts'], {
		// All test peers share 127.0.0.1, so the per-address limits are raised (peer-server/test covers them).
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			NO_UPDATE_NOTIFIER: '1',
			DIRECTORY_FILE: directoryFile,
			MAX_PEERS_PER_ADDRESS: '1000',
			REGISTRATIONS_PER_ADDRESS_PER_MINUTE: '100000',
			...options.env
		},
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true
	});
	let output = '';
	const exited = once(child, 'exit');
	const ready = new Promise<void>((resolve, reject) => {
		const onData = (chunk: Buffer) => {
			output += chunk.toString();
			if (output.includes(READY_LINE)) resolve();
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		child.on('error', reject);
		void exited.then(([code]) => reject(new Error(`server exited early (code ${String(code)}):\n${output}`)));
		setTimeout(() => reject(new Error(`server not ready after ${START_TIMEOUT_MS} ms:\n${output}`)), START_TIMEOUT_MS).unref();
	});

	const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
		if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
		process.kill(-child.pid, signal);
		const timer = setTimeout(() => {
			if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
		}, STOP_TIMEOUT_MS);
		await exited;
		clearTimeout(timer);
		if (options.directoryFile === undefined && signal !== 'SIGKILL') await rm(directoryFile, { force: true });
	};

	try {
		await ready;
		const response = await fetch(`${baseURL}/config.json`);
		if (!response.ok) throw new Error(`${baseURL}/config.json answered ${response.status}`);
		await response.json();
	} catch (error) {
		await stop();
		throw error;
	}
	return { baseURL, port, directoryFile, stop };
}
