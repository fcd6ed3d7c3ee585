import { isIP } from 'node:net';
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
	/** Absolute path of the handle directory's append-only JSON-lines file. */
	readonly directoryFile: string;
	/** Refuse PeerServer registrations without a key proof in the token (docs/PROTOCOL.md §11). */
	readonly requireRegistrationProof: boolean;
	/** Express "trust proxy" value, so rate limits see client addresses behind a reverse proxy. */
	readonly trustProxy?: number | string;
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
	alive: { env: 'PEER_ALIVE_TIMEOUT_MS', flag: 'peer-alive-timeout-ms' },
	directoryFile: { env: 'DIRECTORY_FILE', flag: 'directory-file' },
	registrationProof: { env: 'REQUIRE_REGISTRATION_PROOF', flag: 'require-registration-proof' },
	trustProxy: { env: 'TRUST_PROXY', flag: 'trust-proxy' }
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
  --peer-alive-timeout-ms <n>    [PEER_ALIVE_TIMEOUT_MS]
  --directory-file <file>        [DIRECTORY_FILE] handle directory store,
                                 default <repo>/peer-server/data/directory.jsonl
  --require-registration-proof <true|false>
                                 [REQUIRE_REGISTRATION_PROOF] default true: a peer id is only
                                 registered with a signed proof of its key
  --trust-proxy <hops|addresses> [TRUST_PROXY] reverse proxies whose X-Forwarded-For is
                                 believed (Express "trust proxy"), default none`;

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
	const directoryRaw = raw('directoryFile');
	const trustProxy = parseTrustProxy(raw('trustProxy'));
	return Object.freeze({
		port: parsePort(raw('port')),
		host: parseHost(raw('host')),
		iceServers: iceRaw ? wrap(() => parseIceServers(iceRaw.value, iceRaw.source)) : Object.freeze([]),
		staticDir: staticRaw ? path.resolve(cwd, staticRaw.value) : path.join(REPO_ROOT, 'build'),
		peerKey: parsePeerKey(raw('peerKey')),
		...(expire === undefined ? {} : { peerExpireTimeoutMs: expire }),
		...(alive === undefined ? {} : { peerAliveTimeoutMs: alive }),
		directoryFile: directoryRaw ? path.resolve(cwd, directoryRaw.value) : path.join(REPO_ROOT, 'peer-server', 'data', 'directory.jsonl'),
		requireRegistrationProof: parseBoolean(raw('registrationProof'), true),
		...(trustProxy === undefined ? {} : { trustProxy })
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

function parseBoolean(raw: RawValue, fallback: boolean): boolean {
	if (!raw) return fallback;
	const value = raw.value.toLowerCase();
	if (value === 'true' || value === '1') return true;
	if (value === 'false' || value === '0') return false;
	throw new ConfigError(`${raw.source} must be true or false, got ${JSON.stringify(raw.value)}`);
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * A hop count, or Express's comma-separated list of addresses, subnets and the names loopback,
 * linklocal, uniquelocal. Never "trust everyone": clients could then pick their own address.
 */
function parseTrustProxy(raw: RawValue): number | string | undefined {
	if (!raw) return undefined;
	if (/^\d+$/.test(raw.value)) return Number(raw.value);
	const entries = raw.value.split(',').map((entry) => entry.trim());
	for (const entry of entries) {
		const [address = '', bits, ...extra] = entry.split('/');
		const validBits = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (isIP(address) === 6 ? 128 : 32));
		if (!(PROXY_NAMES.has(entry) || (isIP(address) !== 0 && validBits && extra.length === 0))) {
			throw new ConfigError(
				`${raw.source} must be a hop count or a comma-separated list of addresses, subnets, loopback, linklocal or uniquelocal; got ${JSON.stringify(entry)}`
			);
		}
	}
	return entries.join(',');
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
