import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import net from 'node:net';
import { randomBytes } from 'node:crypto';

export const REDIS_SERVER = '/usr/bin/redis-server';

/**
 * Whether Redis tests run here: skipped only on a machine without redis-server and outside CI.
 * On CI (.ci/run installs it) a missing binary fails the suite instead of skipping it.
 */
export const redisAvailable = existsSync(REDIS_SERVER) || Boolean(process.env.CI);

export interface RedisServer {
	readonly url: string;
	readonly port: number;
	/** A fresh key prefix, so tests sharing one server never see each other's keys. */
	prefix(): string;
	stop(): Promise<void>;
}

/** A throwaway redis-server on a free loopback port, persisting nothing. */
export async function startRedis(): Promise<RedisServer> {
	const port = await freePort();
	const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], {
		stdio: ['ignore', 'pipe', 'inherit']
	});
	await waitForReady(child);
	return {
		url: `redis://127.0.0.1:${port}`,
		port,
		prefix: () => `test-${randomBytes(6).toString('hex')}:`,
		stop: async () => {
			if (child.exitCode !== null) return;
			const exited = once(child, 'exit');
			child.kill('SIGTERM');
			await exited;
		}
	};
}

async function freePort(): Promise<number> {
	const server = net.createServer();
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	const { port } = server.address() as net.AddressInfo;
	await new Promise((resolve) => server.close(resolve));
	return port;
}

function waitForReady(child: ChildProcess): Promise<void> {
	return new Promise((resolve, reject) => {
		let output = '';
		child.once('error', reject);
		child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output.slice(-300)}`)));
		child.stdout?.on('data', (chunk: Buffer) => {
			output += chunk.toString();
			if (output.includes('Ready to accept connections')) resolve();
		});
	});
}
