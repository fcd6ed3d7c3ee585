import { MAX_THUMB_BYTES } from './file-limits';

/**
 * How the sender's device makes an image's inline preview (PROTOCOL §13a): the planning half,
 * pure, so its rules are tested without a browser. The browser half (media/image-preview.ts)
 * decodes and encodes.
 */

/** The preview's longest side: sharp in a bubble at twice the pixel density, small on the wire. */
export const PREVIEW_SIDE_PX = 320;

/** Encoder qualities tried in turn until the preview fits MAX_THUMB_BYTES. */
export const PREVIEW_QUALITIES: readonly number[] = [0.8, 0.65, 0.5, 0.35, 0.2];

/** WebP first (smaller at equal quality); JPEG where the browser cannot encode WebP (older Firefox, Safari). */
export const PREVIEW_TYPES = ['image/webp', 'image/jpeg'] as const;
export type PreviewType = (typeof PREVIEW_TYPES)[number];

/** The preview's size for an image of `width` × `height`: never upscaled, at least 1 px a side. */
export function previewSize(width: number, height: number, maxSide = PREVIEW_SIDE_PX): { width: number; height: number } {
	const scale = Math.min(1, maxSide / Math.max(width, height));
	return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Encodes a picture of the preview; null when the browser cannot (or gave another type back). */
export type PreviewEncoder = (type: PreviewType, quality: number) => Promise<Blob | null>;

/**
 * The first encoding, by type then falling quality, that fits `budget` bytes; null when none does
 * (the file is then sent without a preview). A browser that ignores the requested type and hands
 * back PNG (what `toBlob` does for a type it cannot encode) moves on to the next type.
 */
export async function encodeWithinBudget(encode: PreviewEncoder, budget = MAX_THUMB_BYTES): Promise<Blob | null> {
	for (const type of PREVIEW_TYPES) {
		for (const quality of PREVIEW_QUALITIES) {
			const blob = await encode(type, quality);
			if (blob === null || blob.type !== type) break;
			if (blob.size > 0 && blob.size <= budget) return blob;
		}
	}
	return null;
}
