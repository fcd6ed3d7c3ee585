// The dataset export worker: only the postMessage glue around ExportService (export-service.ts),
// which is tested in Node. The NLP engine (compromise) is loaded here, lazily, never in the page.
import { ExportService, type ExportRequest, type ExportReply } from './export-service';
import { loadPersonFinder } from './person-finder';

interface WorkerScope {
	postMessage(message: ExportReply, transfer: Transferable[]): void;
	addEventListener(type: 'message', listener: (event: MessageEvent<ExportRequest>) => void): void;
}

const NLP_VERSION = '14';
const scope = self as unknown as WorkerScope;
// A line's bytes move to the page instead of being copied.
const service = new ExportService((reply) => scope.postMessage(reply, reply.type === 'conversation' && reply.bytes ? [reply.bytes.buffer] : []), loadPersonFinder, NLP_VERSION);
// Requests are handled one after another: a 'records' message must not overtake a slow 'start'.
let queue = Promise.resolve();
scope.addEventListener('message', (event) => {
	queue = queue.then(() => service.handle(event.data));
});
