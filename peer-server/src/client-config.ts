import type { RequestHandler } from 'express';
import type { Deployment } from '../../src/lib/directory/deployment';
import type { ServerConfig } from './config';
import type { IceServer } from './ice-servers';
import { PEER_MOUNT_PATH } from './peer-signalling';
import { TURN_CREDENTIALS_PATH } from './turn-credentials';

export const CLIENT_CONFIG_PATH = '/config.json';

/**
 * Body of GET /config.json. Host, port and TLS are deliberately absent: the browser derives
 * them from its own location, which stays correct behind reverse proxies and port mappings.
 */
export interface ClientConfig {
	readonly version: 1;
	readonly peerServer: { readonly path: string; readonly key: string };
	readonly iceServers: readonly IceServer[];
	/** Public: signed into tokens and records, and the salt of handle lookup keys. */
	readonly deployment: Deployment;
	/**
	 * Present when a TURN relay is configured: where to fetch short-lived credentials for it.
	 * Never the credentials themselves, and never the shared secret.
	 */
	readonly turn?: { readonly path: string };
}

export function buildClientConfig(config: ServerConfig, deployment: Deployment): ClientConfig {
	return {
		version: 1,
		peerServer: { path: PEER_MOUNT_PATH, key: config.peerKey },
		iceServers: config.iceServers,
		deployment: { id: deployment.id, handleSalt: deployment.handleSalt },
		...(config.turn ? { turn: { path: TURN_CREDENTIALS_PATH } } : {})
	};
}

export function clientConfigHandler(config: ServerConfig, deployment: Deployment): RequestHandler {
	const body = JSON.stringify(buildClientConfig(config, deployment));
	return (_req, res) => {
		// no-store: a stale copy in the HTTP or service-worker cache would keep old TURN
		// credentials alive after an operator rotates them.
		res.set('Cache-Control', 'no-store').type('application/json').send(body);
	};
}
