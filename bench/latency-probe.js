// Page side of bench/e2e-latency.ts. Plain JS evaluated as text, like
// tests/e2e/rtc-harness.js, so tsx cannot inject helpers such as __name()
// that do not exist in the page. Both pages stamp with timeOrigin + now(),
// which is one wall clock shared by every page of the browser.
(() => {
	if (globalThis.__latencyProbe) return;

	const stamp = () => performance.timeOrigin + performance.now();
	const TOKEN = /bench-\d+-[a-z0-9]+/g;
	const sentAt = new Map();
	/** Token → when the frame that first showed it was painted. */
	const seenAt = new Map();
	const waiters = new Map();

	const domAt = new Map();
	// A bubble counts as seen once painted: a task queued from the next animation frame runs
	// after that frame's style, layout and paint, so DOM insertion alone is not the end.
	const whenPainted = (tokens) => {
		requestAnimationFrame(() => {
			const channel = new MessageChannel();
			channel.port1.onmessage = () => {
				const at = stamp();
				for (const token of tokens) {
					seenAt.set(token, at);
					waiters.get(token)?.();
					waiters.delete(token);
				}
			};
			channel.port2.postMessage(null);
		});
	};

	const scan = (node, at, found) => {
		const text = node.textContent;
		if (!text) return;
		for (const [token] of text.matchAll(TOKEN)) {
			if (domAt.has(token)) continue;
			domAt.set(token, at);
			found.push(token);
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
		// A contact's new message renders before its store commits (docs/ARCHITECTURE.md), so
		// the DOM time covers receive + render and the painted time adds the frame. The whole body is watched in
		// case the thread replaces its log element, but only text inside a log counts: the
		// conversation list's preview of the same message is not the bubble.
		armReceiver(log) {
			const LOG = '[role="log"]';
			const inLog = (node) => {
				const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
				if (!element) return [];
				if (element.closest(LOG)) return [node];
				return [...element.querySelectorAll(LOG)];
			};
			const observe = (nodes, at) => {
				const found = [];
				for (const node of nodes) for (const part of inLog(node)) scan(part, at, found);
				if (found.length > 0) whenPainted(found);
			};
			// Named: bench/latency-profile.ts ends an arrival's span at this frame.
			new MutationObserver(function latencyProbeObserved(records) {
				globalThis.__latencyProfileSpin?.();
				const at = stamp();
				observe(
					records.flatMap((record) => (record.type === 'characterData' ? [record.target] : [...record.addedNodes])),
					at
				);
			}).observe(log.ownerDocument.body, { childList: true, subtree: true, characterData: true });
			observe([log], stamp());
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
		},
		domTimes(tokens) {
			return tokens.map((token) => domAt.get(token) ?? null);
		}
	};
})();
