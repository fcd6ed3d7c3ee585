#!/usr/bin/env node
// @ts-nocheck
// 
// 
// Runs a command inside a fresh network namespace that has only loopback, so
// the test server and browsers cannot reach (or be reached from) any real
// network. Usage: node tests/e2e/run-isolated.mjs <cmd> [args...]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const [cmd, ...args] = process.argv.slice(2);

if (!cmd) {
	console.error('usage: node tests/e2e/run-isolated.mjs <cmd> [args...]');
	process.exit(2);
}

// Prefer the project's own binaries so `playwright`/`tsx` work without npx,
// which could otherwise try to reach the registry from inside the namespace.
const local = join(repoRoot, 'node_modules', '.bin', cmd);
const executable = existsSync(local) ? local : cmd;

// One shell for both the probe and the run: bring lo up, then insist that lo
// is the only interface, so a misconfigured unshare can never leak traffic.
const NETNS_SETUP = [
	'ip link set lo up',
	'links=$(ip -o link show | cut -d: -f2 | tr -d " " | tr "\\n" " ")',
	'[ "$links" = "lo " ] || { echo "run-isolated: unexpected interfaces: $links" >&2; exit 97; }'
].join(' && ');

function fail(message) {
	console.error(`\nrun-isolated: ${message}`);
	console.error('run-isolated: refusing to run tests on the real network.');
	console.error('run-isolated: set PARLEY_NO_NETNS=1 to skip isolation deliberately (debugging only).\n');
	process.exit(1);
}

function isolatedCommand() {
	const probe = spawnSync('unshare', ['-rn', 'sh', '-c', NETNS_SETUP], { encoding: 'utf8' });
	if (probe.error) fail(`cannot run unshare (${probe.error.message}); install util-linux and iproute2.`);
	if (probe.status !== 0) {
		const detail = (probe.stderr || probe.stdout || '').trim();
		fail(`'unshare -rn' with loopback-only networking is not permitted here (exit ${probe.status}): ${detail}`);
	}
	// exec keeps the target as unshare's direct process, so signals reach it as-is.
	return ['unshare', ['-rn', 'sh', '-c', `${NETNS_SETUP} && exec "$@"`, 'run-isolated', executable, ...args]];
}

const noNetns = process.env.PARLEY_NO_NETNS === '1';
if (noNetns) console.error('run-isolated: PARLEY_NO_NETNS=1, running WITHOUT network isolation');
const [file, argv] = noNetns ? [executable, args] : isolatedCommand();

const child = spawn(file, argv, { stdio: 'inherit', cwd: process.cwd() });

for (const signal of ['SIGINT', 'SIGTERM']) {
	process.on(signal, () => {
		if (child.exitCode === null && child.signalCode === null) child.kill(signal);
	});
}

child.on('error', (err) => {
	console.error(`run-isolated: failed to start ${file}: ${err.message}`);
	process.exit(127);
});

child.on('exit', (code, signal) => {
	if (signal) {
		// Re-raise so our parent sees the same kind of death as the child's.
		process.removeAllListeners(signal);
		process.kill(process.pid, signal);
		return;
	}
	process.exit(code ?? 1);
});
