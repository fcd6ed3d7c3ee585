import type { PeerId } from '../../ids/peer-id';
import type { FileControlFrame } from '../../protocol/frames';
import type { HandlerContext } from '../context';

/** `fwant` / `fstop` (PROTOCOL §13d) go to the file transfers, which check who may ask. */
export async function handleFileControl(context: HandlerContext, peer: PeerId, frame: FileControlFrame): Promise<void> {
	if (context.files === undefined) return context.log.reject('unexpected', { peer, detail: 'file transfer is not wired' });
	await context.files.control(peer, frame);
}
