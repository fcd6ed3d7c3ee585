import { heldSummary } from '../db/group-relay-queries';
import { relayFrames } from '../db/group-relay-queries';
import { heldOps, opsById } from '../db/group-store';
import type { GroupOpRequestFrame, GroupRelayDoneFrame, GroupRelayRequestFrame, GroupSummaryFrame } from '../group/group-frames';
import type { GroupId } from '../group/group-ids';
import { MAX_OP_REQUEST_IDS } from '../group/group-limits';
import { verifyGroupMessage, type VerifiedOp } from '../group/group-signing';
import type { Sodium } from '../crypto/sodium';
import type { GroupState } from '../group/membership';
import { OpGraph } from '../group/op-graph';
import { planOpSync } from '../group/op-sync';
import { planRelay, type RelaySummary, type SeqRange } from '../group/relay';
import type { PeerId } from '../ids/peer-id';
import { standing, type GroupWire } from './group-wire';

/**
 * The catch-up exchange of PROTOCOL §12d, driven by summaries: on each `gsum` I send the ops
 * the peer lacks, my own frames still pending for it, and a `greq` for what it holds and I lack
 * (relay: its copies of other members' frames); a `greq` is answered with the authors' original
 * signed frames and a `gdone`; `gdone.more` asks again. Relay is pull only: a member never pushes
 * other members' frames, so a frame I do not want (a blocked author's) is simply never asked for.
 */
export class GroupSync {
	constructor(
		private readonly wire: GroupWire,
		private readonly sodium: Sodium
	) {}

	async onSummary(peer: PeerId, frame: GroupSummaryFrame): Promise<void> {
		const channel = this.wire.channelState(peer);
		if (!channel) return;
		const before = channel.theirs.get(frame.g);
		channel.theirs.set(frame.g, frame);
		// Their op count moved (they joined, or learned a change): my frames refused before may pass now.
		if (before && before.ops !== frame.ops) channel.sent.delete(frame.g);
		const held = await heldSummary(this.wire.db, frame.g);
		if (!held || !held.state.members.has(this.wire.me)) {
			// A group I do not hold (an invitation on its way): an empty summary asks for all its ops.
			if (!held) await this.wire.sendSummary(peer, frame.g);
			return;
		}
		const role = standing(held.state, peer);
		if (role === 'stranger') {
			this.wire.options.log.reject('not-member', { peer, detail: 'summary for a group they are not in' });
			return;
		}
		await this.#syncOps(peer, frame, held.state, role === 'departed');
		if (role === 'member') {
			await this.wire.flushPending(peer, frame.g);
			this.#ask(peer, frame.g, held.summary, frame, held.state);
		}
		await this.wire.sendSummary(peer, frame.g);
	}

	async onRelayRequest(peer: PeerId, frame: GroupRelayRequestFrame): Promise<void> {
		const held = await heldSummary(this.wire.db, frame.g);
		// Only members get relayed frames: a departed member gets nothing written after it left.
		if (!held || !held.state.members.has(this.wire.me) || !held.state.members.has(peer)) {
			this.wire.options.log.reject(held ? 'not-member' : 'unknown-group', { peer, detail: 'relay request' });
			return;
		}
		const ranges: SeqRange[] = frame.authors.map((author, i) => ({ author, from: frame.from[i]!, to: frame.to[i]! }));
		const { frames, more } = await relayFrames(this.wire.db, frame.g, ranges);
		let sent = 0;
		for (const message of frames) {
			// A copy its author delivered was not signature-checked on arrival (checkGroupMessage):
			// only copies that verify leave this device, so a relay never passes on a forgery.
			const checked = verifyGroupMessage(this.sodium, message);
			if (!checked.ok) {
				this.wire.options.log.reject(checked.reason, { peer, detail: 'held group message not relayed' });
				continue;
			}
			if (!this.wire.send(peer, message)) return;
			sent++;
		}
		this.wire.send(peer, { t: 'gdone', g: frame.g, sent, more });
	}

	async onRelayDone(peer: PeerId, frame: GroupRelayDoneFrame): Promise<void> {
		if (!frame.more) return;
		const theirs = this.wire.channelState(peer)?.theirs.get(frame.g);
		const held = await heldSummary(this.wire.db, frame.g);
		if (theirs && held && held.state.members.has(peer)) this.#ask(peer, frame.g, held.summary, theirs, held.state);
	}

	async onOpRequest(peer: PeerId, frame: GroupOpRequestFrame): Promise<void> {
		const held = await heldOps(this.wire.db, frame.g);
		const state = (await heldSummary(this.wire.db, frame.g))?.state;
		if (!state || standing(state, peer) === 'stranger') return;
		const wanted = await opsById(this.wire.db, frame.g, frame.ids);
		const allowed = standing(state, peer) === 'departed' ? visibleToDeparted(held, state, peer) : null;
		for (const op of wanted) if (!allowed || allowed.has(op.id)) this.wire.send(peer, op.frame);
	}

	async #syncOps(peer: PeerId, frame: GroupSummaryFrame, state: GroupState, departed: boolean): Promise<void> {
		const held = await heldOps(this.wire.db, frame.g);
		const plan = planOpSync(held, frame.heads);
		// A departed member learns its own removal and what led to it, nothing decided after.
		const allowed = departed ? visibleToDeparted(held, state, peer) : null;
		for (const op of plan.send) if (!allowed || allowed.has(op.id)) this.wire.send(peer, op.frame);
		if (plan.ask.length > 0) this.wire.send(peer, { t: 'gopreq', g: frame.g, ids: plan.ask.slice(0, MAX_OP_REQUEST_IDS) });
	}

	/** A `greq` for what the peer holds and I lack, leaving out authors I blocked. */
	#ask(peer: PeerId, group: GroupId, mine: RelaySummary, theirs: GroupSummaryFrame, state: GroupState): void {
		const summary = new Map(theirs.authors.map((author, i) => [author, { from: theirs.from[i]!, upTo: theirs.upTo[i]! }]));
		const { ask } = planRelay(mine, summary, state);
		const ranges = ask.ranges.filter((range) => range.author !== this.wire.me && !this.wire.options.admission.isBlocked(range.author));
		if (ranges.length === 0) return;
		this.wire.send(peer, {
			t: 'greq',
			g: group,
			authors: ranges.map((range) => range.author),
			from: ranges.map((range) => range.from),
			to: ranges.map((range) => range.to)
		});
	}
}

/** The removals of `peer` and every op they descend from. */
function visibleToDeparted(held: readonly VerifiedOp[], state: GroupState, peer: PeerId): Set<string> {
	const graph = new OpGraph(held);
	const out = new Set<string>();
	for (const removal of state.removals.get(peer) ?? []) {
		out.add(removal);
		for (const ancestor of graph.ancestorsOf(removal)) out.add(ancestor);
	}
	return out;
}
