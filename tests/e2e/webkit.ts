import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

// Debian's WebKitGTK (package webkit2gtk-driver: WebKitWebDriver, which starts MiniBrowser in
// automation mode), driven over W3C WebDriver classic on loopback. It needs an X display, so a
// private Xvfb is started for it. Debian builds WebKitGTK without WebRTC, which is what the spec
// checks: the app must say so instead of "Connecting…" for ever.
//
// The client is the handful of W3C commands the spec uses, written here: the npm WebDriver
// clients pull in driver downloaders with install scripts (edgedriver, geckodriver) or need
// Node 22, for six HTTP calls.

export const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER ?? '/usr/bin/WebKitWebDriver';
const XVFB = '/usr/bin/Xvfb';
const ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf';

/** MiniBrowser sits in the multiarch folder of the WebKitGTK API version Debian ships. */
function miniBrowser(): string | null {
	for (const arch of readdirSync('/usr/lib')) {
		for (const api of ['webkit2gtk-4.1', 'webkit2gtk-4.0']) {
			const path = join('/usr/lib', arch, api, 'MiniBrowser');
			if (existsSync(path)) return path;
		}
	}
	return null;
}

/** Why WebKitGTK cannot run here, or null when it can. */
export function webkitMissing(): string | null {
	if (!existsSync(WEBKIT_DRIVER)) return `no WebKitWebDriver at ${WEBKIT_DRIVER} (apt-get install webkit2gtk-driver)`;
	if (!miniBrowser()) return 'no MiniBrowser (apt-get install webkit2gtk-driver)';
	if (!existsSync(XVFB)) return 'no Xvfb (apt-get install xvfb)';
	return null;
}

export interface WebKitElement {
	click(): Promise<void>;
	type(text: string): Promise<void>;
	text(): Promise<string>;
}

export interface WebKitPeer {
	goto(url: string): Promise<void>;
	reload(): Promise<void>;
	/** The first element an XPath finds, or null. */
	find(xpath: string): Promise<WebKitElement | null>;
	/** Runs a function body in the page and returns its JSON result. */
	run<T>(body: string): Promise<T>;
	/** Runs a function body that ends by calling `done(result)` (the last argument). */
	runAsync<T>(body: string): Promise<T>;
	close(): Promise<void>;
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
		});
	});
}

/** Starts Xvfb on the first free display; Xvfb writes the display number it took to fd 3. */
function startXvfb(): Promise<{ display: string; process: ChildProcess }> {
	return new Promise((resolve, reject) => {
		const xvfb = spawn(XVFB, ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], {
			stdio: ['ignore', 'ignore', 'ignore', 'pipe']
		});
		let seen = '';
		xvfb.stdio[3]!.on('data', (chunk: Buffer) => {
			seen += chunk.toString();
			if (seen.includes('\n')) resolve({ display: `:${seen.trim()}`, process: xvfb });
		});
		xvfb.once('error', reject);
		xvfb.once('exit', (code) => reject(new Error(`Xvfb exited with ${code}`)));
	});
}

async function call<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
	const response = await fetch(base + path, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	const json = (await response.json()) as { value: T & { error?: string; message?: string } };
	if (!response.ok) throw new Error(`WebDriver ${method} ${path}: ${json.value?.error}: ${json.value?.message}`);
	return json.value;
}

async function waitForDriver(base: string, deadline: number): Promise<void> {
	for (;;) {
		try {
			const status = await call<{ ready: boolean }>(base, 'GET', '/status');
			if (status.ready) return;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) throw new Error('WebKitWebDriver did not start');
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

export async function launchWebKit(): Promise<WebKitPeer> {
	const xvfb = await startXvfb();
	const port = await freePort();
	const driver = spawn(WEBKIT_DRIVER, [`--port=${port}`, '--host=127.0.0.1'], {
		stdio: 'ignore',
		env: { ...process.env, DISPLAY: xvfb.display }
	});
	const stop = () => {
		driver.kill();
		xvfb.process.kill();
	};
	const base = `http://127.0.0.1:${port}`;
	let session: string;
	try {
		await waitForDriver(base, Date.now() + 30_000);
		const created = await call<{ sessionId: string }>(base, 'POST', '/session', {
			capabilities: { alwaysMatch: { 'webkitgtk:browserOptions': { binary: miniBrowser(), args: ['--automation'] } } }
		});
		session = `/session/${created.sessionId}`;
	} catch (error) {
		stop();
		throw error;
	}
	const element = (id: string): WebKitElement => ({
		click: () => call(base, 'POST', `${session}/element/${id}/click`, {}),
		type: (text) => call(base, 'POST', `${session}/element/${id}/value`, { text }),
		text: () => call<string>(base, 'GET', `${session}/element/${id}/text`)
	});
	return {
		goto: (url) => call(base, 'POST', `${session}/url`, { url }),
		reload: () => call(base, 'POST', `${session}/refresh`, {}),
		async find(xpath) {
			try {
				const found = await call<Record<string, string>>(base, 'POST', `${session}/element`, { using: 'xpath', value: xpath });
				return element(found[ELEMENT_KEY]!);
			} catch (error) {
				if (String(error).includes('no such element')) return null;
				throw error;
			}
		},
		run: (body) => call(base, 'POST', `${session}/execute/sync`, { script: body, args: [] }),
		runAsync: (body) => call(base, 'POST', `${session}/execute/async`, { script: `const done = arguments[arguments.length - 1];\n${body}`, args: [] }),
		async close() {
			await call(base, 'DELETE', session).catch(() => undefined);
			stop();
		}
	};
}
