// @ts-nocheck
// 
// The search worker: only the postMessage glue. Everything it does is SearchService, which is
// tested in Node; keeping the index here means typing never waits on a query in the page.
import { SearchService } from './search-service';

// The project compiles against the DOM library, whose `self` is a Window; the webworker
// library cannot be mixed in, so the worker scope is described by the two calls it needs.
interface WorkerScope {
	postMessage(message: unknown, transfer: Transferable[]): void;
	addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
}

const scope = self as unknown as WorkerScope;
const service = new SearchService((reply, transfer) => scope.postMessage(reply, transfer ?? []));
scope.addEventListener('message', (event) => service.handle(event.data));
