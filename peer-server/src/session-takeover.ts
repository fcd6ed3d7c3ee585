import type { IncomingMessage } from 'node:http';
import type { IClient, PeerServerEvents } from 'peer';
import WebSocket, { WebSocketServer, type ServerOptions } from 'ws';
import { decodeRegistrationToken } from '../../src/lib/directory/registration-token';
import { PROOF_MESSAGES, TAKEN_OVER_MESSAGE, tokenOnlyVerdict, type RegistrationProofs, type Verdict } from './registration-proof';

/** Registrations held by other processes of the deployment (ClusterLink). */
export interface RemoteRegistrations {
	/** Whether `token` opens its first socket on any process, remembered for `ttlMs`. */
	firstUse(token: string, ttlMs: number): Promise<boolean>;
	/**
	 * May `id` register here: free, or held elsewhere with an older proof than `ts` (which is then
	 * evicted)? On 'go' the id is recorded as held here.
	 */
	settle(id: string, ts: number | null): Promise<'go' | 'taken'>;
	/** Undoes a 'go' the package did not follow with a registration. */
	abandoned(id: string): void;
}

/**
 * Lets a peer that reconnects with its id replace its own stale registration: with the same
 * token when proofs are off (the stock peerjs client reuses its token), with a newer proof when
 * they are on (a token is single-use then, see RegistrationProofs).
 *
 * Why: in peer@1.0.2 (`_onSocketConnection` in dist/module.mjs) an id that is still in the
 * package's realm answers a different token with ID-TAKEN, but a matching token only swaps the
 * new socket into the old client and sends no OPEN. After Wi-Fi loss or sleep the server keeps
 * the dead socket until alive_timeout, so a reconnecting peerjs client never fires `open`.
 *
 * How: the realm is private, so we decide when the package sees a socket instead. The
 * WebSocketServer runs in noServer mode and we emit its "connection" ourselves (the pattern ws
 * documents for handleUpgrade). For a same-id, same-token socket we first terminate the old
 * socket; the package's own "close" handler then drops the old client from the realm, and only
 * after that do we hand the new socket over, so the package takes its normal path: register,
 * send OPEN, flush queued messages. A different token still meets the live client: ID-TAKEN.
 *
 * With registration proofs (`RegistrationProofs`, on by default) the same gate also refuses
 * sockets whose token does not prove the id's key or was used before, before the package sees
 * them, and lets a newer proof replace a live registration (a reconnect or a page reload).
 */
export class SessionTakeover {
	/** Mirrors the realm through the package's events: whoever currently owns each id. */
	readonly #owners = new Map<string, IClient>();
	/** Per-id chain, so racing reconnects for one id are handed over one after another. */
	readonly #turns = new Map<string, Promise<void>>();
	/** Which id each registered socket holds, for relaying what it sends to another process. */
	readonly #ids = new WeakMap<object, string>();

	/**
	 * `proofs` undefined: any token registers a free id (the stock PeerServer behaviour).
	 * `remote`: other processes share the ids, and every registration is checked against them.
	 */
	constructor(
		private readonly key: string,
		private readonly proofs?: RegistrationProofs,
		private readonly remote?: RemoteRegistrations
	) {}

