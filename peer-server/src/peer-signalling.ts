import type { Server } from 'node:http';
import type { Express } from 'express';
import { ExpressPeerServer, type IConfig } from 'peer';
import { WebSocketServer } from 'ws';
import type { ServerConfig } from './config';

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

export function mountPeerSignalling(app: Express, httpServer: Server, config: ServerConfig, log: (line: string) => void): PeerSignalling {
	let socketServer: WebSocketServer | undefined;
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
			socketServer = new WebSocketServer({ ...wsOptions, maxPayload: MAX_SIGNALLING_FRAME_BYTES });
			return socketServer;
		},
		...(config.peerExpireTimeoutMs === undefined ? {} : { expire_timeout: config.peerExpireTimeoutMs }),
		...(config.peerAliveTimeoutMs === undefined ? {} : { alive_timeout: config.peerAliveTimeoutMs })
	};
	const peerApp = ExpressPeerServer(httpServer, options);
	peerApp.disable('x-powered-by');

	// A Set rather than a counter: a reconnect with the same token emits "connection" again
	// without a matching "disconnect", which would make a plain counter drift upwards.
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
