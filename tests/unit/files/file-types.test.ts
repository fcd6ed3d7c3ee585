import { describe, expect, it } from 'vitest';
import { displayType, fileFamily, INLINE_IMAGE_TYPES, sniffImage } from '../../../src/lib/files/file-types';

const head = (...parts: (number[] | string)[]) =>
	Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? Array.from(part, (c) => c.charCodeAt(0)) : part)));

const PNG = head([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0, 0, 0, 13]);
const JPEG = head([0xff, 0xd8, 0xff, 0xe0]);
const GIF = head('GIF89a');
const WEBP = head('RIFF', [1, 2, 3, 4], 'WEBPVP8 ');
const AVIF = head([0, 0, 0, 0x1c], 'ftypavif');
const SVG = head('<svg xmlns="http://www.w3.org/2000/svg"><script>');

describe('received file types', () => {
	it('recognise the inline image types by their first bytes', () => {
		expect(sniffImage(PNG)).toBe('image/png');
		expect(sniffImage(JPEG)).toBe('image/jpeg');
		expect(sniffImage(GIF)).toBe('image/gif');
		expect(sniffImage(head('GIF87a'))).toBe('image/gif');
		expect(sniffImage(WEBP)).toBe('image/webp');
		expect(sniffImage(AVIF)).toBe('image/avif');
		expect(sniffImage(SVG)).toBeNull();
		expect(sniffImage(head('GIF8'))).toBeNull();
		expect(sniffImage(head('RIFF', [1, 2, 3, 4], 'WAVE'))).toBeNull();
		expect(sniffImage(new Uint8Array())).toBeNull();
	});

	it('recognise no type when any one byte of its signature differs', () => {
		// Signature bytes of each header (the rest of the header is free): PNG 0-7, JPEG 0-2,
		// GIF 0-5, WebP 0-3 and 8-11, AVIF 4-11.
		const cases: [Uint8Array, number[]][] = [
			[PNG, [0, 1, 2, 3, 4, 5, 6, 7]],
			[JPEG, [0, 1, 2]],
			[GIF, [0, 1, 2, 3, 4, 5]],
			[WEBP, [0, 1, 2, 3, 8, 9, 10, 11]],
			[AVIF, [4, 5, 6, 7, 8, 9, 10, 11]]
		];
		for (const [header, signature] of cases) {
			const type = sniffImage(header);
			expect(type).not.toBeNull();
			for (const at of signature) {
				const changed = header.slice();
				changed[at] = (changed[at] as number) ^ 0x20;
				expect(sniffImage(changed), `${type} byte ${at}`).not.toBe(type);
			}
		}
		expect(sniffImage(head([0, 0, 0, 0x1c], 'ftypavis'))).toBe('image/avif');
		expect(sniffImage(PNG.subarray(0, 7))).toBeNull();
		expect(sniffImage(head('RIFF', [1, 2, 3, 4], 'WEB'))).toBeNull();
	});

	it('show an image inline only when the bytes agree with the declared type', () => {
		expect(displayType('image/png', PNG)).toBe('image/png');
		expect(displayType('IMAGE/PNG', PNG)).toBe('image/png');
		expect(displayType('image/jpeg', PNG)).toBe('application/octet-stream');
		expect(displayType('image/svg+xml', SVG)).toBe('application/octet-stream');
		expect(displayType('text/html', head('<html><script>alert(1)</script>'))).toBe('application/octet-stream');
		expect(displayType('image/png', SVG)).toBe('application/octet-stream');
	});

	it('pick an icon family from the type and extension', () => {
		expect(fileFamily('image/svg+xml', 'svg')).toBe('image');
		expect(fileFamily('audio/ogg', 'ogg')).toBe('audio');
		expect(fileFamily('video/mp4', 'mp4')).toBe('video');
		expect(fileFamily('application/zip', 'zip')).toBe('archive');
		expect(fileFamily('application/pdf', 'pdf')).toBe('document');
		expect(fileFamily('', 'docx')).toBe('document');
		expect(fileFamily('application/octet-stream', 'bin')).toBe('other');
	});

	it('know every archive and document extension, and PDF and text by type alone', () => {
		for (const extension of ['zip', '7z', 'rar', 'gz', 'tgz', 'bz2', 'xz', 'zst', 'tar']) expect(fileFamily('application/octet-stream', extension)).toBe('archive');
		for (const extension of ['pdf', 'txt', 'md', 'doc', 'docx', 'odt', 'rtf', 'xls', 'xlsx', 'ods', 'csv', 'ppt', 'pptx', 'odp'])
			expect(fileFamily('application/octet-stream', extension)).toBe('document');
		expect(fileFamily('application/pdf', 'bin')).toBe('document');
		expect(fileFamily('TEXT/Plain', 'bin')).toBe('document');
		expect(fileFamily('application/x-text/', 'bin')).toBe('other');
		expect(fileFamily('application/octet-stream', '')).toBe('other');
	});

	it('list exactly the types it can recognise as inline images', () => {
		expect(new Set(INLINE_IMAGE_TYPES)).toEqual(new Set([PNG, JPEG, GIF, WEBP, AVIF].map(sniffImage)));
		expect(INLINE_IMAGE_TYPES).toHaveLength(5);
	});

	it('recognise a signature that is the whole head', () => {
		expect(sniffImage(head([0xff, 0xd8, 0xff]))).toBe('image/jpeg');
		expect(sniffImage(head('RIFF', [0, 0, 0, 0], 'WEBP'))).toBe('image/webp');
	});
});
