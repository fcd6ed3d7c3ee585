import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { CLIENT_CONFIG_PATH, clientConfigHandler } from './client-config';
import type { ServerConfig } from './config';
import { mountPeerSignalling, PEER_MOUNT_PATH } from './peer-signalling';
import { securityHeaders } from './security-headers';
import { createStaticApp } from './static-app';

export interface RunningServer {
	/** Base URL with the real port, e.g. http://127.0.0.1:8787 (port 0 is resolved). */
	readonly url: string;
	readonly port: number;
	readonly httpServer: http.Server;
	close(): Promise<void>;
}

export interface ServerOptions {
	readonly log?: (line: string) => void;
}

/** Composition root: the only place that knows how the parts are ordered on the one origin. */
export async function createServer(config: ServerConfig, options: ServerOptions = {}): Promise<RunningServer> {
	const log = options.log ?? ((line: string) => console.log(line));
	const app = express();
	app.disable('x-powered-by');
	const httpServer = http.createServer(app);

	app.use(securityHeaders);
	app.get(CLIENT_CONFIG_PATH, clientConfigHandler(config));
	const signalling = mountPeerSignalling(app, httpServer, config, log);
	app.use(createStaticApp(config.staticDir, [PEER_MOUNT_PATH, CLIENT_CONFIG_PATH]));
	app.use(notFound);
	app.use(serverError(log));

	await listen(httpServer, config.port, config.host);
	const { port } = httpServer.address() as AddressInfo;
	// Memoised so a signal handler and a test teardown can both call close() safely.
	let closing: Promise<void> | undefined;
	return {
		url: `http://${formatHost(config.host)}:${port}`,
		port,
		httpServer,
		close: () => (closing ??= stop(httpServer, () => signalling.close()))
	};
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
