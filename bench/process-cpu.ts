import { readFileSync, readdirSync } from 'node:fs';

// CPU time of the browser this bench launched, per thread, from Linux's /proc. A wall-clock
// figure on a shared 2-core machine moves with whatever else runs; the CPU a phase used does
// much less, so it tells whether a change made the work smaller or only the machine quieter.

/** `utime` and `stime` in /proc are in clock ticks; Linux reports 100 per second (USER_HZ). */
const MS_PER_TICK = 10;

/** CPU ms used so far, per thread of every Chromium process below this one, by `process thread` name. */
export type CpuSample = Map<string, number>;

interface ProcessInfo {
	pid: number;
	parent: number;
	kind: string;
}

function readStat(path: string): { name: string; fields: string[] } {
	const stat = readFileSync(path, 'utf8');
	// The name is in parentheses and may itself contain spaces or parentheses.
	return { name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), fields: stat.slice(stat.lastIndexOf(')') + 2).split(' ') };
}

function processKind(commandLine: string): string {
	if (!commandLine.includes('--type=')) return 'browser';
	if (commandLine.includes('--type=renderer')) return 'renderer';
	const service = /--utility-sub-type=([a-z_]+)/.exec(commandLine)?.[1];
	return service ?? /--type=([a-z-]+)/.exec(commandLine)?.[1] ?? 'other';
}

function processes(): ProcessInfo[] {
	const found: ProcessInfo[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const commandLine = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
			found.push({ pid: Number(entry), parent: Number(readStat(`/proc/${entry}/stat`).fields[1]), kind: commandLine.includes('chrom') ? processKind(commandLine) : '' });
		} catch {
			// The process ended while we looked.
		}
	}
	return found;
}

/** The Chromium processes below this one (pid and kind: browser, renderer, gpu-process…); null off Linux. */
export function chromiumProcesses(): { pid: number; kind: string }[] | null {
	let all: ProcessInfo[];
	try {
		all = processes();
	} catch {
		return null;
	}
	const ours = new Set([process.pid]);
	for (let grew = true; grew; ) {
		grew = false;
		for (const info of all) {
			if (!ours.has(info.pid) && ours.has(info.parent)) {
				ours.add(info.pid);
				grew = true;
			}
		}
	}
	return all.filter((info) => ours.has(info.pid) && info.kind !== '').map(({ pid, kind }) => ({ pid, kind }));
}

/**
 * One number per thread of the browser's processes, keyed `pid/tid process-kind thread-name`
 * ('main' for a process's first thread); null where /proc cannot be read (not Linux).
 */
function sampleThreads(read: (dir: string) => { name: string; value: number }): CpuSample | null {
	const all = chromiumProcesses();
	if (!all) return null;
	const sample: CpuSample = new Map();
	for (const info of all) {
		try {
			for (const thread of readdirSync(`/proc/${info.pid}/task`)) {
				const { name, value } = read(`/proc/${info.pid}/task/${thread}`);
				sample.set(`${info.pid}/${thread} ${info.kind} ${Number(thread) === info.pid ? 'main' : name}`, value);
			}
		} catch {
			// The process ended while we looked.
		}
	}
	return sample;
}

/** CPU ms so far per thread; null where /proc cannot be read: the figures that need it are left out. */
export function sampleBrowserCpu(): CpuSample | null {
	return sampleThreads((dir) => {
		const { name, fields } = readStat(`${dir}/stat`);
		return { name, value: (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK };
	});
}

export interface CpuUsed {
	totalMs: number;
	/** CPU ms per `process thread` label (all processes of a kind together), largest first. */
	byThread: [label: string, ms: number][];
}

/** What the browser used between two samples (threads that ended meanwhile are not counted). */
export function cpuUsed(before: CpuSample | null, after: CpuSample | null): CpuUsed | null {
	if (!before || !after) return null;
	const byLabel = new Map<string, number>();
	for (const [key, ms] of after) {
		const label = key.slice(key.indexOf(' ') + 1);
		byLabel.set(label, (byLabel.get(label) ?? 0) + ms - (before.get(key) ?? 0));
	}
	const byThread = [...byLabel].filter(([, ms]) => ms > 0).sort((a, b) => b[1] - a[1]);
	return { totalMs: byThread.reduce((sum, [, ms]) => sum + ms, 0), byThread };
}

/**
 * Context switches so far (voluntary + involuntary), per thread of the browser, keyed as in
 * sampleBrowserCpu. Where the transport's cost is wake-ups (a thread handing work to another),
 * this counts them: each costs the kernel a switch, which on a VM is much of the CPU.
 */
export function sampleBrowserSwitches(): CpuSample | null {
	return sampleThreads((dir) => {
		const status = readFileSync(`${dir}/status`, 'utf8');
		const count = (field: string) => Number(new RegExp(`^${field}:\\s*(\\d+)`, 'm').exec(status)?.[1] ?? 0);
		return { name: /^Name:\s*(.*)$/m.exec(status)?.[1] ?? '', value: count('voluntary_ctxt_switches') + count('nonvoluntary_ctxt_switches') };
	});
}
