import type { StagingLocks } from '../../../src/lib/db/staging-cleanup';

/** Web Locks as the browser hands them out, for one origin: exclusive, `ifAvailable` answers null when held. */
export class FakeStagingLocks implements StagingLocks {
	readonly held = new Set<string>();
	request<T>(name: string, ...rest: [() => Promise<T>] | [{ ifAvailable: true }, (lock: unknown) => Promise<T>]): Promise<T> {
		const [options, granted] = rest.length === 1 ? [{ ifAvailable: false }, rest[0]] : rest;
		if (this.held.has(name)) {
			if (options.ifAvailable) return granted(null);
			throw new Error('the fake does not queue');
		}
		this.held.add(name);
		return Promise.resolve()
			.then(() => granted({ name }))
			.finally(() => this.held.delete(name));
	}
}
