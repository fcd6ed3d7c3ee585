import type { Preview } from '../messenger/files/file-prepare';
import { SNIFF_BYTES, sniffImage } from '../files/file-types';
import { encodeWithinBudget, previewSize, type PreviewType } from '../files/preview-plan';

/** A decoded picture the preview maker can draw and then release. */
export interface DecodedImage {
	width: number;
	height: number;
	close(): void;
}

/** What the preview maker needs from the browser; tests hand in fakes. */
export interface ImageTools {
	decode(blob: Blob): Promise<DecodedImage>;
	/** Draws the image at `width` × `height` and returns an encoder for that picture. */
	draw(image: DecodedImage, width: number, height: number): (type: PreviewType, quality: number) => Promise<Blob | null>;
}

/**
 * The inline preview of an image the user picked: a small WebP (or JPEG) of at most 320 px a side
 * and 16 KiB, with the image's own width and height. Only for the image types the receiver shows
 * inline, judged by the bytes; any failure (a broken file, a format this browser cannot decode, no
 * canvas) means no preview, and the file is still sent.
 */
export async function makePreview(blob: Blob, tools: ImageTools = browserImageTools()): Promise<Preview | null> {
	try {
		const head = new Uint8Array(await blob.slice(0, SNIFF_BYTES).arrayBuffer());
		if (sniffImage(head) === null) return null;
		const image = await tools.decode(blob);
		try {
			if (image.width < 1 || image.height < 1) return null;
			const size = previewSize(image.width, image.height);
			const encoded = await encodeWithinBudget(tools.draw(image, size.width, size.height));
			if (encoded === null) return null;
			return { thumb: new Uint8Array(await encoded.arrayBuffer()), width: image.width, height: image.height };
		} finally {
			image.close();
		}
	} catch {
		return null;
	}
}

/** createImageBitmap and an OffscreenCanvas where there is one, else a detached canvas element. */
export function browserImageTools(): ImageTools {
	return {
		decode: (blob) => createImageBitmap(blob),
		draw(image, width, height) {
			const bitmap = image as ImageBitmap;
			if (typeof OffscreenCanvas !== 'undefined') {
				const canvas = new OffscreenCanvas(width, height);
				const context = canvas.getContext('2d');
				if (context === null) return async () => null;
				context.drawImage(bitmap, 0, 0, width, height);
				return async (type, quality) => {
					try {
						return await canvas.convertToBlob({ type, quality });
					} catch {
						return null;
					}
				};
			}
			const canvas = document.createElement('canvas');
			canvas.width = width;
			canvas.height = height;
			const context = canvas.getContext('2d');
			if (context === null) return async () => null;
			context.drawImage(bitmap, 0, 0, width, height);
			return (type, quality) => new Promise((resolve) => canvas.toBlob(resolve, type, quality));
		}
	};
}
