import { readFileSync } from 'node:fs';
import type { Browser, Page } from '@playwright/test';
import type { ParleyTestHooks } from '../src/lib/app/test-hooks';
import { MODEL_SAMPLE_RATE_HZ } from '../src/lib/speech/speech-limits';
import { toModelPcm } from '../src/lib/speech/resample';
import { loadNodeTranscriber, readWav } from '../scripts/speech/node-speech';
import { TEST_HOOKS_INIT, waitForHooks } from '../tests/e2e/parley-hooks';
import { SpeechDir, hasSpeechTools } from '../tests/speech/espeak';
import { SPEECH_SENTENCES } from '../tests/speech/sentences';
import { openOnboardedPeer } from './app-peers';
import type { BenchResults } from './results';
import { wordErrorRate } from './speech-wer';

// Part `speech` (issue 13): Whisper tiny.en on espeak-ng speech, in Node and in the app's speech
// worker in Chromium, in the same run. Word error rate over the sentence set (each sentence a
// clip of its own, and all of them as one message); real-time factor
// (compute seconds per audio second) on a ~50 s message that takes two model calls; model load
// cold (download, sha256 checks, session) and cached; the longest main-thread task while the
// worker transcribes.

const TARGET_WER_PERCENT = 10;
const TARGET_RTF = 0.3;
const TARGET_LONG_TASK_MS = 50;
const PCM_PATH = '/bench-speech/';

type Hooked = { __parley?: ParleyTestHooks; __speechLongTasks?: number[] };

interface Clip {
	name: string;
	text: string;
	pcm: Float32Array;
}

function makeClips(dir: SpeechDir): { sentences: Clip[]; long: Clip } {
	const wavs = SPEECH_SENTENCES.map((text) => dir.say(text, 0.8));
	const clip = (name: string, text: string, wav: string): Clip => ({ name, text, pcm: toModelPcm(readWav(readFileSync(wav))) });
	return {
		sentences: SPEECH_SENTENCES.map((text, i) => clip(`s${i}`, text, wavs[i]!)),
		long: clip('long', SPEECH_SENTENCES.join(' '), dir.concat(wavs))
	};
}

const seconds = (clip: Clip) => clip.pcm.length / MODEL_SAMPLE_RATE_HZ;

async function measureNode(clips: { sentences: Clip[]; long: Clip }) {
	const transcriber = await loadNodeTranscriber();
	try {
		const sentence = (clip: Clip) => transcriber.transcribeAudio({ sampleRate: MODEL_SAMPLE_RATE_HZ, channels: [clip.pcm] });
		const pairs = [];
		for (const clip of clips.sentences) pairs.push({ reference: clip.text, hypothesis: await sentence(clip) });
		const cpuBefore = process.cpuUsage();
		const started = performance.now();
		const longText = await sentence(clips.long);
		const wallMs = performance.now() - started;
		const cpu = process.cpuUsage(cpuBefore);
		return { loadMs: transcriber.loadMs, pairs, longText, rtf: wallMs / 1000 / seconds(clips.long), cpuRtf: (cpu.user + cpu.system) / 1e6 / seconds(clips.long) };
	} finally {
		await transcriber.release();
	}
}

const prepare = (page: Page) => page.evaluate(() => (globalThis as unknown as Hooked).__parley!.speechPrepare());

async function measureBrowser(browser: Browser, baseURL: string, clips: { sentences: Clip[]; long: Clip }) {
	const peer = await openOnboardedPeer(browser, baseURL, 'Speech', [TEST_HOOKS_INIT]);
	try {
		const all = [...clips.sentences, clips.long];
		await peer.context.route(`**${PCM_PATH}*`, (route) => {
			const name = new URL(route.request().url()).pathname.slice(PCM_PATH.length);
			const clip = all.find((c) => c.name === name);
			return clip ? route.fulfill({ body: Buffer.from(clip.pcm.buffer, clip.pcm.byteOffset, clip.pcm.byteLength), contentType: 'application/octet-stream' }) : route.abort();
		});
		await waitForHooks(peer.page);
		const cold = await prepare(peer.page);
		// A new page and worker, same profile: the model now comes from Cache Storage.
		await peer.page.reload();
		await waitForHooks(peer.page);
		const cached = await prepare(peer.page);
		const transcribe = (name: string) => peer.page.evaluate((url) => (globalThis as unknown as Hooked).__parley!.speechTranscribe(url), `${PCM_PATH}${name}`);
		const pairs = [];
		for (const clip of clips.sentences) pairs.push({ reference: clip.text, hypothesis: (await transcribe(clip.name)).text });
		await peer.page.evaluate(() => {
			const tasks: number[] = [];
			(globalThis as unknown as Hooked).__speechLongTasks = tasks;
			new PerformanceObserver((list) => list.getEntries().forEach((entry) => tasks.push(entry.duration))).observe({ type: 'longtask' });
		});
		const long = await transcribe(clips.long.name);
		const longTasks = await peer.page.evaluate(() => (globalThis as unknown as Hooked).__speechLongTasks!);
		return { cold, cached, pairs, longText: long.text, rtf: long.computeMs / 1000 / long.audioSeconds, longestTaskMs: Math.max(0, ...longTasks), longTasks: longTasks.length };
	} finally {
		await peer.context.close();
	}
}