	/**
	 * For the package's `createWebSocketServer` option: the same options, except that we, not ws,
	 * listen for upgrades on the HTTP server. handleUpgrade still answers 400 for foreign paths.
	 * `screen` sees every socket first; a message it returns refuses the socket with it.
	 */
	createSocketServer(options: ServerOptions, screen?: (socket: WebSocket, req: IncomingMessage) => string | undefined): WebSocketServer {
		const { server, ...rest } = options;
		if (!server) throw new Error('The peer package passed no HTTP server to attach WebSockets to');
		const socketServer = new WebSocketServer({ ...rest, noServer: true });
		server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => {
			socketServer.handleUpgrade(req, socket, head, (ws) => {
				const refusal = screen?.(ws, req);
				if (refusal === undefined) this.#admit(socketServer, ws, req);
				else refuse(ws, refusal);
			});
		});
		return socketServer;
	}

	/** Whether `id` is registered right now, as the package's realm would say. */
	isRegistered(id: string): boolean {
		return this.#liveSocket(id) !== undefined;
	}

	/** The id `socket` is registered with right now, if any; only known with other processes (`remote`). */
	idOf(socket: WebSocket): string | undefined {
		const id = this.#ids.get(socket);
		return id !== undefined && this.#liveSocket(id)?.socket === socket ? id : undefined;
	}

	/** Sends `frame` to the socket registered for `id`; false when there is none open. */
	deliver(id: string, frame: string): boolean {
		const live = this.#liveSocket(id);
		if (live?.socket.readyState !== WebSocket.OPEN) return false;
		live.socket.send(frame);
		return true;
	}

	/** Ends `id`'s registration here because a newer session of it registered elsewhere. */
	evict(id: string): void {
		const live = this.#liveSocket(id);
		if (live) void terminate(live.socket, TAKEN_OVER_MESSAGE);
	}

	/** Follows which client owns which id; call before the package serves any socket. */
	watch(peerApp: PeerServerEvents): void {
		peerApp.on('connection', (client) => {
			this.#owners.set(client.getId(), client);
			const socket = client.getSocket();
			// Only relays to other processes ask (idOf); a single process saves the entry per socket.
			if (socket && this.remote) this.#ids.set(socket, client.getId());
		});
		peerApp.on('disconnect', (client) => {
			if (this.#owners.get(client.getId()) === client) this.#owners.delete(client.getId());
		});
	}

	#admit(socketServer: WebSocketServer, socket: WebSocket, req: IncomingMessage): void {
		// Parsed exactly like the package does (last value wins), so both always agree on the id.
		const params = Object.fromEntries(new URL(req.url ?? '', 'http://peerjs').searchParams.entries());
		const { id, token, key } = params;
		// Malformed or wrong-key requests go straight through; the package rejects them itself.
		if (!id || !token || key !== this.key) {
			socketServer.emit('connection', socket, req);
			return;
		}
		const previous = this.#turns.get(id);
		// With other processes every registration asks the store first, so it takes the slow path.
		if (!previous && !this.remote) {
			const verdict = this.#judge(id, token);
			if (verdict.kind === 'refuse') {
				refuse(socket, verdict.message);
				return;
			}
			if (verdict.kind === 'admit') {
				this.proofs?.claim(token);
				socketServer.emit('connection', socket, req);
				return;
			}
		}
		// Frames the client sends meanwhile (peerjs flushes its queue on open) wait in the socket;
		// emitted now, they would reach no listener and be lost.
		socket.pause();
		const turn = (previous ?? Promise.resolve())
			.then(() => this.#replace(socketServer, socket, req, id, token))
			.catch((error: unknown) => {
				// Surfaces through the package's "error" event, which mountPeerSignalling logs.
				socketServer.emit('error', error);
			});
		this.#turns.set(id, turn);
		void turn.then(() => {
			if (this.#turns.get(id) === turn) this.#turns.delete(id);
		});
	}

	async #replace(socketServer: WebSocketServer, socket: WebSocket, req: IncomingMessage, id: string, token: string): Promise<void> {
		// Judged again: an earlier turn for this id may have registered a newer socket.
		const verdict = this.#judge(id, token);
		if (verdict.kind === 'refuse') {
			refuse(socket, verdict.message);
			socket.resume();
			return;
		}
		// Claimed before the wait below: a replay arriving meanwhile is judged after this turn.
		this.proofs?.claim(token);
		const live = this.#liveSocket(id);
		const settledRemotely = this.remote !== undefined && live === undefined;
		if (this.remote && !(await this.#settleRemotely(socket, id, token, live !== undefined))) {
			socket.resume();
			return;
		}
		// Another session (a different token) taking over is told so: a second tab of the same
		// identity can then stop instead of taking the id back. Its own reconnect needs no notice.
		if (verdict.kind === 'replace' && live) await terminate(live.socket, live.token === token ? undefined : TAKEN_OVER_MESSAGE);
		// Never hand over a socket that closed while waiting: its "close" is already gone, and the
		// package would keep the id registered until alive_timeout.
		if (socket.readyState !== WebSocket.OPEN) {
			if (settledRemotely) this.remote?.abandoned(id);
			return;
		}
		socketServer.emit('connection', socket, req);
		// The package registers (or refuses) synchronously within the emit.
		if (settledRemotely && this.#liveSocket(id)?.socket !== socket) this.remote?.abandoned(id);
		socket.resume();
	}

	/** Checks the other processes; false when the socket was refused (and told why). */
	async #settleRemotely(socket: WebSocket, id: string, token: string, heldHere: boolean): Promise<boolean> {
		const remote = this.remote;
		if (!remote) return true;
		try {
			if (this.proofs && !(await remote.firstUse(token, this.proofs.rememberMs))) {
				refuse(socket, PROOF_MESSAGES.reused);
				return false;
			}
			if (heldHere) return true;
			const ts = this.proofs ? (decodeRegistrationToken(token)?.ts ?? null) : null;
			if ((await remote.settle(id, ts)) === 'go') return true;
		} catch {
			// peerjs reports it as a server error and the app retries with a fresh proof.
			refuse(socket, STORE_UNAVAILABLE_MESSAGE);
			return false;
		}
		// What the package itself answers for an id registered with another token.
		refuse(socket, ID_TAKEN_MESSAGE, 'ID-TAKEN');
		return false;
	}

	#judge(id: string, token: string): Verdict {
		const liveToken = this.#liveSocket(id)?.token;
		return this.proofs ? this.proofs.judge(id, token, liveToken) : tokenOnlyVerdict(token, liveToken);
	}

	/** The socket currently registered for `id`, unless it has already closed. */
	#liveSocket(id: string): { readonly socket: WebSocket; readonly token: string } | undefined {
		const owner = this.#owners.get(id);
		const socket = owner?.getSocket();
		if (!owner || !socket || socket.readyState === WebSocket.CLOSED) return undefined;
		return { socket, token: owner.getToken() };
	}
}

