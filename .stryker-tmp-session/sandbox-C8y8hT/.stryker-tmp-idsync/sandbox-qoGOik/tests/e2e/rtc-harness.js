// @ts-nocheck
// 
// Page-side half of the raw WebRTC pair used by the loopback sanity test and
// the RTT baseline benchmark. Plain JS read as text and evaluated in the page,
// so no TypeScript transpiler (Playwright's or tsx's) can inject helpers such
// as __name() that would not exist there.
(() => {
	if (globalThis.__rtc) return;

	const withTimeout = (promise, ms, what) =>
		Promise.race([
			promise,
			new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms))
		]);

	const pc = new RTCPeerConnection({ iceServers: [] });
	const candidates = [];
	const inbox = [];
	const waiters = [];
	let channel = null;
	let echo = false;
	let resolveOpen;
	const opened = new Promise((resolve) => (resolveOpen = resolve));
	let resolveGathered;
	const gathered = new Promise((resolve) => (resolveGathered = resolve));

	pc.onicecandidate = (event) => {
		if (event.candidate) candidates.push(event.candidate.toJSON());
		else resolveGathered();
	};

	const attach = (ch) => {
		channel = ch;
		ch.onopen = () => resolveOpen();
		if (ch.readyState === 'open') resolveOpen();
		ch.onmessage = (event) => {
			if (echo) return ch.send(event.data);
			const waiter = waiters.shift();
			if (waiter) waiter(event.data);
			else inbox.push(event.data);
		};
	};
	pc.ondatachannel = (event) => attach(event.channel);

	const next = (ms) => {
		if (inbox.length) return Promise.resolve(inbox.shift());
		return withTimeout(new Promise((resolve) => waiters.push(resolve)), ms, 'data channel message');
	};

	globalThis.__rtc = {
		async createOffer() {
			attach(pc.createDataChannel('rtt', { ordered: true }));
			await pc.setLocalDescription();
			return pc.localDescription.toJSON();
		},
		async acceptOffer(offer) {
			await pc.setRemoteDescription(offer);
			await pc.setLocalDescription();
			return pc.localDescription.toJSON();
		},
		async acceptAnswer(answer) {
			await pc.setRemoteDescription(answer);
		},
		// Without the loopback flag and media permission Chromium gathers
		// nothing and never completes, so a timeout yields what there is and
		// lets the caller explain the likely cause.
		async gatheredCandidates(ms) {
			await withTimeout(gathered, ms, 'ICE gathering').catch(() => undefined);
			return candidates;
		},
		async addCandidates(list) {
			for (const candidate of list) await pc.addIceCandidate(candidate);
		},
		async waitOpen(ms) {
			await withTimeout(opened, ms, `data channel open (ice: ${pc.iceConnectionState})`);
		},
		send(text) {
			channel.send(text);
		},
		next,
		setEcho(on) {
			echo = on;
		},
		// Sequential ping-pong against an echoing peer; times stay in-page so
		// Playwright's own round trips are not part of the measurement.
		async pingPong(count, size, ms) {
			const times = [];
			for (let i = 0; i < count; i++) {
				const text = `${i}:`.padEnd(size, 'x');
				const started = performance.now();
				channel.send(text);
				const reply = await next(ms);
				times.push(performance.now() - started);
				if (reply !== text) throw new Error(`echo mismatch at ${i}`);
			}
			return times;
		},
		close() {
			pc.close();
		}
	};
})();
