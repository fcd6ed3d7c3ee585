import { markAcked } from '../../db/queries';
import type { AckFrame } from '../../protocol/frames';
import type { PeerId } from '../../ids/peer-id';
import type { FrameHandler, HandlerContext } from '../context';

export const handleAck: FrameHandler<'ack'> = (context, peer, frame) => handleAcks(context, peer, [frame]);

/**
 * A run of ack frames from one peer, applied in ONE transaction. One ack frame covers messages
 * and edits alike: both are outbox rows keyed by UUIDv7.
 */
export async function handleAcks(context: HandlerContext, peer: PeerId, frames: readonly AckFrame[]): Promise<void> {
	// Stryker disable next-line ConditionalExpression: equivalent when false, flatMap of one frame gives the same ids (`true` drops ids of a second frame: killed by frame-handlers).
	const ids = frames.length === 1 ? frames[0]!.ids : frames.flatMap((frame) => frame.ids);
	// An ack can overtake the write of a row sent ahead of its commit (send-ahead.ts).
	const writing = context.settled(ids);
	// Stryker disable next-line ConditionalExpression: equivalent when true, awaiting null only yields a microtask (`false` is killed: 'waits for a write still under way').
	if (writing) await writing;
	await markAcked(context.db, peer, ids, context.now());
	// Group frames of mine among them move only that member's delivery rows (group-wire.ts).
	await context.groups?.acked(peer, ids);
	context.acknowledged(peer, ids);
}
