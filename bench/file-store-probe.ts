// bench/file-store-ab.ts's page: storing received 4 MiB pieces, one step per call so that Node
// reads the CPU the browser used for it from /proc. "idb" is what the receiver does now (a Blob
// of the piece's 64 chunk views, an IndexedDB put with its file row in one transaction); "opfs"
// transfers each piece's buffer to a dedicated worker that writes it at its offset in one Origin
// Private File System file through a FileSystemSyncAccessHandle (flushed at the end).

const PIECE_BYTES = 4 * 1024 * 1024;
const CHUNK_BYTES = 64 * 1024;
const DB_NAME = 'file-store-ab';

/** The worker's code, as a string: the page makes it from a blob: URL. */
const WORKER_SOURCE = `
let handle = null;
onmessage = async (event) => {
	const m = event.data;
	try {
		if (m.kind === 'open') {
			const root = await navigator.storage.getDirectory();
			const file = await root.getFileHandle(m.name, { create: true });
			handle = await file.createSyncAccessHandle();
			handle.truncate(m.size ?? 0);
		} else if (m.kind === 'write') {
			const written = handle.write(new Uint8Array(m.buffer), { at: m.at });
			if (written !== m.buffer.byteLength) throw new Error('short write');
		} else if (m.kind === 'close') {
			if (m.flush) handle.flush();
			const size = handle.getSize();
			handle.close();
			handle = null;
			const root = await navigator.storage.getDirectory();
			await root.removeEntry(m.name);
			postMessage({ id: m.id, size });
			return;
		}
		if (m.id !== undefined) postMessage({ id: m.id });
	} catch (error) {
		postMessage({ id: m.id, error: String(error) });
	}
};`;

let worker: Worker | null = null;
let db: IDBDatabase | null = null;

function request<T>(req: IDBRequest<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error);
	});
}

function ask(message: Record<string, unknown>, transfer: Transferable[] = []): Promise<unknown> {
	const id = Math.random();
	return new Promise((resolve, reject) => {
		const w = worker!;
		const listener = (event: MessageEvent<{ id: number; error?: string }>) => {
			if (event.data.id !== id) return;
			w.removeEventListener('message', listener);
			if (event.data.error) reject(new Error(event.data.error));
			else resolve(event.data);
		};
		w.addEventListener('message', listener);
		w.postMessage({ ...message, id }, transfer);
	});
}

export async function prepare(): Promise<void> {
	worker = new Worker(URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' })));
	const open = indexedDB.open(DB_NAME, 1);
	open.onupgradeneeded = () => {
		open.result.createObjectStore('fileChunks', { keyPath: ['hash', 'index'] });
		open.result.createObjectStore('files', { keyPath: 'messageId' });
	};
	db = await request(open);
}

/** A piece as the receiver holds it: a fresh 4 MiB buffer (ChunkArena) with some bytes in it. */
function freshPiece(n: number): Uint8Array<ArrayBuffer> {
	const piece = new Uint8Array(PIECE_BYTES);
	for (let at = 0; at < PIECE_BYTES; at += 4096) piece[at] = (n + at) & 255;
	return piece;
}

/** One step over `pieces` pieces of 4 MiB; wall ms. */
export async function step(which: 'idb' | 'opfs' | 'opfs-pre' | 'opfs-norows' | 'opfs-noflush' | 'alloc' | 'rows', pieces: number): Promise<number> {
	const at = performance.now();
	const hash = `h${at}`;
	if (which === 'alloc') {
		let sink = 0;
		for (let n = 0; n < pieces; n++) sink += freshPiece(n)[0]!;
		if (sink < 0) throw new Error('never');
	} else if (which === 'rows') {
		for (let n = 0; n < pieces; n++) {
			freshPiece(n);
			const tx = db!.transaction(['files'], 'readwrite');
			tx.objectStore('files').put({ messageId: hash, have: [[0, (n + 1) * 64]] });
			await new Promise<void>((resolve, reject) => {
				tx.oncomplete = () => resolve();
				tx.onerror = () => reject(tx.error);
			});
		}
	} else if (which === 'idb') {
		for (let n = 0; n < pieces; n++) {
			const piece = freshPiece(n);
			const chunks: Uint8Array<ArrayBuffer>[] = [];
			for (let c = 0; c < PIECE_BYTES; c += CHUNK_BYTES) chunks.push(piece.subarray(c, c + CHUNK_BYTES));
			const tx = db!.transaction(['files', 'fileChunks'], 'readwrite');
			tx.objectStore('fileChunks').put({ hash, index: n * 64, count: 64, data: new Blob(chunks) });
			tx.objectStore('files').put({ messageId: hash, have: [[0, (n + 1) * 64]] });
			await new Promise<void>((resolve, reject) => {
				tx.oncomplete = () => resolve();
				tx.onerror = () => reject(tx.error);
			});
		}
		const tx = db!.transaction(['fileChunks'], 'readwrite');
		tx.objectStore('fileChunks').clear();
		await new Promise<void>((resolve) => (tx.oncomplete = () => resolve()));
	} else {
		await ask({ kind: 'open', name: hash, size: which === 'opfs-pre' || which === 'opfs-norows' ? pieces * PIECE_BYTES : 0 });
		const pending: Promise<unknown>[] = [];
		for (let n = 0; n < pieces; n++) {
			const piece = freshPiece(n);
			// A file row's `have` in IndexedDB is still written per piece (no Blob in it).
			pending.push(ask({ kind: 'write', at: n * PIECE_BYTES, buffer: piece.buffer }, [piece.buffer]));
			await pending.at(-1);
			if (which === 'opfs-norows') continue;
			const tx = db!.transaction(['files'], 'readwrite');
			tx.objectStore('files').put({ messageId: hash, have: [[0, (n + 1) * 64]] });
			await new Promise<void>((resolve, reject) => {
				tx.oncomplete = () => resolve();
				tx.onerror = () => reject(tx.error);
			});
		}
		await Promise.all(pending);
		const closed = (await ask({ kind: 'close', name: hash, flush: which !== 'opfs-noflush' })) as { size: number };
		if (closed.size !== pieces * PIECE_BYTES) throw new Error(`size ${closed.size}`);
	}
	return performance.now() - at;
}
