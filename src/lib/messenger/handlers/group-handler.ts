import type { GroupAppFrame } from '../../protocol/frames';
import type { PeerId } from '../../ids/peer-id';
import type { HandlerContext } from '../context';

/** Every group frame goes to the group wiring (messenger/group-inbound.ts), in arrival order. */
export async function handleGroupFrame(context: HandlerContext, peer: PeerId, frame: GroupAppFrame): Promise<void> {
	if (context.groups) return context.groups.handle(context, peer, frame);
	context.log.reject('unexpected', { peer, detail: 'group frames are not handled here' });
}
