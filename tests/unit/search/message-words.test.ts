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

describe('a transcript in search (issue 13)', () => {
	const id = (n: number) => `0190a000-0000-7000-8000-00000000010${n}` as MessageId;
	const voice = (n: number, text: string) => row({ id: id(n), kind: 'file', fileName: 'voice.webm', time: n, transcript: { state: 'done', text } });

	it('shows the transcript after the file name, and only a finished one', () => {
		expect(searchText(voice(1, 'call me back'))).toBe('voice.webm · call me back');
		expect(searchText(row({ kind: 'file', fileName: 'voice.webm', transcript: { state: 'running' } }))).toBe('voice.webm');
	});

	it('finds a voice message by a word of its transcript, and a number said or written either way', () => {
		const engine = new SearchEngine();
		engine.upsert([voice(1, 'The meeting is in room 5 at noon.'), voice(2, 'I counted twenty five boats'), voice(3, 'Bring 12 apples'), row({ id: id(4), text: 'room for one more', time: 4 })].map(toSearchDoc));
		expect(engine.search('meeting').map((hit) => hit.id)).toEqual([id(1)]);
		// "5" is too short to be a term: indexed as "five", and a query's lone digit asks for "five".
		expect(engine.search('room five').map((hit) => hit.id)).toEqual([id(1)]);
		expect(engine.search('room 5').map((hit) => hit.id)).toEqual([id(1)]);
		expect(engine.search('25 boats').map((hit) => hit.id)).toEqual([id(2)]);
		expect(engine.search('twelve apples').map((hit) => hit.id)).toEqual([id(3)]);
		expect(engine.search('12 apples').map((hit) => hit.id)).toEqual([id(3)]);
	});

	it('does not show the extra number forms, which are for the index only', () => {
		expect(searchText(voice(1, 'room 5'))).toBe('voice.webm · room 5');
		expect(toSearchDoc(voice(1, 'room 5')).text).toBe('voice.webm · room 5 five');
	});
});
