// @ts-nocheck
// 
import { rm } from 'node:fs/promises';
import { startAppServer } from '../../bench/server';
import type { RunningAppServer } from '../../bench/server';
import { test as base } from './fixtures';

/** A server of the test's own, which it may crash and bring back on the same port. */
export interface OwnServer {
	readonly baseURL: string;
	/** SIGKILL to the server's process group: no goodbyes to any client. */
	crash(): Promise<void>;
	/** A fresh server (no registrations) on the same port, with the same directory store. */
	restart(): Promise<void>;
}

// A killed listener's port is free at once (Node listens with SO_REUSEADDR), but its process
// group can take a moment to be reaped; only a taken port is worth another try.
async function startOnPort(port: number, directoryFile: string): Promise<RunningAppServer> {
	for (let attempt = 1; ; attempt += 1) {
		try {
			return await startAppServer({ port, directoryFile });
		} catch (error) {
			if (attempt >= 3 || !String(error).includes('EADDRINUSE')) throw error;
		}
	}
}

/** `openPeer` and `page.goto('/')` go to this test's own server instead of the config's. */
export const test = base.extend<{ ownServer: OwnServer }>({
	// Playwright reads a fixture's dependencies from its destructuring; this one has none.
	// eslint-disable-next-line no-empty-pattern
	ownServer: async ({}, use) => {
		let server = await startAppServer();
		const { port, directoryFile } = server;
		try {
			await use({
				baseURL: server.baseURL,
				crash: () => server.stop('SIGKILL'),
				restart: async () => {
					await server.stop('SIGKILL');
					server = await startOnPort(port, directoryFile);
				}
			});
		} finally {
			await server.stop();
			await rm(directoryFile, { force: true });
		}
	},
	baseURL: async ({ ownServer }, use) => use(ownServer.baseURL)
});

export { expect } from './fixtures';
