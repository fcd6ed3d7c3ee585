import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { writeHeapSnapshot } from 'node:v8';
import express from 'express';
import { ExpressPeerServer } from 'peer';
import { parseConfig } from '../peer-server/src/config';
import { createServer } from '../peer-server/src/server';

// A server alone in its own process, so its memory is not mixed with the clients': "ours" (the
// Parley server, embedded or with REDIS_URL from the env) or "stock" (the peer package as its
// README mounts it, defaults only). Prints {"port"} once listening; answers each "mem" line on
// stdin with {"rss","heapUsed"} after a full GC (run with --expose-gc).

const mode = process.argv[2];

async function listen(): Promise<number> {
	if (mode === 'stock') {
		const app = express();
		const server = http.createServer(app);
		app.use('/peerjs', ExpressPeerServer(server, { key: 'parley', path: '/', concurrent_limit: 1_000_000 }));
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		return (server.address() as AddressInfo).port;
	}
	const config = { ...parseConfig(process.env, []), port: 0 };
	return (await createServer(config, { log: () => undefined })).port;
}

const gc = (globalThis as { gc?: () => void }).gc;
const port = await listen();
console.log(JSON.stringify({ port }));
createInterface({ input: process.stdin }).on('line', (line) => {
	// "snap <file>": a heap snapshot, for finding what is kept per client (not used by the bench).
	if (line.startsWith('snap ')) {
		gc?.();
		console.log(JSON.stringify({ file: writeHeapSnapshot(line.slice(5)) }));
		return;
	}
	if (line !== 'mem') return;
	gc?.();
	gc?.();
	const { rss, heapUsed } = process.memoryUsage();
	console.log(JSON.stringify({ rss, heapUsed }));
});
