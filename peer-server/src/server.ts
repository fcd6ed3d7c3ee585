import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { loadSodium } from '../../src/lib/crypto/sodium';
import { DIRECTORY_MAX_SKEW_MS } from '../../src/lib/directory/record';
import { CLIENT_CONFIG_PATH, clientConfigHandler } from './client-config';
import type { ServerConfig } from './config';
import { loadDeploymentState } from './deployment-state';
import { DIRECTORY_PATH, directoryRouter } from './directory/routes';
import { DirectoryKeys } from './directory/sealing';
import { DirectoryStore } from './directory/store';
import { openRedisBus } from './cluster/bus';
import { ClusterLink, PRESENCE_TTL_MS } from './cluster/cluster-link';
import { HEALTH_PATH, healthHandler, READY_PATH, readyHandler } from './health';
import { MemoryState } from './store/memory-state';
import { RedisState } from './store/redis-state';
import type { SharedState } from './store/shared-state';
import { TRUST_NOBODY, type TrustProxy } from './address-limits';
import { mountPeerSignalling, PEER_MOUNT_PATH } from './peer-signalling';
import { RegistrationProofs } from './registration-proof';
import { securityHeaders } from './security-headers';
import { SIGNALLING_LIMITS, type SignallingLimits } from './signalling-limits';
import { createStaticApp } from './static-app';
import { TURN_CREDENTIALS_PATH, turnCredentialsHandlers } from './turn-credentials';

export interface RunningServer {
	/** Base URL with the real port, e.g. http://127.0.0.1:8787 (port 0 is resolved). */
	readonly url: string;
	readonly port: number;
	readonly httpServer: http.Server;
	close(): Promise<void>;
}

export interface ServerOptions {
	readonly log?: (line: string) => void;
	/** The clock for timestamps in records and registration proofs; tests move it by hand. */
	readonly now?: () => number;
	/** Directory rate limits per client address and minute (tests raise or lower them). */
	readonly directoryRates?: { readonly writesPerMinute?: number; readonly readsPerMinute?: number };
	/** Per-socket signalling limits (tests lower them). */
	readonly signallingLimits?: Partial<SignallingLimits>;
	/** How long another process believes a registration here after its last refresh (tests shorten it). */
	readonly presenceTtlMs?: number;
	/** TURN credential requests per client address and minute (tests lower it). */
	readonly turnRates?: { readonly perMinute?: number };
}

