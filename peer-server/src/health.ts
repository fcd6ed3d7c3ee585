import type { RequestHandler } from 'express';

/** Answers while the process runs: for a supervisor deciding whether to restart it. */
export const HEALTH_PATH = '/healthz';
/** Answers 200 only while the store answers: for a load balancer deciding whether to send traffic. */
export const READY_PATH = '/readyz';

export const healthHandler: RequestHandler = (_req, res) => {
	res.status(200).set('Cache-Control', 'no-store').type('text/plain').send('ok\n');
};

export function readyHandler(ready: () => Promise<boolean>): RequestHandler {
	return (_req, res) => {
		const answer = (isReady: boolean) => {
			res.status(isReady ? 200 : 503).set('Cache-Control', 'no-store').type('text/plain').send(isReady ? 'ready\n' : 'store unreachable\n');
		};
		ready().then(answer, () => answer(false));
	};
}
