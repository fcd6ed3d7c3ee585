import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseIceServers, type IceServer } from './ice-servers';

export interface ServerConfig {
	readonly port: number;
	readonly host: string;
	readonly iceServers: readonly IceServer[];
	/** Absolute path of the adapter-static output. */
	readonly staticDir: string;
	readonly peerKey: string;
	readonly peerExpireTimeoutMs?: number;
	readonly peerAliveTimeoutMs?: number;
}

export class ConfigError extends Error {
	override name = 'ConfigError';
}

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Each setting has an env name and a flag name so errors can point at whichever the user typed. */
const SETTINGS = {
	port: { env: 'PORT', flag: 'port' },
	host: { env: 'HOST', flag: 'host' },
	iceServers: { env: 'ICE_SERVERS', flag: 'ice-servers' },
	staticDir: { env: 'STATIC_DIR', flag: 'static-dir' },
	peerKey: { env: 'PEER_KEY', flag: 'peer-key' },
	expire: { env: 'PEER_EXPIRE_TIMEOUT_MS', flag: 'peer-expire-timeout-ms' },
	alive: { env: 'PEER_ALIVE_TIMEOUT_MS', flag: 'peer-alive-timeout-ms' }
} as const;

type SettingName = keyof typeof SETTINGS;
type RawValue = { readonly value: string; readonly source: string } | undefined;

export const USAGE = `Usage: npm run serve -- [options]   (every option also reads the env var in brackets)
  --port <n>                     [PORT] default 8787, 0 picks a free port
  --host <addr>                  [HOST] default 127.0.0.1
  --ice-servers <json>           [ICE_SERVERS] JSON array of RTCIceServer, default []
  --static-dir <dir>             [STATIC_DIR] default <repo>/build
  --peer-key <key>               [PEER_KEY] PeerJS API key, default parley
  --peer-expire-timeout-ms <n>   [PEER_EXPIRE_TIMEOUT_MS]
  --peer-alive-timeout-ms <n>    [PEER_ALIVE_TIMEOUT_MS]`;

/**
 * Pure so tests can feed any env/argv. `argv` excludes the node binary and script path.
 * Relative STATIC_DIR values resolve against `cwd`, as users expect from a CLI.
 */
export function parseConfig(
	env: Readonly<Record<string, string | undefined>>,
	argv: readonly string[],
	cwd: string = process.cwd()
): ServerConfig {
	const flags = readFlags(argv);
	const raw = (name: SettingName): RawValue => {
		const { env: envName, flag } = SETTINGS[name];
		// Empty values count as unset so `PORT=` in a compose file falls back to the default.
		if (flags[flag]) return { value: flags[flag], source: `--${flag}` };
		const fromEnv = env[envName];
		return fromEnv ? { value: fromEnv, source: envName } : undefined;
	};

	const iceRaw = raw('iceServers');
	const staticRaw = raw('staticDir');
	const expire = optionalPositiveInt(raw('expire'));
	const alive = optionalPositiveInt(raw('alive'));
	return Object.freeze({
		port: parsePort(raw('port')),
		host: parseHost(raw('host')),
		iceServers: iceRaw ? wrap(() => parseIceServers(iceRaw.value, iceRaw.source)) : Object.freeze([]),
		staticDir: staticRaw ? path.resolve(cwd, staticRaw.value) : path.join(REPO_ROOT, 'build'),
		peerKey: parsePeerKey(raw('peerKey')),
		...(expire === undefined ? {} : { peerExpireTimeoutMs: expire }),
		...(alive === undefined ? {} : { peerAliveTimeoutMs: alive })
	});
}

function readFlags(argv: readonly string[]): Partial<Record<string, string>> {
	const options = Object.fromEntries(Object.values(SETTINGS).map(({ flag }) => [flag, { type: 'string' as const }]));
	return wrap(() => parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values) as Partial<
		Record<string, string>
	>;
}

function parsePort(raw: RawValue): number {
	if (!raw) return 8787;
	const port = Number(raw.value);
	if (!/^\d+$/.test(raw.value) || port > 65535) {
		throw new ConfigError(`${raw.source} must be an integer between 0 and 65535, got ${JSON.stringify(raw.value)}`);
	}
	return port;
}

function parseHost(raw: RawValue): string {
	if (!raw) return '127.0.0.1';
	if (/\s|\//.test(raw.value)) throw new ConfigError(`${raw.source} must be a host name or IP address, got ${JSON.stringify(raw.value)}`);
	return raw.value;
}

function parsePeerKey(raw: RawValue): string {
	if (!raw) return 'parley';
	// The key travels unescaped in the peerjs client's URLs, so keep it to URL-safe characters.
	if (!/^[A-Za-z0-9_-]{1,64}$/.test(raw.value)) {
		throw new ConfigError(`${raw.source} must be 1-64 characters of A-Z, a-z, 0-9, _ or -`);
	}
	return raw.value;
}

function optionalPositiveInt(raw: RawValue): number | undefined {
	if (!raw) return undefined;
	const value = Number(raw.value);
	if (!/^\d+$/.test(raw.value) || value < 1 || !Number.isSafeInteger(value)) {
		throw new ConfigError(`${raw.source} must be a positive integer (milliseconds), got ${JSON.stringify(raw.value)}`);
	}
	return value;
}

function wrap<T>(read: () => T): T {
	try {
		return read();
	} catch (error) {
		throw error instanceof ConfigError ? error : new ConfigError((error as Error).message, { cause: error });
	}
}
