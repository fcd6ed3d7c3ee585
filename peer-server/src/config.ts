import { isIP } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEPLOYMENT_ID_BYTES, HANDLE_SALT_BYTES, isBase64UrlOf } from '../../src/lib/directory/deployment';
import { PEPPER_BYTES } from './directory/sealing';
import { parseIceServers, type IceServer } from './ice-servers';
import { SIGNALLING_LIMITS } from './signalling-limits';
import { DEFAULT_TURN_TTL_S, MAX_TURN_TTL_S, MIN_TURN_TTL_S, type TurnConfig } from './turn-credentials';

/** The peer package's own default; each socket costs a few KiB, so this is memory, not CPU. */
export const DEFAULT_MAX_PEERS = 5000;
/**
 * Carrier-grade NAT puts many households behind one address; a client turned away here retries
 * every ≤ 30 s (those retries cost no registrations, see AddressLimits).
 */
export const DEFAULT_MAX_PEERS_PER_ADDRESS = 64;
/** A page load registers once, reconnects back off; 30 a minute is far above either. */
export const DEFAULT_REGISTRATIONS_PER_ADDRESS_PER_MINUTE = 30;

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
	/**
	 * Express "trust proxy" value naming the reverse proxies whose X-Forwarded-For is believed
	 * (addresses, subnets, loopback/linklocal/uniquelocal). Never a hop count or "true": with the
	 * port reachable directly, those let any client pick the address rate limits see.
	 */
	readonly trustProxy?: string;
	/** Most signalling sockets registered at once, server-wide (the peer package's concurrent_limit). */
	readonly maxPeers: number;
	/** Most signalling sockets open at once from one address (IPv4) or /64 (IPv6). */
	readonly maxPeersPerAddress: number;
	/** Most new signalling sockets per address and minute. */
	readonly registrationsPerAddressPerMinute: number;
	/** Signalling messages one socket may send at once, and how many come back per second. */
	readonly signallingBurstMessages: number;
	readonly signallingMessagesPerSecond: number;
	/** Where the deployment id and handle salt are kept once generated (not secret). */
	readonly deploymentFile: string;
	/** Set both to pin them instead of generating: base64url of 16 bytes each. */
	readonly deploymentId?: string;
	readonly handleSalt?: string;
	/** The directory's secret key, kept apart from the directory file; created (mode 0600) if missing. */
	readonly pepperFile: string;
	/** The pepper itself (env only, base64url of 32 bytes); wins over pepperFile. */
	readonly pepper?: string;
	/** Redis (or Valkey) shared by every process of the deployment; unset: the embedded store. */
	readonly redisUrl?: string;
	/** Prefix of every Redis key and channel, so deployments can share one Redis. */
	readonly redisPrefix: string;
	/** A coturn relay sharing TURN_SECRET; clients get short-lived credentials (turn-credentials.ts). */
	readonly turn?: TurnConfig;
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
	trustProxy: { env: 'TRUST_PROXY', flag: 'trust-proxy' },
	maxPeers: { env: 'MAX_PEERS', flag: 'max-peers' },
	maxPeersPerAddress: { env: 'MAX_PEERS_PER_ADDRESS', flag: 'max-peers-per-address' },
	registrationsPerMinute: { env: 'REGISTRATIONS_PER_ADDRESS_PER_MINUTE', flag: 'registrations-per-address-per-minute' },
	signallingBurst: { env: 'SIGNALLING_BURST_MESSAGES', flag: 'signalling-burst-messages' },
	signallingRate: { env: 'SIGNALLING_MESSAGES_PER_SECOND', flag: 'signalling-messages-per-second' },
	deploymentFile: { env: 'DEPLOYMENT_FILE', flag: 'deployment-file' },
	deploymentId: { env: 'DEPLOYMENT_ID', flag: 'deployment-id' },
	handleSalt: { env: 'HANDLE_SALT', flag: 'handle-salt' },
	pepperFile: { env: 'DIRECTORY_PEPPER_FILE', flag: 'directory-pepper-file' },
	// No flag: command lines show up in `ps` for every user of the machine.
	pepper: { env: 'DIRECTORY_PEPPER', flag: undefined },
	// No flag either: the URL may carry Redis's password.
	redisUrl: { env: 'REDIS_URL', flag: undefined },
	redisPrefix: { env: 'REDIS_PREFIX', flag: 'redis-prefix' },
	turnSecret: { env: 'TURN_SECRET', flag: undefined },
	turnUrls: { env: 'TURN_URLS', flag: 'turn-urls' },
	turnTtl: { env: 'TURN_TTL', flag: 'turn-ttl' }
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
  --trust-proxy <addresses>      [TRUST_PROXY] reverse proxies whose X-Forwarded-For is
                                 believed: addresses, subnets, loopback, linklocal,
                                 uniquelocal (comma-separated), default none
  --max-peers <n>                [MAX_PEERS] signalling sockets server-wide, default 5000
  --max-peers-per-address <n>    [MAX_PEERS_PER_ADDRESS] per IPv4 address or IPv6 /64, default 64
  --registrations-per-address-per-minute <n>
                                 [REGISTRATIONS_PER_ADDRESS_PER_MINUTE] default 30
  --signalling-burst-messages <n>
                                 [SIGNALLING_BURST_MESSAGES] per socket at once, default 1000
  --signalling-messages-per-second <n>
                                 [SIGNALLING_MESSAGES_PER_SECOND] per socket refill, default 100
  --deployment-file <file>       [DEPLOYMENT_FILE] deployment id and handle salt, generated on
                                 first start, default <directory file's dir>/deployment.json
  --deployment-id <b64url>       [DEPLOYMENT_ID] pin the deployment id (16 bytes, base64url)
  --handle-salt <b64url>         [HANDLE_SALT] pin the handle salt (16 bytes, base64url)
  --directory-pepper-file <file> [DIRECTORY_PEPPER_FILE] the directory's secret, created with
                                 mode 0600, default <directory file's dir>/directory.pepper
                                 [DIRECTORY_PEPPER] env only: the secret itself (32 bytes, base64url)
                                 [REDIS_URL] env only: redis://… or rediss://… shared by several
                                 server processes (docs/DEPLOY.md); unset: one process, embedded store
  --redis-prefix <text>          [REDIS_PREFIX] prefix of Redis keys and channels, default parley:
  --turn-urls <urls>             [TURN_URLS] comma-separated turn:/turns: URLs of a coturn relay
                                 run with use-auth-secret; needs TURN_SECRET
                                 [TURN_SECRET] env only: coturn's static-auth-secret (>= 16 chars)
  --turn-ttl <seconds>           [TURN_TTL] lifetime of handed-out TURN credentials,
                                 ${MIN_TURN_TTL_S}-${MAX_TURN_TTL_S}, default ${DEFAULT_TURN_TTL_S}`;

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
		const fromFlag = flag === undefined ? undefined : flags[flag];
		if (fromFlag) return { value: fromFlag, source: `--${flag}` };
		const fromEnv = env[envName];
		return fromEnv ? { value: fromEnv, source: envName } : undefined;
	};

	const iceRaw = raw('iceServers');
	const staticRaw = raw('staticDir');
	const expire = optionalPositiveInt(raw('expire'));
	const alive = optionalPositiveInt(raw('alive'));
	const directoryRaw = raw('directoryFile');
	const trustProxy = parseTrustProxy(raw('trustProxy'));
	const directoryFile = directoryRaw ? path.resolve(cwd, directoryRaw.value) : path.join(REPO_ROOT, 'peer-server', 'data', 'directory.jsonl');
	const dataDir = path.dirname(directoryFile);
	const deploymentFileRaw = raw('deploymentFile');
	const pepperFileRaw = raw('pepperFile');
	const deploymentId = optionalBase64Url(raw('deploymentId'), DEPLOYMENT_ID_BYTES);
	const handleSalt = optionalBase64Url(raw('handleSalt'), HANDLE_SALT_BYTES);
	const pepper = optionalBase64Url(raw('pepper'), PEPPER_BYTES);
	const redisUrl = parseRedisUrl(raw('redisUrl'));
	const turn = parseTurn(raw('turnSecret'), raw('turnUrls'), raw('turnTtl'));
	return Object.freeze({
		port: parsePort(raw('port')),
		host: parseHost(raw('host')),
		iceServers: iceRaw ? wrap(() => parseIceServers(iceRaw.value, iceRaw.source)) : Object.freeze([]),
		staticDir: staticRaw ? path.resolve(cwd, staticRaw.value) : path.join(REPO_ROOT, 'build'),
		peerKey: parsePeerKey(raw('peerKey')),
		...(expire === undefined ? {} : { peerExpireTimeoutMs: expire }),
		...(alive === undefined ? {} : { peerAliveTimeoutMs: alive }),
		directoryFile,
		requireRegistrationProof: parseBoolean(raw('registrationProof'), true),
		...(trustProxy === undefined ? {} : { trustProxy }),
		maxPeers: optionalPositiveInt(raw('maxPeers'), 'a count') ?? DEFAULT_MAX_PEERS,
		maxPeersPerAddress: optionalPositiveInt(raw('maxPeersPerAddress'), 'a count') ?? DEFAULT_MAX_PEERS_PER_ADDRESS,
		registrationsPerAddressPerMinute: optionalPositiveInt(raw('registrationsPerMinute'), 'a count') ?? DEFAULT_REGISTRATIONS_PER_ADDRESS_PER_MINUTE,
		signallingBurstMessages: optionalPositiveInt(raw('signallingBurst'), 'a count') ?? SIGNALLING_LIMITS.burstMessages,
		signallingMessagesPerSecond: optionalPositiveInt(raw('signallingRate'), 'a count') ?? SIGNALLING_LIMITS.messagesPerSecond,
		deploymentFile: deploymentFileRaw ? path.resolve(cwd, deploymentFileRaw.value) : path.join(dataDir, 'deployment.json'),
		...(deploymentId === undefined ? {} : { deploymentId }),
		...(handleSalt === undefined ? {} : { handleSalt }),
		pepperFile: pepperFileRaw ? path.resolve(cwd, pepperFileRaw.value) : path.join(dataDir, 'directory.pepper'),
		...(pepper === undefined ? {} : { pepper }),
		...(redisUrl === undefined ? {} : { redisUrl }),
		redisPrefix: parseRedisPrefix(raw('redisPrefix')),
		...(turn === undefined ? {} : { turn })
	});
}

function parseRedisUrl(raw: RawValue): string | undefined {
	if (!raw) return undefined;
	let url: URL;
	try {
		url = new URL(raw.value);
	} catch {
		throw new ConfigError(`${raw.source} must be a redis:// or rediss:// URL`);
	}
	if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new ConfigError(`${raw.source} must be a redis:// or rediss:// URL`);
	return raw.value;
}

