import { storeGroupMessages } from '../db/group-inbox';
import { recordGroupRead } from '../db/group-reads';
import { applyGroupOp } from '../db/group-store';
import type { GroupMessageFrame, GroupOpFrame } from '../group/group-frames';
import { MAX_OP_REQUEST_IDS } from '../group/group-limits';
import { checkGroupMessage, verifyGroupOp, type VerifiedGroupMessage } from '../group/group-signing';
import type { Sodium } from '../crypto/sodium';
import type { MessageId } from '../ids/message-id';
import type { PeerId } from '../ids/peer-id';
import type { GroupAppFrame } from '../protocol/frames';
import type { HandlerContext } from './context';
import { GroupSync } from './group-sync';
import type { GroupWire } from './group-wire';

/**
 * Inbound group frames (PROTOCOL §12b): verify the author's signature, then admission by the
 * receiver's current membership, then ONE store transaction; a message is acked only once that
 * commit is durable (the ack batcher's barrier, as for direct messages), a duplicate is acked
 * again, and a refused frame stores nothing and is logged with its reason.
 */
export class GroupInbound {
	readonly sync: GroupSync;

	constructor(
		private readonly wire: GroupWire,
		private readonly sodium: Sodium
	) {
		this.sync = new GroupSync(wire, sodium);
	}

	acked(peer: PeerId, ids: readonly MessageId[]): Promise<void> {
		return this.wire.acked(peer, ids);
	}

	async handle(context: HandlerContext, peer: PeerId, frame: GroupAppFrame): Promise<void> {
		switch (frame.t) {
			case 'gmsg':
				return this.handleMessages(context, peer, [frame]);
			case 'gop':
				return this.#op(context, peer, frame);
			case 'gsum':
				return this.sync.onSummary(peer, frame);
			case 'greq':
				return this.sync.onRelayRequest(peer, frame);
			case 'gdone':
				return this.sync.onRelayDone(peer, frame);
			case 'gopreq':
				return this.sync.onOpRequest(peer, frame);
			case 'gread':
				// Kept even while my own receipts are off; the thread then shows none (as 1:1).
				await recordGroupRead(context.db, peer, frame.g, frame.upTo, context.now());
				return;
		}
	}

	/**
	 * A run of group messages from one peer: each checked (signature, or the author's own session:
	 * checkGroupMessage) and checked against blocks, then the
	 * rest stored in ONE transaction; each stored or duplicate one acked (after the durability
	 * barrier), each refused one logged.
	 */
	async handleMessages(context: HandlerContext, peer: PeerId, frames: readonly GroupMessageFrame[]): Promise<void> {
		const admitted: VerifiedGroupMessage[] = [];
		for (const frame of frames) {
			const verified = checkGroupMessage(this.sodium, frame, peer);
			if (!verified.ok) {
				context.log.reject(verified.reason, { peer, detail: 'group message' });
				context.refused(peer, 1);
				continue;
			}
			// Blocked: their group messages are dropped unstored, whoever relays them (SECURITY "Groups").
			if (this.wire.options.admission.isBlocked(frame.by)) {
				context.log.reject('blocked', { peer, detail: 'group message by a blocked member' });
				continue;
			}
			admitted.push(verified.value);
		}
		if (admitted.length === 0) return;
		// A file in a group is fetched at once only from a contact's message; a member I never added
		// (anyone can add me to a group) cannot make this device download: theirs wait for a click.
		const admission = this.wire.options.admission;
		const verdicts = await storeGroupMessages(context.db, admitted, peer, context.now, (author) => admission.isAddedContact(author));
		const files: MessageId[] = [];
		for (const [i, verdict] of verdicts.entries()) {
			if (verdict.ok) {
				const frame = admitted[i]!.frame;
				context.acknowledge(peer, frame.id);
				// Members' files are fetched at once: a blocked author's never reach here (above).
				if (verdict.value !== 'duplicate' && frame.body.kind === 'file') files.push(frame.id);
				continue;
			}
			context.log.reject(verdict.reason, { peer, detail: 'group message not stored' });
			context.refused(peer, 1);
		}
		if (files.length > 0) context.files?.received(files);
	}

	async #op(context: HandlerContext, peer: PeerId, frame: GroupOpFrame): Promise<void> {
		const verified = verifyGroupOp(this.sodium, frame);
		if (!verified.ok) {
			context.log.reject(verified.reason, { peer, detail: 'group op' });
			context.refused(peer, 1);
			return;
		}
		const applied = await applyGroupOp(context.db, this.wire.me, verified.value, context.now());
		if (!applied.ok) {
			// An op of a group I do not hold yet (I was added): an empty summary asks the sender for
			// the whole history, create first.
			if (applied.reason === 'unknown-group') await this.wire.sendSummary(peer, frame.g);
			else context.log.reject(applied.reason, { peer, detail: 'group op not stored' });
			return;
		}
		if (applied.value.result === 'duplicate') return;
		const state = applied.value.group.state;
		if (state.missing.length > 0) this.wire.send(peer, { t: 'gopreq', g: frame.g, ids: state.missing.slice(0, MAX_OP_REQUEST_IDS) });
		await this.wire.membersChanged(frame.g);
	}
}