/** Sent (as an ERROR frame) when the store shared by the processes does not answer. */
export const STORE_UNAVAILABLE_MESSAGE = 'registration store unavailable; retry later';

/** The peer package's own words for an id that is registered already. */
const ID_TAKEN_MESSAGE = 'ID is taken';

/** The frame the peer package itself sends for a bad key, so peerjs reports a server error. */
function refuse(socket: WebSocket, message: string, type: 'ERROR' | 'ID-TAKEN' = 'ERROR'): void {
	// Nobody else listens on this socket: without a listener an error event would throw.
	socket.on('error', () => undefined);
	socket.send(JSON.stringify({ type, payload: { msg: message } }));
	socket.close();
}

/** Longest wait for a notice to reach the kernel before the socket is cut anyway. */
const NOTICE_FLUSH_MS = 1000;

function terminate(socket: WebSocket, notice?: string): Promise<void> {
	const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
	// Not close(): a socket orphaned by a network drop never answers the closing handshake, and
	// close() would wait 30 s for it while the reconnecting client sits in "connecting".
	if (notice === undefined || socket.readyState !== WebSocket.OPEN) {
		socket.terminate();
		return closed;
	}
	// terminate() discards unsent bytes, so it waits until the notice is written (or a dead
	// socket's full send buffer makes that take too long).
	const timer = setTimeout(() => socket.terminate(), NOTICE_FLUSH_MS);
	socket.send(JSON.stringify({ type: 'ERROR', payload: { msg: notice } }), () => {
		clearTimeout(timer);
		socket.terminate();
	});
	return closed;
}
