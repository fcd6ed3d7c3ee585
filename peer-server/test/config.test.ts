import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('parseConfig', () => {
	it('has closed-network friendly defaults', () => {
		const config = parseConfig({}, []);
		expect(config).toEqual({
			port: 8787,
			host: '127.0.0.1',
			iceServers: [],
			staticDir: path.join(REPO_ROOT, 'build'),
			peerKey: 'parley',
			directoryFile: path.join(REPO_ROOT, 'peer-server', 'data', 'directory.jsonl'),
			requireRegistrationProof: true,
			maxPeers: 5000,
			maxPeersPerAddress: 64,
			registrationsPerAddressPerMinute: 30,
			signallingBurstMessages: 1000,
			signallingMessagesPerSecond: 100,
			deploymentFile: path.join(REPO_ROOT, 'peer-server', 'data', 'deployment.json'),
			pepperFile: path.join(REPO_ROOT, 'peer-server', 'data', 'directory.pepper'),
			redisPrefix: 'parley:'
		});
		expect(Object.isFrozen(config)).toBe(true);
	});

	it('reads environment variables', () => {
		const ice = '[{"urls":"stun:stun.example.org:3478"},{"urls":["turn:turn.example.org"],"username":"u","credential":"p"}]';
		const config = parseConfig(
			{
				PORT: '9000',
				HOST: '0.0.0.0',
				ICE_SERVERS: ice,
				STATIC_DIR: 'dist',
				PEER_KEY: 'k-1',
				PEER_EXPIRE_TIMEOUT_MS: '7000',
				PEER_ALIVE_TIMEOUT_MS: '60000',
				DIRECTORY_FILE: 'state/dir.jsonl',
				REQUIRE_REGISTRATION_PROOF: 'false',
				TRUST_PROXY: 'loopback, 10.0.0.0/8',
				MAX_PEERS: '200',
				MAX_PEERS_PER_ADDRESS: '4',
				REGISTRATIONS_PER_ADDRESS_PER_MINUTE: '10',
				SIGNALLING_BURST_MESSAGES: '500',
				SIGNALLING_MESSAGES_PER_SECOND: '50',
				DEPLOYMENT_ID: 'AAAAAAAAAAAAAAAAAAAAAA',
				HANDLE_SALT: 'AQEBAQEBAQEBAQEBAQEBAQ',
				DIRECTORY_PEPPER: 'AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI',
				DIRECTORY_PEPPER_FILE: '/run/secrets/pepper',
				REDIS_URL: 'redis://:secret@10.0.0.5:6379/2',
				REDIS_PREFIX: 'chat-eu:'
			},
			[],
			'/srv/parley'
		);
		expect(config).toEqual({
			port: 9000,
			host: '0.0.0.0',
			iceServers: JSON.parse(ice),
			staticDir: '/srv/parley/dist',
			peerKey: 'k-1',
			peerExpireTimeoutMs: 7000,
			peerAliveTimeoutMs: 60000,
			directoryFile: '/srv/parley/state/dir.jsonl',
			requireRegistrationProof: false,
			trustProxy: 'loopback,10.0.0.0/8',
			maxPeers: 200,
			maxPeersPerAddress: 4,
			registrationsPerAddressPerMinute: 10,
			signallingBurstMessages: 500,
			signallingMessagesPerSecond: 50,
			deploymentFile: '/srv/parley/state/deployment.json',
			deploymentId: 'AAAAAAAAAAAAAAAAAAAAAA',
			handleSalt: 'AQEBAQEBAQEBAQEBAQEBAQ',
			pepperFile: '/run/secrets/pepper',
			pepper: 'AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI',
			redisUrl: 'redis://:secret@10.0.0.5:6379/2',
			redisPrefix: 'chat-eu:'
		});
	});

	it('refuses a Redis URL of another scheme without echoing it (it may hold a password)', () => {
		expect(() => parseConfig({ REDIS_URL: 'http://:hunter2@cache:6379' }, [])).toThrow(/^REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL$/);
		expect(() => parseConfig({ REDIS_URL: 'not a url hunter2' }, [])).toThrow(/^REDIS_URL must be/);
		expect(() => parseConfig({}, ['--redis-prefix', 'a b'])).toThrow(/--redis-prefix must be/);
	});

	it('lets flags override env, in both --flag value and --flag=value form', () => {
		const env = { PORT: '9000', HOST: '0.0.0.0', PEER_KEY: 'from-env', STATIC_DIR: '/env/build' };
		const config = parseConfig(env, ['--port', '9100', '--host=localhost', '--peer-key', 'from-flag', '--static-dir', '/flag/build']);
		expect(config).toMatchObject({ port: 9100, host: 'localhost', peerKey: 'from-flag', staticDir: '/flag/build' });
	});

	it('treats empty env values as unset', () => {
		expect(parseConfig({ PORT: '', ICE_SERVERS: '' }, [])).toMatchObject({ port: 8787, iceServers: [] });
	});

	it('accepts port 0 so tests can ask for a free port', () => {
		expect(parseConfig({ PORT: '0' }, []).port).toBe(0);
	});

	it.each([
		[{ PORT: 'abc' }, [], /PORT must be an integer between 0 and 65535, got "abc"/],
		[{ PORT: '70000' }, [], /PORT must be an integer/],
		[{}, ['--port=-1'], /--port must be an integer/],
		[{ PORT: '80.5' }, [], /PORT must be an integer/]
	])('rejects bad ports: %j %j', (env, argv, message) => {
		expect(() => parseConfig(env, argv)).toThrow(message);
	});

	it.each([
		['{not json', /ICE_SERVERS is not valid JSON/],
		['{"urls":"stun:a"}', /ICE_SERVERS must be a JSON array/],
		['["stun:a"]', /ICE_SERVERS\[0\] must be an object/],
		['[{"url":"stun:a"}]', /ICE_SERVERS\[0\] has unknown field "url"/],
		['[{"urls":[]}]', /ICE_SERVERS\[0\]\.urls must be a string or a non-empty array/],
		['[{"urls":"http://a"}]', /ICE_SERVERS\[0\]\.urls has invalid ICE URL "http:\/\/a"/],
		['[{"urls":"turn:a"}]', /ICE_SERVERS\[0\] is a TURN server and needs both "username" and "credential"/],
		['[{"urls":"stun:a","username":5}]', /ICE_SERVERS\[0\]\.username must be a string/]
	])('rejects invalid ICE_SERVERS %s', (json, message) => {
		expect(() => parseConfig({ ICE_SERVERS: json }, [])).toThrow(message);
	});

	it('reads the directory file, proof switch and trusted proxies from flags', () => {
		const config = parseConfig({ REQUIRE_REGISTRATION_PROOF: '0' }, [
			'--directory-file',
			'/var/lib/parley/d.jsonl',
			'--require-registration-proof=true',
			'--trust-proxy',
			'192.0.2.7',
			'--max-peers=9',
			'--signalling-burst-messages=2000',
			'--signalling-messages-per-second',
			'200'
		]);
		expect(config).toMatchObject({
			directoryFile: '/var/lib/parley/d.jsonl',
			deploymentFile: '/var/lib/parley/deployment.json',
			pepperFile: '/var/lib/parley/directory.pepper',
			requireRegistrationProof: true,
			trustProxy: '192.0.2.7',
			maxPeers: 9,
			signallingBurstMessages: 2000,
			signallingMessagesPerSecond: 200
		});
		expect(parseConfig({ TRUST_PROXY: '::1, fd00::/8, uniquelocal' }, []).trustProxy).toBe('::1,fd00::/8,uniquelocal');
	});

	it.each([
		[{ REQUIRE_REGISTRATION_PROOF: 'yes' }, /REQUIRE_REGISTRATION_PROOF must be true or false, got "yes"/],
		[{ TRUST_PROXY: 'true' }, /TRUST_PROXY must be a comma-separated list of proxy addresses.* got "true"/],
		// A hop count believes whoever connects: with the port reachable directly, anyone picks their address.
		[{ TRUST_PROXY: '1' }, /TRUST_PROXY must be a comma-separated list .* got "1"/],
		[{ TRUST_PROXY: '10.0.0.0/33' }, /TRUST_PROXY must be a comma-separated list/],
		[{ TRUST_PROXY: 'loopback, example.org' }, /got "example.org"/],
		[{ MAX_PEERS: '0' }, /MAX_PEERS must be a positive integer \(a count\)/],
		[{ SIGNALLING_BURST_MESSAGES: '0' }, /SIGNALLING_BURST_MESSAGES must be a positive integer \(a count\)/],
		[{ SIGNALLING_MESSAGES_PER_SECOND: '1.5' }, /SIGNALLING_MESSAGES_PER_SECOND must be a positive integer/],
		[{ DEPLOYMENT_ID: 'short' }, /DEPLOYMENT_ID must be 16 random bytes as unpadded base64url/],
		[{ DIRECTORY_PEPPER: 'AAAAAAAAAAAAAAAAAAAAAA' }, /DIRECTORY_PEPPER must be 32 random bytes/]
	])('rejects %j', (env, message) => {
		expect(() => parseConfig(env, [])).toThrow(message);
	});

	it('names the flag, not the env var, when the flag was wrong', () => {
		expect(() => parseConfig({ ICE_SERVERS: '[]' }, ['--ice-servers', '{}'])).toThrow(/--ice-servers must be a JSON array/);
	});

	it('takes the pepper from the environment only, never from a flag that `ps` would show', () => {
		expect(() => parseConfig({}, ['--directory-pepper', 'AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI'])).toThrow(ConfigError);
	});

	it('throws ConfigError for unknown flags, bad keys and bad timeouts', () => {
		expect(() => parseConfig({}, ['--prot', '1'])).toThrow(ConfigError);
		expect(() => parseConfig({}, ['stray'])).toThrow(ConfigError);
		expect(() => parseConfig({ PEER_KEY: 'has space' }, [])).toThrow(/PEER_KEY must be 1-64 characters/);
		expect(() => parseConfig({ PEER_EXPIRE_TIMEOUT_MS: '0' }, [])).toThrow(/PEER_EXPIRE_TIMEOUT_MS must be a positive integer/);
		expect(() => parseConfig({}, ['--peer-alive-timeout-ms', '1e3'])).toThrow(/--peer-alive-timeout-ms must be a positive integer/);
	});
});
