// @ts-nocheck
// 
// Page side of bench/e2e-latency.ts. Plain JS evaluated as text, like
// tests/e2e/rtc-harness.js, so tsx cannot inject helpers such as __name()
// that do not exist in the page. Both pages stamp with timeOrigin + now(),
// which is one wall clock shared by every page of the browser.
(() => {
	if (globalThis.__latencyProbe) return;

	const stamp = () => performance.timeOrigin + performance.now();
	const TOKEN = /bench-\d+-[a-z0-9]+/g;
	const sentAt = new Map();
	const seenAt = new Map();
	const waiters = new Map();

	const scan = (node, at) => {
		const text = node.textContent;
		if (!text) return;
		for (const [token] of text.matchAll(TOKEN)) {
			if (seenAt.has(token)) continue;
			seenAt.set(token, at);
			waiters.get(token)?.();
			waiters.delete(token);
		}
	};

	globalThis.__latencyProbe = {
		// Capture phase on window runs before any handler of the app, so t0
		// is the moment the key reaches the page, not when the app reacts.
		armSender(box) {
			window.addEventListener(
				'keydown',
				(event) => {
					if (event.target !== box || event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
					const text = box.value.trim();
					if (!sentAt.has(text)) sentAt.set(text, stamp());
				},
				{ capture: true }
			);
		},
		// Bubbles only render once the row is stored and read back by a live
		// query, so the first DOM appearance of a token covers store + render.
		armReceiver(log) {
			new MutationObserver((records) => {
				const at = stamp();
				for (const record of records) {
					if (record.type === 'characterData') scan(record.target, at);
					for (const node of record.addedNodes) scan(node, at);
				}
			}).observe(log, { childList: true, subtree: true, characterData: true });
			scan(log, stamp());
		},
		waitSeen(token, timeoutMs) {
			if (seenAt.has(token)) return Promise.resolve();
			return new Promise((resolve, reject) => {
				const timer = setTimeout(() => {
					waiters.delete(token);
					reject(new Error(`${token} did not appear in the log within ${timeoutMs} ms`));
				}, timeoutMs);
				waiters.set(token, () => {
					clearTimeout(timer);
					resolve();
				});
			});
		},
		sentTimes(tokens) {
			return tokens.map((token) => sentAt.get(token) ?? null);
		},
		seenTimes(tokens) {
			return tokens.map((token) => seenAt.get(token) ?? null);
		}
	};
})();
