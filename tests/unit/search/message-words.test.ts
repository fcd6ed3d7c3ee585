import { describe, expect, it } from 'vitest';
import { SearchEngine } from '../../../src/lib/search/search-engine';
import { searchText } from '../../../src/lib/search/message-words';
import { toSearchDoc } from '../../../src/lib/state/search-indexer';
import type { ReceivedRow } from '../../../src/lib/db/schema';
import type { MessageId } from '../../../src/lib/ids/message-id';
import type { PeerId } from '../../../src/lib/ids/peer-id';

const row = (over: Partial<ReceivedRow>): ReceivedRow => ({
	id: '0190a000-0000-7000-8000-000000000001' as MessageId,
	conversationId: 'pbob',
	peerId: 'pbob' as PeerId,
	seq: 1,
	text: '',
	authoredAt: 1,
	time: 1,
	unread: 0,
	...over
});

describe('the words search sees of a message', () => {
	it('is the text of a text message', () => {
		expect(searchText({ text: 'see you at six' })).toBe('see you at six');
	});

	it('is the shown file name of a file message, after its caption', () => {
		expect(searchText({ text: '', fileName: 'budget-2026.xlsx' })).toBe('budget-2026.xlsx');
		expect(searchText({ text: 'the numbers', fileName: 'budget-2026.xlsx' })).toBe('the numbers · budget-2026.xlsx');
		expect(searchText({ text: 'no file', fileName: '' })).toBe('no file');
	});

	it('finds a file message by a word of its name, with or without a caption', () => {
		const engine = new SearchEngine();
		engine.upsert([
			toSearchDoc(row({ kind: 'file', fileName: 'quarterly-report.pdf' })),
			toSearchDoc(row({ id: '0190a000-0000-7000-8000-000000000002' as MessageId, kind: 'file', text: 'holiday', fileName: 'beach.jpg', time: 2 })),
			toSearchDoc(row({ id: '0190a000-0000-7000-8000-000000000003' as MessageId, text: 'a plain message', time: 3 }))
		]);
		expect(engine.search('quarterly').map((hit) => hit.id)).toEqual(['0190a000-0000-7000-8000-000000000001']);
		expect(engine.search('beach').map((hit) => hit.id)).toEqual(['0190a000-0000-7000-8000-000000000002']);
		expect(engine.search('holiday').map((hit) => hit.id)).toEqual(['0190a000-0000-7000-8000-000000000002']);
	});
});
