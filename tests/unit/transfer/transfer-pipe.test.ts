import { describe, expect, it } from 'vitest';
import { answerPipe, dialPipe, readyStream } from '../../../src/lib/app/transfer-pipe';
import { FILE_STREAM_ID, LEGACY_FILE_STREAM_ID } from '../../../src/lib/files/file-stream';
import type { PeerId } from '../../../src/lib/ids/peer-id';
import { FakeNetwork } from '../../../src/lib/net/fake-transport';
import type { Link } from '../../../src/lib/net/transport';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
const bytes = (...values: number[]) => new Uint8Array(values);

/** The new device's dialled link and the old device's inbound end of it. */
async function devices(): Promise<{ dialled: Link; inbound: Link }> {
	const network = new FakeNetwork();
	const newDevice = network.createTransport();
	const oldDevice = network.createTransport();
	newDevice.start('paaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' as PeerId);
	oldDevice.start('pbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' as PeerId);
	const inbound = new Promise<Link>((resolve) => oldDevice.on('link', resolve));
	const dialled = newDevice.dial('pbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' as PeerId);
	return { dialled, inbound: await inbound };
}

describe('the device transfer pipe (PROTOCOL §14, files/file-stream.ts)', () => {
	it('reads which stream an old device is ready on: "PTX1", 6 this version’s, "PTX1", 0 an older one’s, nothing else', () => {
		expect(readyStream(bytes(0x50, 0x54, 0x58, 0x31, 6))).toBe(FILE_STREAM_ID);
		expect(readyStream(bytes(0x50, 0x54, 0x58, 0x31, 0).buffer)).toBe(LEGACY_FILE_STREAM_ID);
		const others = [bytes(0x50, 0x54, 0x58, 0x32, 6), bytes(0x50, 0x54, 0x58, 0x31), bytes(0x50, 0x54, 0x58, 0x31, 6, 0), bytes(0x50, 0x54, 0x58, 0x31, 1), bytes(0x51, 0x54, 0x58, 0x31, 0), bytes(), 'PTX1\u0006', null, [0x50, 0x54, 0x58, 0x31, 6]];
		for (const other of others) expect(readyStream(other)).toBeNull();
	});

	it('both devices of this version open the pipe on FILE_STREAM_ID and a frame goes through', async () => {
		const { dialled, inbound } = await devices();
		const [newSide, oldSide] = await Promise.all([dialPipe(dialled, 2000), answerPipe(inbound, 2000)]);
		expect(newSide).toBe(dialled.fileChannel(FILE_STREAM_ID));
		expect(oldSide).toBe(inbound.fileChannel(FILE_STREAM_ID));
		// The new device's side on the other stream was made too, and stays unused.
		expect(dialled.fileChannel(LEGACY_FILE_STREAM_ID)!.isOpen).toBe(false);
		const got: number[] = [];
		oldSide.on('message', (frame) => got.push(frame.length));
		newSide.send(new Uint8Array(100));
		await tick();
		expect(got).toEqual([100]);
	});

	it('an older old device (ready on stream 1001, "PTX1", 0) still gets a pipe from this version’s new device', async () => {
		const { dialled, inbound } = await devices();
		const dialling = dialPipe(dialled, 2000);
		await tick();
		// What an older version's answerPipe did: its side on 1001, open, then "PTX1", 0.
		const oldSide = inbound.fileChannel(LEGACY_FILE_STREAM_ID)!;
		await tick();
		expect(oldSide.isOpen).toBe(true);
		inbound.send(bytes(0x50, 0x54, 0x58, 0x31, 0));
		const newSide = await dialling;
		expect(newSide).toBe(dialled.fileChannel(LEGACY_FILE_STREAM_ID));
		const got: number[] = [];
		oldSide.on('message', (frame) => got.push(frame.length));
		newSide.send(new Uint8Array(7));
		await tick();
		expect(got).toEqual([7]);
	});
});
