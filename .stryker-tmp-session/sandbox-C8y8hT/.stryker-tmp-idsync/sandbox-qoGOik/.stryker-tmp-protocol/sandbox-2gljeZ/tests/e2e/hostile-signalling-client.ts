// @ts-nocheck
// 
// 
import WebSocket from 'ws';
import type { RawData } from 'ws';
import { createIdentity, type Identity } from '../../src/lib/crypto/identity';
import { loadSodium } from '../../src/lib/crypto/sodium';
import { makeRegistrationToken } from '../../src/lib/directory/registration-token';

// A hostile PeerServer client for the browser tests: a raw WebSocket to the real server,
// registered with a valid proof for a throwaway key, that writes signalling frames by hand.
// It only ever talks to 127.0.0.1.

export interface SignallingFrame {
	type?: string;
	src?: string;
	dst?: string;
	payload?: { connectionId?: string; sdp?: { sdp?: string }; candidate?: { candidate?: string } } & Record<string, unknown>;
}

export interface HostileClient {
	readonly id: string;
	/** Every frame the server sent us, in order. */
	readonly received: SignallingFrame[];
	send(frame: object): void;
	/** Sends an OFFER shaped like the app's own dial (data, raw, reliable); returns its connection id. */
	offer(dst: string, sdp: string, overrides?: Record<string, unknown>): string;
	/**
	 * ANSWER and CANDIDATE frames `src` sent us for connections we offered: what would reveal
	 * its addresses. (Its own dials to us, e.g. after adding us as a contact, are not replies.)
	 */
	repliesFrom(src: string): SignallingFrame[];
	close(): void;
}

const HEARTBEAT_MS = 10_000;
let connectionCounter = 0;

/**
 * The one place that builds a registration token, so a change of the token format (e.g. a
 * deployment id from /config.json) is made here only.
 */
export async function registrationToken(baseURL: string, identity: Identity): Promise<string> {
	const origin = new URL(baseURL);
	if (origin.hostname !== '127.0.0.1') throw new Error(`refusing a non-loopback server: ${baseURL}`);
	const config = (await (await fetch(new URL('/config.json', origin))).json()) as { deployment: { id: string } };
	return makeRegistrationToken(await loadSodium(), identity, config.deployment.id, Date.now());
}

async function signallingUrl(baseURL: string, id: string, token: string): Promise<string> {
	const origin = new URL(baseURL);
	if (origin.hostname !== '127.0.0.1') throw new Error(`refusing a non-loopback server: ${baseURL}`);
	const config = (await (await fetch(new URL('/config.json', origin))).json()) as { peerServer: { path: string; key: string } };
	const url = new URL(`${config.peerServer.path.replace(/\/$/, '')}/peerjs`, origin);
	url.protocol = 'ws:';
	url.searchParams.set('key', config.peerServer.key);
	url.searchParams.set('id', id);
	url.searchParams.set('token', token);
	return url.href;
}

function parse(data: RawData): SignallingFrame | null {
	try {
		const frame: unknown = JSON.parse(data.toString());
		return typeof frame === 'object' && frame !== null ? (frame as SignallingFrame) : null;
	} catch {
		return null;
	}
}

/** Registers a fresh throwaway identity and resolves once the server said OPEN. */
export async function connectHostile(baseURL: string): Promise<HostileClient> {
	const identity = createIdentity(await loadSodium());
	const socket = new WebSocket(await signallingUrl(baseURL, identity.peerId, await registrationToken(baseURL, identity)));
	const received: SignallingFrame[] = [];
	await new Promise<void>((resolve, reject) => {
		socket.on('message', (data) => {
			const frame = parse(data);
			if (!frame) return;
			received.push(frame);
			if (frame.type === 'OPEN') resolve();
			if (frame.type === 'ERROR' || frame.type === 'ID-TAKEN') reject(new Error(`server refused the hostile client: ${JSON.stringify(frame)}`));
		});
		socket.on('error', reject);
		socket.on('close', () => reject(new Error('signalling socket closed before OPEN')));
	});
	const send = (frame: object) => {
		if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
	};
	const heartbeat = setInterval(() => send({ type: 'HEARTBEAT' }), HEARTBEAT_MS);
	const offered = new Set<string>();
	return {
		id: identity.peerId,
		received,
		send,
		offer(dst, sdp, overrides = {}) {
			const connectionId = `dc_${(++connectionCounter).toString(36)}${Math.random().toString(36).slice(2, 8)}`;
			const payload = { sdp: { type: 'offer', sdp }, type: 'data', connectionId, label: connectionId, reliable: true, serialization: 'raw', ...overrides };
			offered.add(connectionId);
			send({ type: 'OFFER', payload, dst });
			return connectionId;
		},
		repliesFrom: (src) =>
			received.filter(
				(frame) => frame.src === src && (frame.type === 'ANSWER' || frame.type === 'CANDIDATE') && offered.has(frame.payload?.connectionId ?? '')
			),
		close() {
			clearInterval(heartbeat);
			socket.close();
		}
	};
}

/** Opens `count` hostile clients, `parallel` registrations at a time. */
export async function connectHostiles(baseURL: string, count: number, parallel = 25): Promise<HostileClient[]> {
	const clients: HostileClient[] = [];
	for (let start = 0; start < count; start += parallel) {
		const batch = Array.from({ length: Math.min(parallel, count - start) }, () => connectHostile(baseURL));
		clients.push(...(await Promise.all(batch)));
	}
	return clients;
}
