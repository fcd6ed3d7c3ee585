import type { IncomingMessage } from 'node:http';
import type { IClient, PeerServerEvents } from 'peer';
import WebSocket, { WebSocketServer, type ServerOptions } from 'ws';

/**
 * Lets a peer that reconnects with its id AND its token replace its own stale registration.
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
 */
export class SessionTakeover {
	/** Mirrors the realm through the package's events: whoever currently owns each id. */
	readonly #owners = new Map<string, IClient>();
	/** Per-id chain, so racing reconnects for one id are handed over one after another. */
	readonly #turns = new Map<string, Promise<void>>();

	constructor(private readonly key: string) {}

	/**
	 * For the package's `createWebSocketServer` option: the same options, except that we, not ws,
	 * listen for upgrades on the HTTP server. handleUpgrade still answers 400 for foreign paths.
	 */
	createSocketServer(options: ServerOptions): WebSocketServer {
		const { server, ...rest } = options;
		if (!server) throw new Error('The peer package passed no HTTP server to attach WebSockets to');
		const socketServer = new WebSocketServer({ ...rest, noServer: true });
		server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => {
			socketServer.handleUpgrade(req, socket, head, (ws) => this.#admit(socketServer, ws, req));
		});
		return socketServer;
	}

	/** Follows which client owns which id; call before the package serves any socket. */
	watch(peerApp: PeerServerEvents): void {
		peerApp.on('connection', (client) => this.#owners.set(client.getId(), client));
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
		if (!previous && !this.#staleSocket(id, token)) {
			socketServer.emit('connection', socket, req);
			return;
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
		// Looked up again: an earlier turn for this id may have registered a newer socket.
		const stale = this.#staleSocket(id, token);
		if (stale) await terminate(stale);
		// Never hand over a socket that closed while waiting: its "close" is already gone, and the
		// package would keep the id registered until alive_timeout.
		if (socket.readyState !== WebSocket.OPEN) return;
		socketServer.emit('connection', socket, req);
		socket.resume();
	}

	#staleSocket(id: string, token: string): WebSocket | undefined {
		const owner = this.#owners.get(id);
		const socket = owner?.getSocket();
		if (!owner || !socket || owner.getToken() !== token) return undefined;
		return socket.readyState === WebSocket.CLOSED ? undefined : socket;
	}
}

function terminate(socket: WebSocket): Promise<void> {
	const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
	// Not close(): a socket orphaned by a network drop never answers the closing handshake, and
	// close() would wait 30 s for it while the reconnecting client sits in "connecting".
	socket.terminate();
	return closed;
}
