// @ts-nocheck
// Page side of bench/history-bench.ts. Plain JS evaluated as text (like latency-probe.js), so
// tsx cannot inject helpers such as __name() that do not exist in the page.
(() => {
	if (globalThis.__historyProbe) return;

	const logOf = () => document.querySelector('[role="log"][aria-label="Messages"]');
	const lastBubbleStartsWith = (text) => {
		const last = logOf()?.querySelector('ol > li:last-child');
		return !!last && (last.textContent ?? '').trimStart().startsWith(text);
	};
	const WAIT_MS = 30_000;

	globalThis.__historyProbe = {
		// Clicks a conversation and times until its newest bubble (`text`) is in the DOM, and
		// until the frame after that (what the user can first see).
		open(button, text) {
			return new Promise((resolve, reject) => {
				const t0 = performance.now();
				const timer = setTimeout(() => {
					observer.disconnect();
					reject(new Error(`no bubble starting with ${text} within ${WAIT_MS} ms`));
				}, WAIT_MS);
				const observer = new MutationObserver(() => {
					if (!lastBubbleStartsWith(text)) return;
					const dom = performance.now() - t0;
					observer.disconnect();
					clearTimeout(timer);
					requestAnimationFrame(() => resolve({ dom, frame: performance.now() - t0 }));
				});
				observer.observe(document.body, { childList: true, subtree: true, characterData: true });
				button.click();
			});
		},
		// Scrolls the open list to the top and times until the older page is in: the log goes
		// aria-busy while it loads and back once the rows are merged, rendered and the reader's
		// position restored (all in the same flush). `fromScroll` includes waiting for the scroll
		// event (up to a frame); `fromLoad` starts when the load starts.
		loadOlder() {
			return new Promise((resolve, reject) => {
				const log = logOf();
				if (!log) return reject(new Error('no message log'));
				const scroller = log.parentElement;
				const t0 = performance.now();
				let started = null;
				const timer = setTimeout(() => {
					observer.disconnect();
					reject(new Error(`no older page within ${WAIT_MS} ms`));
				}, WAIT_MS);
				const observer = new MutationObserver(() => {
					const busy = log.getAttribute('aria-busy') === 'true';
					if (busy && started === null) started = performance.now();
					if (busy || started === null) return;
					const now = performance.now();
					observer.disconnect();
					clearTimeout(timer);
					resolve({ fromScroll: now - t0, fromLoad: now - started, scrollTop: scroller.scrollTop });
				});
				observer.observe(log, { attributes: true, attributeFilter: ['aria-busy'] });
				scroller.scrollTop = 0;
			});
		},
		bubbleCount() {
			return logOf()?.querySelectorAll('li').length ?? 0;
		},
		frames(count) {
			return new Promise((resolve) => {
				let left = count;
				const step = () => (--left <= 0 ? resolve() : requestAnimationFrame(step));
				requestAnimationFrame(step);
			});
		}
	};
})();
