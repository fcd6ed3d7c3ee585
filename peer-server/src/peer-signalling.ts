import type { Server } from 'node:http';
import type { Express } from 'express';
import { ExpressPeerServer, type IConfig } from 'peer';
import type { WebSocketServer } from 'ws';
import type { ServerConfig } from './config';
import type { RegistrationProofs } from './registration-proof';
import { SessionTakeover } from './session-takeover';

/**
 * Where the PeerServer lives on our origin. The peerjs browser client appends "peerjs" to its
 * `path` option, so with `path: '/peerjs'` it opens ws(s)://host:port/peerjs/peerjs?key=…&id=…
 * and fetches /peerjs/<key>/id — both of which the mount below answers.
 */
export const PEER_MOUNT_PATH = '/peerjs';

export const MAX_SIGNALLING_FRAME_BYTES = 256 * 1024;

export interface PeerSignalling {
	/** Drops every signalling socket; the HTTP server does not track upgraded sockets itself. */
	close(): void;
}

/**
 * `proofs`: when given, only a socket whose token proves the id's key registers it
 * (docs/PROTOCOL.md §11); without it any token registers a free id.
 */
export function mountPeerSignalling(
	app: Express,
	httpServer: Server,
	config: ServerConfig,
	log: (line: string) => void,
	proofs?: RegistrationProofs
): PeerSignalling {
	let socketServer: WebSocketServer | undefined;
	// Lets a client that reconnects with its own id and token replace its stale socket, and
	// turns away registrations without a key proof before the package sees them.
	const takeover = new SessionTakeover(config.peerKey, proofs);
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
			socketServer = takeover.createSocketServer({ ...wsOptions, maxPayload: MAX_SIGNALLING_FRAME_BYTES });
			return socketServer;
		},
		...(config.peerExpireTimeoutMs === undefined ? {} : { expire_timeout: config.peerExpireTimeoutMs }),
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
		log(`peer connected (${online.size} online)`);
	});
	peerApp.on('disconnect', (client) => {
		if (online.delete(client.getId())) log(`peer disconnected (${online.size} online)`);
	});
	// Without a listener, the package re-emits a malformed frame's parse error as an unhandled
	// "error" event, which throws inside the socket handler and kills the whole process.
	// The message can quote client-sent bytes, so strip anything that could forge log lines.
	peerApp.on('error', (error) => log(`signalling error: ${error.message.replace(/[^\x20-\x7e]/g, '?').slice(0, 120)}`));

	app.use(PEER_MOUNT_PATH, peerApp);

	return {
		close() {
			if (!socketServer) return;
			for (const socket of socketServer.clients) socket.terminate();
			socketServer.close();
		}
	};
}
