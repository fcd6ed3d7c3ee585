import { OpfsPieceFiles, pieceFolderOf, type PieceWorkerLike } from '../../../src/lib/opfs/opfs-piece-files';
import { PieceFileService } from '../../../src/lib/opfs/piece-file-service';
import type { Sodium } from '../../../src/lib/crypto/sodium';
import type { FakeFs } from './fake-opfs';

/** The page adapter with its worker's service run in-process over a fake OPFS. */
export function inProcessPieceFiles(fs: FakeFs, dbName: string, supported = true, sodium?: () => Promise<Sodium>): OpfsPieceFiles {
	const listeners: ((event: MessageEvent<unknown>) => void)[] = [];
	const service = new PieceFileService({ root: fs.rootHandle, supported, ...(sodium === undefined ? {} : { sodium }), reply: (reply) => queueMicrotask(() => listeners.forEach((listen) => listen({ data: reply } as MessageEvent<unknown>))) });
	const worker: PieceWorkerLike = {
		postMessage: (message) => service.handle(message),
		addEventListener: (type: string, listener: (event: never) => void) => {
			if (type === 'message') listeners.push(listener as (event: MessageEvent<unknown>) => void);
		},
		terminate: () => undefined
	};
	return new OpfsPieceFiles(worker, pieceFolderOf(dbName), fs.rootHandle);
}
