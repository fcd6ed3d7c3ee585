/** The subset of RTCIceServer the browser app understands; Node has no DOM types. */
// @ts-nocheck

// 

export interface IceServer {
	readonly urls: string | readonly string[];
	readonly username?: string;
	readonly credential?: string;
}

const ALLOWED_KEYS = new Set(['urls', 'username', 'credential']);
const ICE_SCHEME = /^(stun|stuns|turn|turns):\S+$/;

/**
 * Validates here rather than in the browser: a typo in a TURN entry otherwise only shows up
 * as calls that silently fail to connect across NATs, long after the server started.
 */
export function parseIceServers(json: string, source: string): readonly IceServer[] {
	let value: unknown;
	try {
		value = JSON.parse(json);
	} catch (error) {
		const hint = `Expected e.g. [{"urls":"stun:stun.example.org:3478"}]`;
		throw new Error(`${source} is not valid JSON (${(error as Error).message}). ${hint}`, { cause: error });
	}
	if (!Array.isArray(value)) throw new Error(`${source} must be a JSON array of RTCIceServer objects`);
	return Object.freeze(value.map((entry: unknown, index) => parseEntry(entry, `${source}[${index}]`)));
}

function parseEntry(entry: unknown, where: string): IceServer {
	if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
		throw new Error(`${where} must be an object like {"urls":"stun:host:3478"}`);
	}
	const record = entry as Record<string, unknown>;
	for (const key of Object.keys(record)) {
		// "url" (singular) is the obsolete spelling that browsers now ignore, so reject it loudly.
		if (!ALLOWED_KEYS.has(key)) throw new Error(`${where} has unknown field "${key}" (allowed: urls, username, credential)`);
	}
	const urls = parseUrls(record.urls, where);
	const username = optionalString(record.username, `${where}.username`);
	const credential = optionalString(record.credential, `${where}.credential`);
	const isTurn = (Array.isArray(urls) ? urls : [urls]).some((url) => url.startsWith('turn'));
	if (isTurn && (username === undefined || credential === undefined)) {
		throw new Error(`${where} is a TURN server and needs both "username" and "credential"`);
	}
	return Object.freeze({
		urls,
		...(username === undefined ? {} : { username }),
		...(credential === undefined ? {} : { credential })
	});
}

function parseUrls(urls: unknown, where: string): string | readonly string[] {
	const list = typeof urls === 'string' ? [urls] : urls;
	if (!Array.isArray(list) || list.length === 0) throw new Error(`${where}.urls must be a string or a non-empty array of strings`);
	for (const url of list) {
		if (typeof url !== 'string' || !ICE_SCHEME.test(url)) {
			throw new Error(`${where}.urls has invalid ICE URL ${JSON.stringify(url)} (must start with stun:, stuns:, turn: or turns:)`);
		}
	}
	return typeof urls === 'string' ? urls : Object.freeze([...(list as string[])]);
}

function optionalString(value: unknown, where: string): string | undefined {
	if (value === undefined) return undefined;
	if (typeof value !== 'string') throw new Error(`${where} must be a string`);
	return value;
}
