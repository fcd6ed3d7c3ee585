import { describe, expect, it } from 'vitest';
import { MAX_THUMB_BYTES } from '../../../src/lib/files/file-limits';
import { encodeWithinBudget, previewSize, type PreviewType } from '../../../src/lib/files/preview-plan';

describe('previewSize', () => {
	it('scales the long side to 320 px and keeps the aspect ratio', () => {
		expect(previewSize(4000, 3000)).toEqual({ width: 320, height: 240 });
		expect(previewSize(1000, 4000)).toEqual({ width: 80, height: 320 });
	});

	it('never upscales a small image', () => {
		expect(previewSize(100, 50)).toEqual({ width: 100, height: 50 });
	});

	it('keeps at least one pixel on a very thin image', () => {
		expect(previewSize(10_000, 3)).toEqual({ width: 320, height: 1 });
	});
});

describe('encodeWithinBudget', () => {
	const sized = (type: string, bytes: number) => new Blob([new Uint8Array(bytes)], { type });

	it('steps the quality down until the preview fits 16 KiB', async () => {
		const tried: number[] = [];
		const blob = await encodeWithinBudget(async (type, quality) => {
			tried.push(quality);
			return sized(type, quality > 0.5 ? MAX_THUMB_BYTES + 1 : MAX_THUMB_BYTES);
		});
		expect(blob?.size).toBe(MAX_THUMB_BYTES);
		expect(blob?.type).toBe('image/webp');
		expect(tried).toEqual([0.8, 0.65, 0.5]);
	});

	it('falls back to JPEG where the browser encodes no WebP (it hands back PNG)', async () => {
		const types: PreviewType[] = [];
		const blob = await encodeWithinBudget(async (type) => {
			types.push(type);
			return type === 'image/webp' ? sized('image/png', 100) : sized(type, 100);
		});
		expect(blob?.type).toBe('image/jpeg');
		expect(types).toEqual(['image/webp', 'image/jpeg']);
	});

	it('gives up (no preview) when nothing fits', async () => {
		expect(await encodeWithinBudget(async (type) => sized(type, MAX_THUMB_BYTES + 1))).toBeNull();
		expect(await encodeWithinBudget(async () => null)).toBeNull();
	});

	it('does not take an empty encoding', async () => {
		expect(await encodeWithinBudget(async (type) => sized(type, 0))).toBeNull();
	});
});
