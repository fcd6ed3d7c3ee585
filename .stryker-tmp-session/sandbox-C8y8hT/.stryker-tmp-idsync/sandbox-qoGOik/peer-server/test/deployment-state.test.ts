// @ts-nocheck
// 
import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isBase64UrlOf } from '../../src/lib/directory/deployment';
import { loadDeploymentState } from '../src/deployment-state';
import { cleanUp, makeTempDir } from './server-fixture';

afterEach(cleanUp);

async function files() {
	const dir = await makeTempDir('parley-data-');
	return { deploymentFile: path.join(dir, 'deployment.json'), pepperFile: path.join(dir, 'secrets', 'directory.pepper') };
}

describe('deployment id, handle salt and directory pepper', () => {
	it('are generated on first start, kept, and the pepper file is private (0600)', async () => {
		const config = await files();
		const lines: string[] = [];
		const first = await loadDeploymentState(config, (line) => lines.push(line));
		expect(isBase64UrlOf(first.deployment.id, 16)).toBe(true);
		expect(isBase64UrlOf(first.deployment.handleSalt, 16)).toBe(true);
		expect(first.pepper).toHaveLength(32);
		expect((await stat(config.pepperFile)).mode & 0o777).toBe(0o600);
		expect(lines).toEqual([`directory: created a new secret pepper in ${config.pepperFile}; back it up apart from the directory file`]);
		// The pepper is not in the public file.
		expect(await readFile(config.deploymentFile, 'utf8')).not.toContain(Buffer.from(first.pepper).toString('base64url'));

		const again = await loadDeploymentState(config, () => undefined);
		expect(again).toEqual(first);
		const elsewhere = await loadDeploymentState(await files(), () => undefined);
		expect(elsewhere.deployment.id).not.toBe(first.deployment.id);
		expect(elsewhere.deployment.handleSalt).not.toBe(first.deployment.handleSalt);
	});

	it('takes pinned values and an env pepper instead of files', async () => {
		const config = await files();
		const pinned = { deploymentId: 'AAAAAAAAAAAAAAAAAAAAAA', handleSalt: 'AQEBAQEBAQEBAQEBAQEBAQ', pepper: 'AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI' };
		const state = await loadDeploymentState({ ...config, ...pinned }, () => undefined);
		expect(state.deployment).toEqual({ id: pinned.deploymentId, handleSalt: pinned.handleSalt });
		expect(Buffer.from(state.pepper).toString('base64url')).toBe(pinned.pepper);
		await expect(stat(config.pepperFile)).rejects.toThrow();
	});

	it('refuses damaged files instead of regenerating (that would orphan every handle), and warns about loose modes', async () => {
		const config = await files();
		await loadDeploymentState(config, () => undefined);
		await writeFile(config.deploymentFile, '{"id":"x"}');
		await expect(loadDeploymentState(config, () => undefined)).rejects.toThrow(/deployment\.json must hold/);

		const other = await files();
		await loadDeploymentState(other, () => undefined);
		await writeFile(other.pepperFile, 'short\n', { mode: 0o644 });
		await expect(loadDeploymentState(other, () => undefined)).rejects.toThrow(/must hold 32 bytes/);
		await writeFile(other.pepperFile, `${'A'.repeat(43)}\n`);
		await chmod(other.pepperFile, 0o644);
		const lines: string[] = [];
		await loadDeploymentState(other, (line) => lines.push(line));
		expect(lines).toEqual([`directory: ${other.pepperFile} is readable by other users (mode 644); chmod 600 it`]);
	});
});

describe('two servers starting at once on one data directory', () => {
	it('agree on one deployment and one pepper', async () => {
		const config = await files();
		const states = await Promise.all(Array.from({ length: 8 }, () => loadDeploymentState(config, () => undefined)));
		for (const state of states) expect(state).toEqual(states[0]);
	});
});
