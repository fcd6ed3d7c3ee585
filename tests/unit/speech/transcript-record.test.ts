import { describe, expect, it } from 'vitest';
import { MAX_TRANSCRIPT_CHARS, doneRecord, isOpen, isTranscribable, recordForError } from '../../../src/lib/speech/transcript-record';
import { queryTerms } from '../../../src/lib/search/search-text';

describe('which files get a transcript', () => {
	it('takes any declared audio type', () => {
		for (const type of ['audio/webm', 'audio/ogg; codecs=opus', 'audio/webm;codecs=opus', 'audio/wav', 'audio/x-wav', 'audio/mpeg', 'audio/mp4', 'AUDIO/OGG']) expect(isTranscribable({ type, name: 'x' }), type).toBe(true);
	});

	it('goes by the name only when the type says nothing', () => {
		expect(isTranscribable({ type: '', name: 'memo.m4a' })).toBe(true);
		expect(isTranscribable({ type: 'application/octet-stream', name: 'memo.OPUS' })).toBe(true);
		expect(isTranscribable({ type: 'video/webm', name: 'clip.webm' })).toBe(false);
		expect(isTranscribable({ type: 'image/png', name: 'memo.wav' })).toBe(false);
		expect(isTranscribable({ type: '', name: 'notes.txt' })).toBe(false);
		expect(isTranscribable({ type: '', name: '.wav' })).toBe(false);
	});
});

describe('transcript states', () => {
	it('stores the engine’s "why not" codes as unavailable, the others as failed', () => {
		expect(recordForError('model-missing')).toEqual({ state: 'unavailable', reason: 'model-missing' });
		expect(recordForError('storage-refused')).toEqual({ state: 'unavailable', reason: 'storage-refused' });
		expect(recordForError('unsupported')).toEqual({ state: 'unavailable', reason: 'unsupported' });
		expect(recordForError('bad-audio')).toEqual({ state: 'failed', code: 'bad-audio' });
		expect(recordForError('failed')).toEqual({ state: 'failed', code: 'failed' });
	});

	it('keeps a finished transcript tidy and bounded', () => {
		expect(doneRecord('  hello \n  there ')).toEqual({ state: 'done', text: 'hello there' });
		const long = doneRecord('word '.repeat(MAX_TRANSCRIPT_CHARS));
		expect(long.state === 'done' && long.text.length).toBe(MAX_TRANSCRIPT_CHARS);
	});

	it('counts pending and running as still to do', () => {
		expect(isOpen({ state: 'pending' })).toBe(true);
		expect(isOpen({ state: 'running' })).toBe(true);
		expect(isOpen({ state: 'done', text: '' })).toBe(false);
		expect(isOpen(undefined)).toBe(false);
	});
});

describe('a one-digit query', () => {
	it('asks for the digit’s word; other one-letter words stay dropped', () => {
		expect(queryTerms('room 5')).toEqual(['room', 'five']);
		expect(queryTerms('0 a 9')).toEqual(['zero', 'nine']);
		expect(queryTerms('55')).toEqual(['55']);
	});
});
