import type { DirectoryLike, FileHandleLike, SyncHandleLike } from '../../../src/lib/opfs/piece-file-host';
import type { ReadDirectoryLike } from '../../../src/lib/opfs/opfs-piece-files';

// An in-memory Origin Private File System with the rules the design rests on (bench/opfs-facts.ts):
// one sync handle per file (a second is NoModificationAllowedError), an open file cannot be
// removed, growing past the quota throws (Chromium's QuotaExceededError, or Firefox's name).

function domError(name: string, message = name): Error {
	const error = new Error(message);
	error.name = name;
	return error;
}

export class FakeFile {
	bytes = new Uint8Array(0);
	open = false;
}

export class FakeDirectory implements DirectoryLike, ReadDirectoryLike {
	readonly files = new Map<string, FakeFile>();
	readonly folders = new Map<string, FakeDirectory>();
	readonly fs: FakeFs;

	constructor(fs: FakeFs) {
		this.fs = fs;
	}

	async getDirectoryHandle(name: string, options?: { create?: boolean }): Promise<FakeDirectory> {
		let folder = this.folders.get(name);
		if (folder === undefined) {
			if (!options?.create) throw domError('NotFoundError');
			this.folders.set(name, (folder = new FakeDirectory(this.fs)));
		}
		return folder;
	}

	async getFileHandle(name: string, options?: { create?: boolean }): Promise<FileHandleLike & { getFile(): Promise<Blob> }> {
		let file = this.files.get(name);
		if (file === undefined) {
			if (!options?.create) throw domError('NotFoundError');
			this.files.set(name, (file = new FakeFile()));
		}
		const it = file;
		const fs = this.fs;
		return {
			getFile: async () => new Blob([it.bytes.slice()]),
			createSyncAccessHandle: async () => {
				if (it.open) throw domError('NoModificationAllowedError');
				it.open = true;
				return new FakeSyncHandle(it, fs);
			}
		};
	}

	async removeEntry(name: string, options?: { recursive?: boolean }): Promise<void> {
		const file = this.files.get(name);
		if (file !== undefined) {
			if (file.open) throw domError('NoModificationAllowedError');
			this.files.delete(name);
			return;
		}
		const folder = this.folders.get(name);
		if (folder === undefined) throw domError('NotFoundError');
		if (!options?.recursive && (folder.files.size > 0 || folder.folders.size > 0)) throw domError('InvalidModificationError');
		if ([...folder.files.values()].some((f) => f.open)) throw domError('NoModificationAllowedError');
		this.folders.delete(name);
	}

	async *keys(): AsyncIterable<string> {
		yield* this.folders.keys();
		yield* this.files.keys();
	}
}

class FakeSyncHandle implements SyncHandleLike {
	readonly #file: FakeFile;
	readonly #fs: FakeFs;
	#closed = false;

	constructor(file: FakeFile, fs: FakeFs) {
		this.#file = file;
		this.#fs = fs;
	}

	write(bytes: Uint8Array, options: { at: number }): number {
		this.#live();
		const end = options.at + bytes.length;
		if (end > this.#file.bytes.length) this.truncate(end);
		this.#file.bytes.set(bytes, options.at);
		this.#fs.writes += 1;
		return bytes.length;
	}

	truncate(size: number): void {
		this.#live();
		const grows = size - this.#file.bytes.length;
		if (grows > 0 && this.#fs.used() + grows > this.#fs.quota) throw domError(this.#fs.quotaErrorName, 'No space available for this operation');
		const next = new Uint8Array(size);
		next.set(this.#file.bytes.subarray(0, size));
		this.#file.bytes = next;
		this.#fs.truncates += 1;
	}

	getSize(): number {
		this.#live();
		return this.#file.bytes.length;
	}

	flush(): void {
		this.#live();
	}

	close(): void {
		this.#closed = true;
		this.#file.open = false;
	}

	#live(): void {
		if (this.#closed) throw domError('InvalidStateError');
	}
}

export class FakeFs {
	quota = Infinity;
	quotaErrorName = 'QuotaExceededError';
	writes = 0;
	truncates = 0;
	readonly root = new FakeDirectory(this);

	used(): number {
		let total = 0;
		const walk = (dir: FakeDirectory) => {
			for (const file of dir.files.values()) total += file.bytes.length;
			for (const folder of dir.folders.values()) walk(folder);
		};
		walk(this.root);
		return total;
	}

	rootHandle = async (): Promise<FakeDirectory> => this.root;
}
