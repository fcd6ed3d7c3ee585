// @ts-nocheck
// 
// 
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSodium, type Sodium } from '../../src/lib/crypto/sodium';
import { handleLookupKey } from '../../src/lib/directory/handle';
import { signRecord } from '../../src/lib/directory/record';
import { fromBase64Url, toBase64Url } from '../../src/lib/ids/encoding';
import { DirectoryKeys, type StoredEntry } from '../src/directory/sealing';
import { cleanUp, makeTempDir, startServer, testPeer } from './server-fixture';

afterEach(cleanUp);

interface TestDeployment {
	readonly id: string;
	readonly handleSalt: string;
	/** Only the server has this one. */
	readonly pepper: string;
}

function newDeployment(sodium: Sodium): TestDeployment {
	const random = (bytes: number) => toBase64Url(sodium.randombytes_buf(bytes));
	return { id: random(16), handleSalt: random(16), pepper: random(32) };
}

/** Registers `handle` on a fresh server of `deployment`, as the app does; returns the file the server wrote. */
async function register(sodium: Sodium, deployment: TestDeployment, handle: string) {
	const directoryFile = path.join(await makeTempDir('parley-directory-'), 'directory.jsonl');
	const server = await startServer({ directoryFile, deploymentId: deployment.id, handleSalt: deployment.handleSalt, pepper: deployment.pepper });
	const published = ((await (await fetch(`${server.url}/config.json`)).json()) as { deployment: { id: string; handleSalt: string } }).deployment;
	expect(published).toEqual({ id: deployment.id, handleSalt: deployment.handleSalt });

	const alice = await testPeer();
	const handleHash = handleLookupKey(sodium, handle, published.handleSalt);
	const record = signRecord(sodium, alice.identity, { deploymentId: published.id, handleHash, op: 'claim', ts: Date.now() });
	const url = `${server.url}/directory/${handleHash}`;
	expect((await fetch(url, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(record) })).status).toBe(201);
	// Lookups still hand back the signed record: the hash the client asks with unseals it.
	expect(await (await fetch(url)).json()).toEqual(record);
	await server.close();
	const text = await readFile(directoryFile, 'utf8');
	const entries = text.trimEnd().split('\n').map((line) => JSON.parse(line) as StoredEntry);
	return { text, entries, handleHash, record };
}

const DICTIONARY = ['alice', 'bob', 'carol', 'admin', 'parley'];

describe('handle directory on disk (issue 8, finding 8)', () => {
	it('holds neither handles, nor the hashes clients send, nor anything signed that could test a guess', async () => {
		const sodium = await loadSodium();
		const { text, entries, handleHash, record } = await register(sodium, newDeployment(sodium), 'alice');
		expect(entries).toHaveLength(1);
		expect(Object.keys(entries[0] ?? {}).sort()).toEqual(['box', 'key', 'op', 'owner', 'ts']);
		for (const secret of ['alice', handleHash, record.peerId, record.publicKey, record.sig]) expect(text).not.toContain(secret);
	});

	it('stores the same handle under unrelated keys on two deployments', async () => {
		const sodium = await loadSodium();
		const [first, second] = [newDeployment(sodium), newDeployment(sodium)];
		const a = await register(sodium, first, 'alice');
		const b = await register(sodium, second, 'alice');
		expect(a.handleHash).not.toBe(b.handleHash);
		expect(a.entries[0]?.key).not.toBe(b.entries[0]?.key);
		// Even with the same salt, another pepper gives another key.
		expect(new DirectoryKeys(fromBase64Url(first.pepper) as Uint8Array).lookupKey(a.handleHash)).not.toBe(
			new DirectoryKeys(fromBase64Url(second.pepper) as Uint8Array).lookupKey(a.handleHash)
		);
	});

	it('gives a dictionary attack on the stolen file nothing to match without the pepper; with it, one Argon2id per guess', async () => {
		const sodium = await loadSodium();
		const deployment = newDeployment(sodium);
		const { text, entries } = await register(sodium, deployment, 'alice');
		const [entry] = entries as [StoredEntry];
		// The thief knows everything public: the salt and id from /config.json, the record format.
		const guesses = DICTIONARY.map((handle) => ({ handle, hash: handleLookupKey(sodium, handle, deployment.handleSalt) }));
		const stranger = new DirectoryKeys(sodium.randombytes_buf(32));
		const found = guesses.filter(({ hash }) => text.includes(hash) || stranger.lookupKey(hash) === entry.key || stranger.open(entry, hash) !== null);
		expect(found).toEqual([]);
		// The operator holds the pepper: each guess costs one Argon2id, then finds its entry.
		const operator = new DirectoryKeys(fromBase64Url(deployment.pepper) as Uint8Array);
		expect(guesses.filter(({ hash }) => operator.lookupKey(hash) === entry.key).map(({ handle }) => handle)).toEqual(['alice']);
	});
});
