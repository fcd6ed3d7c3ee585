import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config';
import { TURN_CREDENTIALS_PATH, turnCredentials, turnPassword, type TurnConfig } from '../src/turn-credentials';
import { cleanUp, ManualClock, startServer } from './server-fixture';

afterEach(cleanUp);

const SECRET = 'north-wind-secret-0123';
const TURN: TurnConfig = { secret: SECRET, urls: ['turn:127.0.0.1:3478', 'turns:turn.example.org:5349'], ttlSeconds: 3600 };

describe('TURN REST credentials', () => {
	// Computed apart from this code: printf '%s' '1700003600:alice' | openssl dgst -sha1 -hmac "$SECRET" -binary | base64
	it('signs the username with HMAC-SHA1 of the shared secret, as coturn checks it', () => {
		expect(turnPassword(SECRET, '1700003600:alice')).toBe('UTxENDIdw4TUKgCXsJCuEC2RO9k=');
		expect(turnCredentials({ ...TURN, ttlSeconds: 60 }, 1_700_000_000_000, 'AAAAAAAAAAAA').credential).toBe('7tYy6oeB3/rvcnjJ6tBmTNv0xw4=');
	});

	it('names the expiry (now + TTL, unix seconds) before the label', () => {
		const issued = turnCredentials(TURN, 1_700_000_000_999, 'alice');
		expect(issued).toEqual({ urls: TURN.urls, username: '1700003600:alice', credential: 'UTxENDIdw4TUKgCXsJCuEC2RO9k=', ttl: 3600 });
	});

	it.each(['', 'a:b', 'with space', 'x'.repeat(65)])('refuses the label %j (coturn splits the username at ":")', (label) => {
		expect(() => turnCredentials(TURN, 0, label)).toThrow(/label/);
	});
});

describe('TURN settings', () => {
	const env = { TURN_SECRET: SECRET, TURN_URLS: 'turn:127.0.0.1:3478, turns:turn.example.org:5349?transport=tcp' };

	it('reads the secret (env only), the URLs and a TTL defaulting to one hour', () => {
		expect(parseConfig(env, []).turn).toEqual({ secret: SECRET, urls: ['turn:127.0.0.1:3478', 'turns:turn.example.org:5349?transport=tcp'], ttlSeconds: 3600 });
		expect(parseConfig({ ...env, TURN_TTL: '600' }, []).turn?.ttlSeconds).toBe(600);
		expect(parseConfig({ TURN_SECRET: SECRET }, ['--turn-urls', 'turn:a:1', '--turn-ttl', '60']).turn).toMatchObject({ urls: ['turn:a:1'], ttlSeconds: 60 });
		expect(parseConfig({}, []).turn).toBeUndefined();
	});

	it.each([
		[{ TURN_TTL: '59' }, /TURN_TTL must be between 60 and 86400/],
		[{ TURN_TTL: '86401' }, /TURN_TTL must be between 60 and 86400/],
		[{ TURN_TTL: 'soon' }, /TURN_TTL must be a positive integer/],
		[{ TURN_URLS: 'stun:127.0.0.1:3478' }, /invalid TURN URL "stun:127.0.0.1:3478"/],
		[{ TURN_URLS: 'turn:a, turn:b c' }, /invalid TURN URL "turn:b c"/],
		[{ TURN_URLS: Array(9).fill('turn:a').join(',') }, /more than 8 URLs/],
		[{ TURN_SECRET: 'short' }, /TURN_SECRET must be at least 16 characters/],
		[{ TURN_SECRET: undefined }, /TURN_URLS needs TURN_SECRET/],
		[{ TURN_URLS: undefined }, /TURN_SECRET needs TURN_URLS/]
	])('refuses %j', (change, message) => {
		expect(() => parseConfig({ ...env, ...change }, [])).toThrow(message);
	});

	it('refuses a TTL without TURN', () => {
		expect(() => parseConfig({ TURN_TTL: '600' }, [])).toThrow(/TURN_TTL is set but TURN is not/);
	});

	it('has no flag for the secret: command lines show up in ps', () => {
		expect(() => parseConfig({}, ['--turn-secret', SECRET])).toThrow();
	});
});

describe('GET /turn-credentials', () => {
	it('hands out fresh, uncached credentials that expire after the TTL', async () => {
		const clock = new ManualClock(1_700_000_000_000);
		const server = await startServer({ turn: TURN }, undefined, { now: clock.now });
		const response = await fetch(`${server.url}${TURN_CREDENTIALS_PATH}`);
		expect(response.status).toBe(200);
		expect(response.headers.get('cache-control')).toBe('no-store');
		const body = (await response.json()) as { urls: string[]; username: string; credential: string; ttl: number };
		expect(body.urls).toEqual(TURN.urls);
		expect(body.ttl).toBe(3600);
		const [expiry, label] = body.username.split(':');
		expect(Number(expiry)).toBe(1_700_003_600);
		expect(label).toMatch(/^[A-Za-z0-9_-]{12}$/);
		expect(body.credential).toBe(turnPassword(SECRET, body.username));
		// Per request: two clients never share a username.
		const again = (await (await fetch(`${server.url}${TURN_CREDENTIALS_PATH}`)).json()) as { username: string };
		expect(again.username).not.toBe(body.username);
	});

	it('is limited per address', async () => {
		const server = await startServer({ turn: TURN }, undefined, { turnRates: { perMinute: 2 } });
		const statuses = [];
		for (let i = 0; i < 3; i += 1) statuses.push((await fetch(`${server.url}${TURN_CREDENTIALS_PATH}`)).status);
		expect(statuses).toEqual([200, 200, 429]);
	});

	it('does not exist without TURN, and /config.json then says nothing about it', async () => {
		const server = await startServer();
		expect((await fetch(`${server.url}${TURN_CREDENTIALS_PATH}`)).status).toBe(404);
		expect(await (await fetch(`${server.url}/config.json`)).json()).not.toHaveProperty('turn');
	});

	it('is announced in /config.json, which never carries the secret or a TURN password', async () => {
		const server = await startServer({ turn: TURN });
		const text = await (await fetch(`${server.url}/config.json`)).text();
		expect(JSON.parse(text)).toMatchObject({ turn: { path: TURN_CREDENTIALS_PATH }, iceServers: [] });
		expect(text).not.toContain(SECRET);
		expect(text).not.toContain('turn:127.0.0.1');
		expect(text).not.toMatch(/"(credential|username)"/);
	});
});