export async function runSpeechBench(browser: Browser, baseURL: string, results: BenchResults): Promise<void> {
	if (!hasSpeechTools()) throw new Error('speech bench: espeak-ng and sox are needed (apt-get install -y espeak-ng sox)');
	const dir = new SpeechDir();
	try {
		const clips = makeClips(dir);
		const longS = seconds(clips.long);
		console.log(`speech: ${clips.sentences.length} espeak-ng sentences, and all of them as one ${longS.toFixed(1)} s message`);
		const node = await measureNode(clips);
		const web = await measureBrowser(browser, baseURL, clips);
		const nodeWer = 100 * wordErrorRate(node.pairs);
		const webWer = 100 * wordErrorRate(web.pairs);
		for (const [i, pair] of web.pairs.entries()) console.log(`  "${pair.reference}" → "${pair.hypothesis}"${pair.hypothesis === node.pairs[i]!.hypothesis ? '' : ` (Node: "${node.pairs[i]!.hypothesis}")`}`);
		console.log(`  ${longS.toFixed(0)} s message, browser: "${web.longText}"`);
		console.log(`  Node RTF ${node.rtf.toFixed(2)} (CPU ${node.cpuRtf.toFixed(2)}), browser worker RTF ${web.rtf.toFixed(2)}; ${web.longTasks} long tasks on the page`);
		results.add({ name: `speech: word error rate, ${clips.sentences.length} espeak-ng sentences, browser worker`, value: webWer, unit: '%', baseline: nodeWer, target: TARGET_WER_PERCENT, note: 'baseline: the same model and decoding in Node' });
		results.add({ name: `speech: word error rate, ${clips.sentences.length} espeak-ng sentences, Node`, value: nodeWer, unit: '%', target: TARGET_WER_PERCENT });
		// The same sentences as one message: Whisper hears each with the others as context.
		const longWer = (text: string) => 100 * wordErrorRate([{ reference: clips.long.text, hypothesis: text }]);
		results.add({ name: `speech: word error rate, the ${longS.toFixed(0)} s message of all sentences, browser worker`, value: longWer(web.longText), unit: '%', baseline: longWer(node.longText), target: TARGET_WER_PERCENT, note: 'baseline: Node' });
		results.add({ name: `speech: real-time factor, ${longS.toFixed(0)} s message, browser worker`, value: web.rtf, unit: 's/s', baseline: node.rtf, target: TARGET_RTF, note: 'worker compute time / audio length; baseline: Node, same audio, same run' });
		results.add({ name: `speech: real-time factor, ${longS.toFixed(0)} s message, Node`, value: node.rtf, unit: 's/s', target: TARGET_RTF, note: `wall clock; CPU time gives ${node.cpuRtf.toFixed(2)}` });
		results.add({ name: 'speech: model load, first use (download, sha256, session), browser worker', value: web.cold.loadMs, unit: 'ms', note: web.cold.fromCache ? 'unexpectedly from cache' : undefined });
		results.add({ name: 'speech: model load, cached (Cache Storage, sha256, session), browser worker', value: web.cached.loadMs, unit: 'ms', baseline: node.loadMs, note: `baseline: Node reading the file${web.cached.fromCache ? '' : '; NOT from cache'}` });
		results.add({ name: `speech: longest main-thread task while the worker transcribes ${longS.toFixed(0)} s`, value: web.longestTaskMs, unit: 'ms', target: TARGET_LONG_TASK_MS });
	} finally {
		dir.remove();
	}
}
