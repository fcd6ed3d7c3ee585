import { describe, expect, it } from 'vitest';
import { MAX_TURN_RESPONSE_BYTES, parseTurnResponse, TURN_RETRY_MS, TurnCredentials } from '../../../src/lib/net/turn-credentials';
import { parseClientConfig, FALLBACK_CONFIG } from '../../../src/lib/net/client-config';

const GOOD = { urls: ['turn:127.0.0.1:3478'], username: '1700003600:AbC_-12', credential: 'UTxENDIdw4TUKgCXsJCuEC2RO9k=', ttl: 3600 };

function answering(...bodies: (object | string | number | Error)[]) {
	const calls: RequestInit[] = [];
	const fetcher = (async (_input: RequestInfo | URL, init?: RequestInit) => {
		calls.push(init ?? {});
		const body = bodies.length > 1 ? bodies.shift() : bodies[0];
		if (body instanceof Error) throw body;
		if (typeof body === 'number') return new Response('no', { status: body });
		return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status: 200 });
	}) as typeof fetch;
	return { fetcher, calls };
}

describe('TURN credential answers', () => {
	it('accepts the server’s shape', () => {
		expect(parseTurnResponse(GOOD)).toEqual(GOOD);
	});

	it.each([
		['a TTL under a minute', { ttl: 59 }],
		['a TTL over a day', { ttl: 86_401 }],
		['a fractional TTL', { ttl: 60.5 }],
		['a STUN URL', { urls: ['stun:127.0.0.1:3478'] }],
		['no URL', { urls: [] }],
		['nine URLs', { urls: Array(9).fill('turn:a') }],
		['a username without an expiry', { username: 'alice' }],
		['a username with two separators', { username: '1:a:b' }],
		['an empty credential', { credential: '' }],
		['a huge credential', { credential: 'x'.repeat(129) }],
		['an extra field', { password: 'p' }]
	])('refuses %s', (_name, change) => {
		expect(parseTurnResponse({ ...GOOD, ...change })).toBeNull();
	});
});

describe('TurnCredentials', () => {
	it('fetches without cookies or cache and holds the credentials for their TTL', async () => {
		let now = 1_000_000;
		const { fetcher, calls } = answering(GOOD);
		const turn = new TurnCredentials('/turn-credentials', { fetcher, now: () => now, log: () => {} });
		expect(turn.current()).toBeNull();
		expect(await turn.ensure()).toEqual({ ok: true, server: { urls: GOOD.urls, username: GOOD.username, credential: GOOD.credential } });
		expect(calls[0]).toMatchObject({ cache: 'no-store', credentials: 'omit' });
		now += 3_600_000 - 1;
		expect(turn.current()?.username).toBe(GOOD.username);
		now += 1;
		expect(turn.current()).toBeNull();
	});

	it('renews at half the TTL, not before', async () => {
		let now = 0;
		const { fetcher, calls } = answering(GOOD);
		const turn = new TurnCredentials('/t', { fetcher, now: () => now, log: () => {} });
		await turn.ensure();
		expect(turn.refreshInMs()).toBe(1_800_000);
		now = 1_799_999;
		await turn.ensure();
		expect(calls).toHaveLength(1);
		expect(turn.stale).toBe(false);
		now = 1_800_000;
		expect(turn.stale).toBe(true);
		expect(turn.refreshInMs()).toBe(0);
		await turn.ensure();
		expect(calls).toHaveLength(2);
	});

	it('asks once for callers that ask at the same time', async () => {
		const { fetcher, calls } = answering(GOOD);
		const turn = new TurnCredentials('/t', { fetcher, log: () => {} });
		await Promise.all([turn.ensure(), turn.ensure(), turn.ensure()]);
		expect(calls).toHaveLength(1);
	});

	it.each([
		['a refusal', 429, 'refused'],
		['a server error', 500, 'refused'],
		['no network', new TypeError('failed to fetch'), 'unreachable'],
		['a body that is not JSON', 'not json', 'invalid'],
		['a body of the wrong shape', { ...GOOD, ttl: 5 }, 'invalid'],
		['an oversized body', JSON.stringify(GOOD).replace('{', `{${' '.repeat(MAX_TURN_RESPONSE_BYTES)}`), 'invalid']
	])('reports %s, keeps no credentials and retries later', async (_name, answer, reason) => {
		const { fetcher } = answering(answer as object);
		const lines: string[] = [];
		const turn = new TurnCredentials('/t', { fetcher, log: (line) => void lines.push(line) });
		expect(await turn.ensure()).toEqual({ ok: false, reason });
		expect(turn.failure).toBe(reason);
		expect(turn.current()).toBeNull();
		expect(turn.refreshInMs()).toBe(TURN_RETRY_MS);
		expect(lines).toEqual([`TURN credentials unavailable: ${reason}`]);
	});

	it('keeps valid credentials through a failed renewal, and clears the failure on the next success', async () => {
		let now = 0;
		const { fetcher } = answering(GOOD, 503, GOOD);
		const turn = new TurnCredentials('/t', { fetcher, now: () => now, log: () => {} });
		await turn.ensure();
		now = 2_000_000;
		expect(await turn.ensure()).toEqual({ ok: false, reason: 'refused' });
		expect(turn.current()?.username).toBe(GOOD.username);
		expect((await turn.ensure()).ok).toBe(true);
		expect(turn.failure).toBeNull();
	});
});

describe('/config.json turn entry', () => {
	const config = { ...FALLBACK_CONFIG, deployment: { id: 'dGVzdC1kZXBsb3ltZW50MQ', handleSalt: 'dGVzdC1oYW5kbGUtc2FsdA' } };
	it('names a same-origin path only', () => {
		expect(parseClientConfig({ ...config, turn: { path: '/turn-credentials' } })?.turn).toEqual({ path: '/turn-credentials' });
		expect(parseClientConfig(config)).not.toBeNull();
		expect(parseClientConfig(config)?.turn).toBeUndefined();
		for (const path of ['//evil', '//evil.example/x', 'https://evil.example/', 'turn-credentials', '/a?b', `/${'a'.repeat(200)}`]) {
			expect(parseClientConfig({ ...config, turn: { path } }), path).toBeNull();
		}
	});
});
