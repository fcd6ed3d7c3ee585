import type { IncomingMessage, Server } from 'node:http';
import type { Express } from 'express';
import { ExpressPeerServer, type IConfig } from 'peer';
import type { WebSocket, WebSocketServer } from 'ws';
import { decodeRegistrationToken } from '../../src/lib/directory/registration-token';
import { AddressLimits, clientAddress, type AddressCharge, type TrustProxy } from './address-limits';
import type { ClusterLink, Outgoing } from './cluster/cluster-link';
import type { ServerConfig } from './config';
import type { RegistrationProofs } from './registration-proof';
import { SessionTakeover } from './session-takeover';
import { gatedSocketClass, type GatedSocket, type GateRules, type SignallingLimits } from './signalling-limits';

/**
 * Where the PeerServer lives on our origin. The peerjs browser client appends "peerjs" to its
 * `path` option, so with `path: '/peerjs'` it opens ws(s)://host:port/peerjs/peerjs?key=…&id=…
 * and fetches /peerjs/<key>/id — both of which the mount below answers.
 */
export const PEER_MOUNT_PATH = '/peerjs';

/** The peer package's defaults, restated because we derive its pruning interval from them. */
const DEFAULT_EXPIRE_TIMEOUT_MS = 5000;
const DEFAULT_CLEANUP_MS = 1000;

/**
 * Frames above this close the socket at once (ws answers 1009). Smaller ones above
 * `SignallingLimits.maxMessageBytes` are only dropped, so one odd message costs no reconnect.
 */
export const MAX_SIGNALLING_FRAME_BYTES = 64 * 1024;

export interface SignallingOptions {
	readonly app: Express;
	readonly httpServer: Server;
	readonly config: ServerConfig;
	readonly log: (line: string) => void;
	/** When given, only a socket whose token proves the id's key registers it (docs/PROTOCOL.md §11). */
	readonly proofs?: RegistrationProofs;
	readonly limits: SignallingLimits;
	readonly now: () => number;
	/** Express's compiled "trust proxy" function, so sockets are counted per real client address. */
	readonly trustProxy: TrustProxy;
	/** With REDIS_URL: the other processes of the deployment, for ids registered there. */
	readonly cluster?: ClusterLink;
}

export interface PeerSignalling {
	/** Drops every signalling socket; the HTTP server does not track upgraded sockets itself. */
	close(): void;
}

/** Without `proofs`, any token registers a free id (the stock PeerServer behaviour). */
export function mountPeerSignalling({ app, httpServer, config, log, proofs, limits, now, trustProxy, cluster }: SignallingOptions): PeerSignalling {
	let socketServer: WebSocketServer | undefined;
	// Lets a client that reconnects with its own id and token replace its stale socket, and
	// turns away registrations without a key proof before the package sees them.
	const takeover = new SessionTakeover(config.peerKey, proofs, cluster);
	const perAddress = new AddressLimits({ maxSockets: config.maxPeersPerAddress, registrationsPerMinute: config.registrationsPerAddressPerMinute }, now);
	const screen = (socket: WebSocket, req: IncomingMessage): string | undefined => {
		const admitted = perAddress.admit(clientAddress(req, trustProxy));
		if (!admitted.ok) return admitted.refusal;
		// Given back by the socket class when the socket closes.
		(socket as GatedSocket<AddressCharge>).held = admitted.charge;
		return undefined;
	};
	// One set of rules for every socket: an idle socket then holds only its gate's counters.
	const rules: GateRules = {
		limits,
		now,
		isRegistered: (id) => takeover.isRegistered(id),
		...(cluster
			? {
					relayElsewhere: (message: Outgoing, sender: WebSocket) => {
						// Only a registered socket speaks for its id; the package would ignore the rest too.
						const src = takeover.idOf(sender);
						if (src !== undefined) cluster.relay(src, message);
					}
				}
			: {})
	};
	const GatedSocketClass = gatedSocketClass<AddressCharge>(rules, (charge) => perAddress.release(charge));
	const expireMs = config.peerExpireTimeoutMs ?? DEFAULT_EXPIRE_TIMEOUT_MS;
	const options: Partial<IConfig> = {
		key: config.peerKey,
		// Relative to the mount point: the package joins app.path() ("/peerjs") with this.
		path: '/',
		// Discovery would let any visitor list every connected id.
		allow_discovery: false,
		// Same-origin by design; the only CORS-able route (/id) has no cross-origin consumer.
		corsOptions: { origin: false },
		createWebSocketServer: (wsOptions) => {
			// ws defaults to 100 MiB frames; signalling frames (SDP, ICE candidates) are a few KiB.
			socketServer = takeover.createSocketServer({ ...wsOptions, maxPayload: MAX_SIGNALLING_FRAME_BYTES, WebSocket: GatedSocketClass }, screen);
			return socketServer;
		},
		// The package's server-wide cap; it answers ERROR to registrations beyond it.
		concurrent_limit: config.maxPeers,
		// The gate drops what the package would queue for offline ids, so its queue (and the
		// EXPIRE it sends when the queue times out) should stay empty; checked at least as often
		// as it expires, so a test with a short timeout would see a leak at once.
		expire_timeout: expireMs,
		cleanup_out_msgs: Math.min(DEFAULT_CLEANUP_MS, expireMs),
		...(config.peerAliveTimeoutMs === undefined ? {} : { alive_timeout: config.peerAliveTimeoutMs })
	};
	const peerApp = ExpressPeerServer(httpServer, options);
	peerApp.disable('x-powered-by');
	takeover.watch(peerApp);

	// A Set rather than a counter: should the package ever report "connection" twice for one id
	// without a "disconnect" in between (its silent same-token swap), the count cannot drift.
	const online = new Set<string>();
	peerApp.on('connection', (client) => {
		online.add(client.getId());
		// The proof's time lets a newer session on another process replace this one.
		cluster?.registered(client.getId(), proofs ? (decodeRegistrationToken(client.getToken())?.ts ?? null) : null);
		log(`peer connected (${online.size} online)`);
	});
	peerApp.on('disconnect', (client) => {
		if (!online.delete(client.getId())) return;
		cluster?.unregistered(client.getId());
		log(`peer disconnected (${online.size} online)`);
	});
	// Without a listener, the package re-emits a malformed frame's parse error as an unhandled
	// "error" event, which throws inside the socket handler and kills the whole process.
	// The message can quote client-sent bytes, so strip anything that could forge log lines.
	peerApp.on('error', (error) => log(`signalling error: ${error.message.replace(/[^\x20-\x7e]/g, '?').slice(0, 120)}`));

	app.use(PEER_MOUNT_PATH, peerApp);
	cluster?.attachPeers(takeover);

	return {
		close() {
			if (!socketServer) return;
			for (const socket of socketServer.clients) socket.terminate();
			socketServer.close();
		}
	};
}
