import { describe, expect, it } from 'vitest';
import { FILE_CHANNEL_VERSION, FILE_STREAM_ID, fileStreamFor, LEGACY_FILE_STREAM_ID, MAX_FILE_CHANNEL_VERSION } from '../../../src/lib/files/file-stream';

describe('the file channel stream both ends agree on (PROTOCOL §13c)', () => {
	it('is version 1’s stream with a peer that said no version or version 1', () => {
		expect(fileStreamFor(1)).toBe(LEGACY_FILE_STREAM_ID);
		expect(LEGACY_FILE_STREAM_ID).toBe(1001);
	});

	it('is the stream under 256 with a peer of this version or a later one', () => {
		expect(fileStreamFor(FILE_CHANNEL_VERSION)).toBe(FILE_STREAM_ID);
		expect(fileStreamFor(MAX_FILE_CHANNEL_VERSION)).toBe(FILE_STREAM_ID);
	});

	it('is a stream Firefox’s usrsctp data channels (up to ESR 140) can send on, clear of PeerJS’s channel', () => {
		// They open 256 outgoing streams; PeerJS's own (announced) channel takes id 0 or 1.
		expect(FILE_STREAM_ID).toBeLessThan(256);
		expect(FILE_STREAM_ID).toBeGreaterThan(1);
		expect(FILE_CHANNEL_VERSION).toBe(2);
	});
});