/** Composition root: the only place that knows how the parts are ordered on the one origin. */
export async function createServer(config: ServerConfig, options: ServerOptions = {}): Promise<RunningServer> {
	const log = options.log ?? ((line: string) => console.log(line));
	const now = options.now ?? Date.now;
	const sodium = await loadSodium();
	const { deployment, pepper } = await loadDeploymentState(config, log);
	const keys = new DirectoryKeys(pepper);
	const presenceTtlMs = options.presenceTtlMs ?? PRESENCE_TTL_MS;
	const storeOptions = { keys, now, replayWindowMs: DIRECTORY_MAX_SKEW_MS, log };
	const state: SharedState = config.redisUrl
		? await RedisState.open({ ...storeOptions, url: config.redisUrl, prefix: config.redisPrefix, presenceTtlMs })
		: new MemoryState(await DirectoryStore.open({ ...storeOptions, file: config.directoryFile }), now, presenceTtlMs);
	let cluster: ClusterLink | undefined;
	try {
		if (state instanceof RedisState) {
			await state.agreeOnDeployment(deployment, pepper);
			cluster = await joinCluster(state, config.redisPrefix, log);
		}
	} catch (error) {
		await state.close();
		throw error;
	}
	const app = express();
	app.disable('x-powered-by');
	if (config.trustProxy !== undefined) app.set('trust proxy', config.trustProxy);
	// Express compiles the setting into this function; signalling sockets reuse it for their address.
	const trustProxy = (app.get('trust proxy fn') as TrustProxy | undefined) ?? TRUST_NOBODY;
	const httpServer = http.createServer(app);

	app.use(securityHeaders());
	app.get(CLIENT_CONFIG_PATH, clientConfigHandler(config, deployment));
	app.get(HEALTH_PATH, healthHandler);
	app.get(READY_PATH, readyHandler(() => state.ready()));
	if (config.turn) app.get(TURN_CREDENTIALS_PATH, ...turnCredentialsHandlers({ turn: config.turn, now, ...options.turnRates }));
	const counter = state.counter.bind(state);
	const directoryOptions = { store: state.directory, counter, sodium, deploymentId: deployment.id, now, maxSkewMs: DIRECTORY_MAX_SKEW_MS, log, ...options.directoryRates };
	app.use(DIRECTORY_PATH, directoryRouter(directoryOptions));
	const proofs = config.requireRegistrationProof ? new RegistrationProofs(sodium, deployment.id, now) : undefined;
	const limits = {
		...SIGNALLING_LIMITS,
		burstMessages: config.signallingBurstMessages,
		messagesPerSecond: config.signallingMessagesPerSecond,
		...options.signallingLimits
	};
	const signalling = mountPeerSignalling({ app, httpServer, config, log, now, limits, trustProxy, ...(proofs ? { proofs } : {}), ...(cluster ? { cluster } : {}) });
	app.use(createStaticApp(config.staticDir, [PEER_MOUNT_PATH, CLIENT_CONFIG_PATH, DIRECTORY_PATH, HEALTH_PATH, READY_PATH, TURN_CREDENTIALS_PATH]));
	app.use(notFound);
	app.use(serverError(log));

	try {
		await listen(httpServer, config.port, config.host);
	} catch (error) {
		await cluster?.close();
		await state.close();
		throw error;
	}
	const { port } = httpServer.address() as AddressInfo;
	// Memoised so a signal handler and a test teardown can both call close() safely.
	let closing: Promise<void> | undefined;
	return {
		url: `http://${formatHost(config.host)}:${port}`,
		port,
		httpServer,
		close: () =>
			(closing ??= stop(httpServer, () => signalling.close())
				// Presence records are dropped before the connection goes: a restart leaves no ids pointing here.
				.finally(() => cluster?.close())
				.finally(() => state.close()))
	};
}

async function joinCluster(state: RedisState, prefix: string, log: (line: string) => void): Promise<ClusterLink> {
	const cluster = new ClusterLink(state.presence, state.tokens, log);
	cluster.attachBus(await openRedisBus(state.client, `${prefix}process:`, cluster.process, (message) => cluster.receive(message), log));
	log(JSON.stringify({ event: 'cluster-joined', process: cluster.process }));
	return cluster;
}

function stop(httpServer: http.Server, closeSignalling: () => void): Promise<void> {
	closeSignalling();
	return new Promise<void>((resolve, reject) => {
		httpServer.close((error) => (error ? reject(error) : resolve()));
		// Keep-alive sockets would otherwise hold close() open for seconds.
		httpServer.closeAllConnections();
	});
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
	return new Promise((resolve, reject) => {
		const onError = (error: NodeJS.ErrnoException) => {
			const hint = error.code === 'EADDRINUSE' ? ` (port ${port} is in use; pick another with --port or PORT)` : '';
			reject(new Error(`Cannot listen on ${host}:${port}: ${error.message}${hint}`));
		};
		server.once('error', onError);
		server.listen(port, host, () => {
			server.off('error', onError);
			resolve();
		});
	});
}

function formatHost(host: string): string {
	return host.includes(':') ? `[${host}]` : host;
}

const notFound: RequestHandler = (_req, res) => {
	res.status(404).type('text/plain').send('Not found\n');
};

function serverError(log: (line: string) => void): ErrorRequestHandler {
	return (error: Error, _req, res, next) => {
		if (res.headersSent) {
			next(error);
			return;
		}
		log(`request failed: ${error.message}`);
		res.status(500).type('text/plain').send('Internal server error\n');
	};
}
