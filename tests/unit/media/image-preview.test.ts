import { describe, expect, it } from 'vitest';
import { makePreview, type ImageTools } from '../../../src/lib/media/image-preview';

const PNG_HEAD = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];
const png = new Blob([new Uint8Array([...PNG_HEAD, 1, 2, 3])], { type: 'image/png' });

function tools(width: number, height: number, encoded: (type: string) => Blob | null = (type) => new Blob([new Uint8Array(500)], { type })) {
	const log = { closed: 0, drawn: [] as [number, number][] };
	const fake: ImageTools = {
		decode: async () => ({ width, height, close: () => log.closed++ }),
		draw: (_image, w, h) => {
			log.drawn.push([w, h]);
			return async (type) => encoded(type);
		}
	};
	return { fake, log };
}

describe('makePreview', () => {
	it('keeps the original size, draws at most 320 px and returns the encoded bytes', async () => {
		const { fake, log } = tools(3000, 2000);
		const preview = await makePreview(png, fake);
		expect(preview?.width).toBe(3000);
		expect(preview?.height).toBe(2000);
		expect(preview?.thumb.byteLength).toBe(500);
		expect(log.drawn).toEqual([[320, 213]]);
		expect(log.closed).toBe(1);
	});

	it('makes none for a file whose bytes are not an inline image type (an SVG named .png)', async () => {
		const { fake, log } = tools(100, 100);
		const svg = new Blob(['<svg xmlns="http://www.w3.org/2000/svg"/>'], { type: 'image/png' });
		expect(await makePreview(svg, fake)).toBeNull();
		expect(log.drawn).toEqual([]);
	});

	it('makes none when decoding fails, and does not throw', async () => {
		const failing: ImageTools = { decode: () => Promise.reject(new Error('broken')), draw: () => async () => null };
		expect(await makePreview(png, failing)).toBeNull();
	});

	it('makes none when no encoding fits, and still releases the decoded image', async () => {
		const { fake, log } = tools(100, 100, () => null);
		expect(await makePreview(png, fake)).toBeNull();
		expect(log.closed).toBe(1);
	});

	it('makes none for an image that decodes to no pixels', async () => {
		const { fake } = tools(0, 10);
		expect(await makePreview(png, fake)).toBeNull();
	});
});
