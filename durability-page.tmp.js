(async () => {
	const db = await new Promise((resolve, reject) => {
		const open = indexedDB.open('ab', 1);
		open.onupgradeneeded = () => {
			open.result.createObjectStore('rows', { keyPath: 'id' });
			open.result.createObjectStore('settings', { keyPath: 'key' });
		};
		open.onsuccess = () => resolve(open.result);
		open.onerror = () => reject(open.error);
	});
	const tx = (stores, durability, fill) =>
		new Promise((resolve, reject) => {
			const t = db.transaction(stores, 'readwrite', { durability });
			fill(t);
			t.oncomplete = () => resolve();
			t.onerror = () => reject(t.error);
		});
	let n = 0;
	const text = 'x'.repeat(60);
	const put = (t, count) => {
		for (let i = 0; i < count; i++) t.objectStore('rows').put({ id: `r${n++}`, text, time: Date.now(), unread: 1 });
	};
	const modes = {
		relaxed: async (count) => tx(['rows'], 'relaxed', (t) => put(t, count)),
		'relaxed+barrier': async (count) => {
			await tx(['rows'], 'relaxed', (t) => put(t, count));
			await tx(['settings'], 'strict', (t) => t.objectStore('settings').put({ key: 'b', value: 0 }));
		},
		strict: async (count) => tx(['rows'], 'strict', (t) => put(t, count))
	};
	const out = {};
	for (const count of [1, 16, 256]) {
		for (const round of [0, 1]) {
			for (const [name, run] of Object.entries(modes)) {
				const times = [];
				const reps = count === 256 ? 40 : 150;
				for (let i = 0; i < reps; i++) {
					const t0 = performance.now();
					await run(count);
					times.push(performance.now() - t0);
				}
				times.sort((a, b) => a - b);
				const p = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(2);
				if (round === 1) out[`${name} batch=${count}`] = `p50 ${p(0.5)} ms  p90 ${p(0.9)} ms`;
			}
		}
	}
	return out;
})()