// @ts-nocheck
// 
// 
import { once } from 'node:events';
import { createServer, request } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import type { RawData } from 'ws';

// A malicious signalling server for tests: a reverse proxy on 127.0.0.1 in front of a real
// Parley server that passes HTTP through untouched but can misroute PeerJS signalling. Once
// told to `hijack`, every frame a client addresses to the victim's id goes to the attacker
// instead, and whatever the attacker sends back appears to come from the victim. Exactly
// the attack docs/PROTOCOL.md §4 says the handshake detects.

/** The PeerJS client opens `<path>/peerjs?key=…&id=…&token=…`; the app's path is /peerjs. */
const SIGNALLING_PATH = '/peerjs/peerjs';

export interface Hijack {
	victim: string;
	attacker: string;
}

export interface MitmProxy {
	readonly baseURL: string;
	/** Frames rewritten so far: `redirected` (dst victim → attacker), `spoofed` (src attacker → victim). */
	readonly rewritten: { redirected: number; spoofed: number };
	/** Misroutes signalling from now on (null: stop); connections already set up are not touched. */
	hijack(rule: Hijack | null): void;
	close(): Promise<void>;
}

interface SignallingFrame {
	type?: unknown;
	src?: unknown;
	dst?: unknown;
}

function parseFrame(data: RawData, isBinary: boolean): SignallingFrame | null {
	if (isBinary) return null;
	try {
		const frame: unknown = JSON.parse(data.toString());
		return typeof frame === 'object' && frame !== null ? (frame as SignallingFrame) : null;
	} catch {
		return null;
	}
}

/** Starts the proxy in front of `upstream` (an http://127.0.0.1:<port> origin). */
export async function startMitmProxy(upstream: string): Promise<MitmProxy> {
	const target = new URL(upstream);
	if (target.hostname !== '127.0.0.1') throw new Error(`refusing a non-loopback upstream: ${upstream}`);
	let rule: Hijack | null = null;
	const rewritten = { redirected: 0, spoofed: 0 };

	/** Client → server. The server stamps `src` itself, so only `dst` is worth forging. */
	const upward = (client: string, frame: SignallingFrame): boolean => {
		if (!rule || client === rule.attacker || frame.dst !== rule.victim) return false;
		frame.dst = rule.attacker;
		rewritten.redirected += 1;
		return true;
	};
	/** Server → client: the attacker's answers and candidates claim to be the victim's. */
	const downward = (client: string, frame: SignallingFrame): boolean => {
		if (!rule || client === rule.attacker || frame.src !== rule.attacker) return false;
		frame.src = rule.victim;
		rewritten.spoofed += 1;
		return true;
	};

	const relay = (from: WebSocket, to: WebSocket, rewrite: (frame: SignallingFrame) => boolean) => {
		const queued: Array<[RawData | string, boolean]> = [];
		const deliver = () => {
			for (const [data, binary] of queued.splice(0)) to.send(data, { binary });
		};
		from.on('message', (data, isBinary) => {
			const frame = parseFrame(data, isBinary);
			queued.push(frame && rewrite(frame) ? [JSON.stringify(frame), false] : [data, isBinary]);
			if (to.readyState === WebSocket.OPEN) deliver();
		});
		to.on('open', deliver);
		from.on('close', () => (to.readyState === WebSocket.CONNECTING ? to.terminate() : to.close()));
		from.on('error', () => to.terminate());
	};

	const upstreamSockets = new Set<WebSocket>();
	const bridge = (browser: WebSocket, req: IncomingMessage) => {
		const url = new URL(req.url ?? '/', upstream);
		const client = url.searchParams.get('id') ?? '';
		const server = new WebSocket(new URL(url.pathname + url.search, `ws://${target.host}`));
		upstreamSockets.add(server);
		server.on('close', () => upstreamSockets.delete(server));
		relay(browser, server, (frame) => upward(client, frame));
		relay(server, browser, (frame) => downward(client, frame));
	};

	const sockets = new WebSocketServer({ noServer: true });
	const http = createServer((req, res) => {
		const forwarded = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
			res.writeHead(answer.statusCode ?? 502, answer.headers);
			answer.pipe(res);
		});
		forwarded.on('error', () => {
			if (!res.headersSent) res.writeHead(502);
			res.end();
		});
		req.pipe(forwarded);
	});
	http.on('upgrade', (req, socket, head) => {
		if (new URL(req.url ?? '/', upstream).pathname !== SIGNALLING_PATH) {
			socket.destroy();
			return;
		}
		sockets.handleUpgrade(req, socket, head, (browser) => bridge(browser, req));
	});

	http.listen(0, '127.0.0.1');
	await once(http, 'listening');
	const { port } = http.address() as AddressInfo;
	return {
		baseURL: `http://127.0.0.1:${port}`,
		rewritten,
		hijack: (next) => {
			rule = next && { ...next };
		},
		close: async () => {
			for (const socket of [...sockets.clients, ...upstreamSockets]) socket.terminate();
			sockets.close();
			http.closeAllConnections();
			http.close();
			await once(http, 'close');
		}
	};
}
