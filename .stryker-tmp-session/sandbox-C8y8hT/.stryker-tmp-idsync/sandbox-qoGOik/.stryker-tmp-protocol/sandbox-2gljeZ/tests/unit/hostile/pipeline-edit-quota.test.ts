// @ts-nocheck
// 
// 
import { describe, expect, it } from 'vitest';
import { REQUEST_MAX_TEXT_CHARS, REQUEST_MAX_VERSIONS } from '../../../src/lib/db/inbound-rules';
import { newMessageId } from '../../../src/lib/ids/message-id';
import { MAX_TEXT_CHARS } from '../../../src/lib/protocol/limits';
import { eventually, makePair, startedPeers } from '../messenger/messenger-harness';
import { connectRaw } from './raw-peer';
import { handled } from './settle';

const start = startedPeers();

describe('edit text from a message request is charged to its character quota (review finding 4)', () => {
	it(`stores at most ${REQUEST_MAX_TEXT_CHARS} characters of a request, edits included`, async () => {
		const { network, alice, bob: stranger } = await makePair();
		await start(alice);
		const raw = await connectRaw(network, stranger.identity, alice.identity.peerId);
		await eventually(() => raw.ready(), Boolean);
		const targets = [newMessageId(), newMessageId()];
		targets.forEach((id, i) => raw.sendFrame({ t: 'msg', id, seq: i + 1, ts: Date.now(), body: { kind: 'text', text: 'hi' } }));
		// Each message may keep REQUEST_MAX_VERSIONS versions: without the character quota that is
		// 2 x 9 x 8,000 = 144,000 characters, more than twice what the request may store.
		let sent = 0;
		for (const target of targets) {
			for (let version = 1; version < REQUEST_MAX_VERSIONS; version++) {
				// Few enough refusals that the stranger's strikes do not close the link first.
				if (sent * MAX_TEXT_CHARS > REQUEST_MAX_TEXT_CHARS + 4 * MAX_TEXT_CHARS) break;
				raw.sendFrame({ t: 'edit', id: newMessageId(), target, version, ts: Date.now(), text: String(version).repeat(MAX_TEXT_CHARS) });
				sent += 1;
			}
		}
		await handled(raw, alice);
		const history = await alice.db.editHistory.toArray();
		const messages = await alice.db.receiver.toArray();
		const stored = [...history.filter((row) => row.id.startsWith(`${stranger.identity.peerId}:`)), ...messages].reduce((sum, row) => sum + row.text.length, 0);
		expect(stored).toBeGreaterThan(REQUEST_MAX_TEXT_CHARS - MAX_TEXT_CHARS);
		expect(stored).toBeLessThanOrEqual(REQUEST_MAX_TEXT_CHARS);
		expect(alice.rejects).toContain('over-quota');
		// The edits used the quota up: a long message after them is refused too.
		const late = newMessageId();
		raw.sendFrame({ t: 'msg', id: late, seq: 3, ts: Date.now(), body: { kind: 'text', text: 'x'.repeat(MAX_TEXT_CHARS) } });
		await handled(raw, alice);
		expect(await alice.db.receiver.get(late)).toBeUndefined();
	});
});
