import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseConfig, USAGE, type ServerConfig } from './config';
import { PEER_MOUNT_PATH } from './peer-signalling';
import { jsonLogLine } from './log-format';
import { createServer, type RunningServer } from './server';
import { NOT_BUILT_MESSAGE } from './static-app';

// LOG_FORMAT=json: one JSON object per line, for a log collector (docs/DEPLOY.md).
const jsonLogs = process.env.LOG_FORMAT === 'json';
const format = (line: string, level: 'info' | 'warn' | 'error') => (jsonLogs ? jsonLogLine(line, level) : line);
const log = (line: string) => console.log(format(line, 'info'));

function fail(message: string): never {
	console.error(format(message, 'error'));
	process.exit(1);
}

const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
	console.log(USAGE);
	process.exit(0);
}

let config: ServerConfig;
try {
	config = parseConfig(process.env, argv);
} catch (error) {
	fail(`Invalid configuration: ${(error as Error).message}\n\n${USAGE}`);
}

if (config.iceServers.some((server) => [server.urls].flat().some((url) => url.startsWith('turn')))) {
	// Allowed for old setups, but /config.json is public: anyone can read that password.
	console.warn('Warning: ICE_SERVERS holds a TURN password, which every visitor can read in /config.json; prefer TURN_SECRET and TURN_URLS (docs/DEPLOY.md).');
}

if (!existsSync(path.join(config.staticDir, 'index.html'))) {
	// Not fatal: the server answers 503 until the build appears, so say it up front too.
	console.warn(format(`Warning: ${config.staticDir} has no index.html. ${NOT_BUILT_MESSAGE}`, 'warn'));
}

let server: RunningServer;
try {
	server = await createServer(config, { log });
} catch (error) {
	fail((error as Error).message);
}
log(`Parley is running at ${server.url} (PeerServer at ${PEER_MOUNT_PATH})`);

let stopping = false;
function shutdown(signal: NodeJS.Signals): void {
	// A second Ctrl+C means "now", e.g. if a socket refuses to close.
	if (stopping) process.exit(1);
	stopping = true;
	log(`${signal} received, shutting down`);
	server.close().then(
		// Explicit exit: the peer package starts internal timers it offers no way to stop.
		() => process.exit(0),
		(error: unknown) => fail(`Shutdown failed: ${(error as Error).message}`)
	);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
