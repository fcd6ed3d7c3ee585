// @ts-nocheck
// 
import type { ChatDb } from '../db/chat-db';
import { getSetting, putSetting } from '../db/queries';
import type { Identity } from '../crypto/identity';
import type { Sodium } from '../crypto/sodium';
import { handleLookupKey, normalizeHandle } from '../directory/handle';
import { signRecord, verifyLookupAnswer } from '../directory/record';
import { UNKNOWN_DEPLOYMENT, type Deployment } from '../directory/deployment';
import { parsePeerId, type PeerId } from '../ids/peer-id';
import { DirectoryClient } from '../net/directory-client';
import { loadClientConfig } from '../pwa/offline-config';

const HANDLE_SETTING = 'handle';
/** handle -> peer id it resolved to before: how a handle that moves to a new key is noticed. */
const PINS_SETTING = 'handle-pins';

export type LookupResult =
	| { kind: 'found'; peerId: PeerId; handle: string; previousPeerId?: PeerId }
	| { kind: 'not-found' }
	| { kind: 'error'; message: string };

/** Registering, changing and releasing the user's handle, and finding others by theirs. */
export class DirectoryState {
	handle = $state<string | null>(null);
	busy = $state(false);
	error = $state<string | null>(null);
	#client = new DirectoryClient();
	#deployment: Deployment | undefined;

	/** `deployment`: whose salt and id to use; by default the serving origin's /config.json. */
	constructor(
		private readonly db: ChatDb,
		private readonly sodium: Sodium,
		private readonly identity: Identity,
		private readonly loadDeployment: () => Promise<Deployment> = async () => (await loadClientConfig()).config.deployment
	) {
		void getSetting<string | null>(db, HANDLE_SETTING, null).then((handle) => (this.handle = handle));
	}

	/** Claims a handle (a new claim replaces the user's previous one on the server). */
	async register(input: string): Promise<boolean> {
		const handle = normalizeHandle(input.replace(/^@/, ''));
		if (!handle) return this.#fail('A handle is 3 to 32 letters, digits, dots, dashes or underscores.');
		return this.#run(async () => {
			const deployment = await this.#currentDeployment();
			const handleHash = handleLookupKey(this.sodium, handle, deployment.handleSalt);
			await this.#client.claim(signRecord(this.sodium, this.identity, { deploymentId: deployment.id, handleHash, op: 'claim', ts: Date.now() }));
			await putSetting(this.db, HANDLE_SETTING, handle);
			this.handle = handle;
		});
	}

	async release(): Promise<boolean> {
		const handle = this.handle;
		if (!handle) return true;
		return this.#run(async () => {
			const deployment = await this.#currentDeployment();
			const handleHash = handleLookupKey(this.sodium, handle, deployment.handleSalt);
			await this.#client.release(signRecord(this.sodium, this.identity, { deploymentId: deployment.id, handleHash, op: 'release', ts: Date.now() }));
			await putSetting(this.db, HANDLE_SETTING, null);
			this.handle = null;
		});
	}

	/** The server is not trusted: the answer must be a claim signed by the key the id names. */
	async lookup(input: string): Promise<LookupResult> {
		const handle = normalizeHandle(input.replace(/^@/, ''));
		if (!handle) return { kind: 'error', message: 'That is not a valid handle.' };
		try {
			const deployment = await this.#currentDeployment();
			const handleHash = handleLookupKey(this.sodium, handle, deployment.handleSalt);
			const answer = await this.#client.lookup(handleHash);
			if (answer === null) return { kind: 'not-found' };
			const checked = verifyLookupAnswer(this.sodium, answer, handleHash, deployment.id);
			const peerId = checked.ok ? parsePeerId(checked.record.peerId) : null;
			if (!peerId) return { kind: 'error', message: 'The directory answered with a record that does not verify.' };
			const pins = await getSetting<Record<string, string>>(this.db, PINS_SETTING, {});
			const previous = parsePeerId(pins[handle]);
			await putSetting(this.db, PINS_SETTING, { ...pins, [handle]: peerId });
			return previous && previous !== peerId ? { kind: 'found', peerId, handle, previousPeerId: previous } : { kind: 'found', peerId, handle };
		} catch (error) {
			return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
		}
	}

	async #currentDeployment(): Promise<Deployment> {
		if (this.#deployment) return this.#deployment;
		const deployment = await this.loadDeployment();
		// The offline stand-in is not kept: the next attempt asks the server again.
		if (deployment !== UNKNOWN_DEPLOYMENT) this.#deployment = deployment;
		return deployment;
	}

	async #run(task: () => Promise<void>): Promise<boolean> {
		this.busy = true;
		this.error = null;
		try {
			await task();
			return true;
		} catch (error) {
			return this.#fail(error instanceof Error ? error.message : String(error));
		} finally {
			this.busy = false;
		}
	}

	#fail(message: string): false {
		this.error = message;
		return false;
	}
}
