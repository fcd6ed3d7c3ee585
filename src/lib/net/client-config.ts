import * as v from 'valibot';
import { DeploymentSchema, UNKNOWN_DEPLOYMENT } from '../directory/deployment';

/** What the serving origin tells the app at start (GET /config.json). */
const ClientConfigSchema = v.object({
	version: v.literal(1),
	peerServer: v.object({ path: v.pipe(v.string(), v.startsWith('/')), key: v.pipe(v.string(), v.minLength(1)) }),
	iceServers: v.array(
		v.object({
			urls: v.union([v.string(), v.array(v.string())]),
			username: v.optional(v.string()),
			credential: v.optional(v.string())
		})
	),
	/** Signed into registration tokens and directory records; salts handle lookup keys. */
	deployment: DeploymentSchema,
	/** A TURN relay exists: short-lived credentials for it come from this path (never inline). */
	turn: v.optional(v.object({ path: v.pipe(v.string(), v.maxLength(200), v.regex(/^\/[A-Za-z0-9_-][A-Za-z0-9/_-]*$/)) }))
});

export type ClientConfig = v.InferOutput<typeof ClientConfigSchema>;

export const FALLBACK_CONFIG: ClientConfig = {
	version: 1,
	peerServer: { path: '/peerjs', key: 'parley' },
	iceServers: [],
	deployment: UNKNOWN_DEPLOYMENT
};

export function parseClientConfig(input: unknown): ClientConfig | null {
	const result = v.safeParse(ClientConfigSchema, input);
	return result.success ? result.output : null;
}

export async function fetchClientConfig(fetcher: typeof fetch = fetch): Promise<ClientConfig> {
	const response = await fetcher('/config.json', { cache: 'no-store' });
	if (!response.ok) throw new Error(`config.json answered ${response.status}`);
	const parsed = parseClientConfig(await response.json());
	if (!parsed) throw new Error('config.json is not in the expected shape');
	return parsed;
}
