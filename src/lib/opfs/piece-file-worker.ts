// The piece-file worker: only the postMessage glue. Everything it does is PieceFileService and
// PieceFileHost, tested in Node with an in-memory directory.
import { loadSodium } from '../crypto/sodium';
import type { DirectoryLike } from './piece-file-host';
import { PieceFileService } from './piece-file-service';

// The project compiles against the DOM library, whose `self` is a Window: the worker scope is
// described by the calls it needs.
interface WorkerScope {
	postMessage(message: unknown): void;
	addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
}

const scope = self as unknown as WorkerScope;
const service = new PieceFileService({
	root: () => navigator.storage.getDirectory() as unknown as Promise<DirectoryLike>,
	supported: typeof navigator.storage?.getDirectory === 'function' && 'FileSystemSyncAccessHandle' in globalThis,
	reply: (reply) => scope.postMessage(reply),
	// Loaded at a file's first sealed chunk, not at start: most workers never hash anything.
	sodium: loadSodium
});
scope.addEventListener('message', (event) => service.handle(event.data));