function parseRedisPrefix(raw: RawValue): string {
	if (!raw) return 'parley:';
	if (!/^[A-Za-z0-9:_-]{1,32}$/.test(raw.value)) throw new ConfigError(`${raw.source} must be 1-32 characters of A-Z, a-z, 0-9, :, _ or -`);
	return raw.value;
}

function readFlags(argv: readonly string[]): Partial<Record<string, string>> {
	const flagNames = Object.values(SETTINGS).flatMap(({ flag }) => (flag === undefined ? [] : [flag]));
	const options = Object.fromEntries(flagNames.map((flag) => [flag, { type: 'string' as const }]));
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
 * Express's comma-separated list of addresses, subnets and the names loopback, linklocal,
 * uniquelocal. Never "trust everyone", and no hop counts either: a hop count believes whoever
 * connects, so a client reaching the port directly could pick its own address.
 */
function parseTrustProxy(raw: RawValue): string | undefined {
	if (!raw) return undefined;
	const entries = raw.value.split(',').map((entry) => entry.trim());
	for (const entry of entries) {
		const [address = '', bits, ...extra] = entry.split('/');
		const validBits = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (isIP(address) === 6 ? 128 : 32));
		if (!(PROXY_NAMES.has(entry) || (isIP(address) !== 0 && validBits && extra.length === 0))) {
			throw new ConfigError(
				`${raw.source} must be a comma-separated list of proxy addresses, subnets, loopback, linklocal or uniquelocal; got ${JSON.stringify(entry)}`
			);
		}
	}
	return entries.join(',');
}

