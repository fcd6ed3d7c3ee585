// @ts-nocheck
// 
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import * as v from 'valibot';
import { DEPLOYMENT_ID_BYTES, DeploymentSchema, HANDLE_SALT_BYTES, isBase64UrlOf, type Deployment } from '../../src/lib/directory/deployment';
import type { ServerConfig } from './config';
import { PEPPER_BYTES } from './directory/sealing';

/** What makes this server "this deployment": public values for clients, one secret for itself. */
export interface DeploymentState {
	readonly deployment: Deployment;
	readonly pepper: Uint8Array;
}

type DeploymentSlice = Pick<ServerConfig, 'deploymentFile' | 'deploymentId' | 'handleSalt' | 'pepperFile' | 'pepper'>;

/**
 * Reads the deployment id, handle salt and directory pepper, generating and saving whichever is
 * missing. Never regenerates a file that exists but does not parse: a new salt or pepper would
 * silently orphan every registered handle, so that is an error for the operator to look at.
 */
export async function loadDeploymentState(config: DeploymentSlice, log: (line: string) => void): Promise<DeploymentState> {
	const deployment =
		config.deploymentId !== undefined && config.handleSalt !== undefined
			? { id: config.deploymentId, handleSalt: config.handleSalt }
			: await loadDeploymentFile(config);
	const pepper = config.pepper !== undefined ? Buffer.from(config.pepper, 'base64url') : await loadPepperFile(config.pepperFile, log);
	return { deployment, pepper };
}

async function loadDeploymentFile(config: DeploymentSlice): Promise<Deployment> {
	const file = config.deploymentFile;
	let saved = await readIfExists(file);
	if (saved === undefined) {
		const fresh = { id: random(DEPLOYMENT_ID_BYTES), handleSalt: random(HANDLE_SALT_BYTES) };
		saved = (await createOnce(file, `${JSON.stringify(fresh, null, '\t')}\n`, 0o644)) ?? (await readFile(file, 'utf8'));
	}
	let parsed: v.SafeParseResult<typeof DeploymentSchema>;
	try {
		parsed = v.safeParse(DeploymentSchema, JSON.parse(saved));
	} catch {
		throw new Error(`${file} is not JSON; restore it from a backup (a new handle salt would orphan every handle)`);
	}
	if (!parsed.success) throw new Error(`${file} must hold {"id": …, "handleSalt": …} (16 bytes each, base64url)`);
	// Pinned values win, one at a time, so an operator can pin just one of them.
	return { id: config.deploymentId ?? parsed.output.id, handleSalt: config.handleSalt ?? parsed.output.handleSalt };
}

async function loadPepperFile(file: string, log: (line: string) => void): Promise<Uint8Array> {
	let text = await readIfExists(file);
	if (text === undefined) {
		const created = await createOnce(file, `${random(PEPPER_BYTES)}\n`, 0o600);
		if (created !== undefined) log(`directory: created a new secret pepper in ${file}; back it up apart from the directory file`);
		text = created ?? (await readFile(file, 'utf8'));
	}
	const value = text.trim();
	if (!isBase64UrlOf(value, PEPPER_BYTES)) throw new Error(`${file} must hold ${PEPPER_BYTES} bytes as base64url (the directory pepper)`);
	const { mode } = await stat(file);
	if ((mode & 0o077) !== 0) log(`directory: ${file} is readable by other users (mode ${(mode & 0o777).toString(8)}); chmod 600 it`);
	return Buffer.from(value, 'base64url');
}

function random(bytes: number): string {
	return randomBytes(bytes).toString('base64url');
}

async function readIfExists(file: string): Promise<string | undefined> {
	try {
		return await readFile(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
		throw error;
	}
}

/**
 * Writes `text` only if the file does not exist yet; undefined if it did. Written under a
 * temporary name and linked into place, so a second server starting at the same moment sees
 * either no file or the whole file, and both end up with the same values.
 */
async function createOnce(file: string, text: string, mode: number): Promise<string | undefined> {
	await mkdir(path.dirname(file), { recursive: true });
	const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
	const handle = await open(temporary, 'wx', mode);
	try {
		await handle.writeFile(text);
		await handle.datasync();
	} finally {
		await handle.close();
	}
	try {
		await link(temporary, file);
		return text;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
		throw error;
	} finally {
		await unlink(temporary);
	}
}