function optionalPositiveInt(raw: RawValue, unit = 'milliseconds'): number | undefined {
	if (!raw) return undefined;
	const value = Number(raw.value);
	if (!/^\d+$/.test(raw.value) || value < 1 || !Number.isSafeInteger(value)) {
		throw new ConfigError(`${raw.source} must be a positive integer (${unit}), got ${JSON.stringify(raw.value)}`);
	}
	return value;
}

const TURN_URL = /^turns?:[^\s,?#]+(\?transport=(udp|tcp))?$/;
const MAX_TURN_URLS = 8;

/** Both or neither: a secret without URLs, or URLs without a secret, is a half-done setup. */
function parseTurn(secret: RawValue, urls: RawValue, ttl: RawValue): TurnConfig | undefined {
	if (!secret && !urls) {
		if (ttl) throw new ConfigError(`${ttl.source} is set but TURN is not (set TURN_SECRET and TURN_URLS)`);
		return undefined;
	}
	if (!secret) throw new ConfigError(`${urls?.source ?? 'TURN_URLS'} needs TURN_SECRET (coturn's static-auth-secret)`);
	if (!urls) throw new ConfigError(`${secret.source} needs TURN_URLS (e.g. turn:turn.example.org:3478)`);
	// Anyone who learns the secret can mint credentials for the relay: no short or guessable ones.
	if (secret.value.length < 16 || /\s/.test(secret.value)) throw new ConfigError(`${secret.source} must be at least 16 characters without spaces`);
	const list = urls.value.split(',').map((url) => url.trim());
	if (list.length > MAX_TURN_URLS) throw new ConfigError(`${urls.source} lists more than ${MAX_TURN_URLS} URLs`);
	for (const url of list) {
		if (!TURN_URL.test(url)) throw new ConfigError(`${urls.source} has invalid TURN URL ${JSON.stringify(url)} (must start with turn: or turns:)`);
	}
	const seconds = optionalPositiveInt(ttl, 'seconds') ?? DEFAULT_TURN_TTL_S;
	if (seconds < MIN_TURN_TTL_S || seconds > MAX_TURN_TTL_S) {
		throw new ConfigError(`${ttl?.source ?? 'TURN_TTL'} must be between ${MIN_TURN_TTL_S} and ${MAX_TURN_TTL_S} seconds, got ${seconds}`);
	}
	return Object.freeze({ secret: secret.value, urls: Object.freeze(list), ttlSeconds: seconds });
}

function optionalBase64Url(raw: RawValue, bytes: number): string | undefined {
	if (!raw) return undefined;
	if (!isBase64UrlOf(raw.value, bytes)) throw new ConfigError(`${raw.source} must be ${bytes} random bytes as unpadded base64url`);
	return raw.value;
}

function wrap<T>(read: () => T): T {
	try {
		return read();
	} catch (error) {
		throw error instanceof ConfigError ? error : new ConfigError((error as Error).message, { cause: error });
	}
}
