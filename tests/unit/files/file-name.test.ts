import { describe, expect, it } from 'vitest';
import { fileExtension, safeFileName } from '../../../src/lib/files/file-name';
import { MAX_FILE_NAME_CHARS } from '../../../src/lib/files/file-limits';

describe('file names from peers', () => {
	it('keep an ordinary name as it is', () => {
		expect(safeFileName('Holiday photo 2026.jpg')).toBe('Holiday photo 2026.jpg');
		expect(safeFileName('Résumé – final.pdf')).toBe('Résumé – final.pdf');
	});

	it('lose bidi overrides and invisible characters that disguise the extension', () => {
		expect(safeFileName('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
		expect(safeFileName('a\u2066b\u200Bc\uFEFF.txt')).toBe('abc.txt');
		expect(safeFileName('line\nbreak\u0000.txt')).toBe('linebreak.txt');
	});

	it('cannot name a path, a hidden file or a Windows device', () => {
		expect(safeFileName('../../etc/passwd')).toBe('_.._etc_passwd');
		expect(safeFileName('C:\\Windows\\evil.dll')).toBe('C__Windows_evil.dll');
		expect(safeFileName('.bashrc')).toBe('bashrc');
		expect(safeFileName('report.pdf. . ')).toBe('report.pdf');
		expect(safeFileName('CON.txt')).toBe('_CON.txt');
		expect(safeFileName('lpt1')).toBe('_lpt1');
		expect(safeFileName('console.txt')).toBe('console.txt');
		expect(safeFileName('falcon.txt')).toBe('falcon.txt');
		expect(safeFileName('com1.txt')).toBe('_com1.txt');
		expect(safeFileName('comx.txt')).toBe('comx.txt');
	});

	it('is never empty', () => {
		expect(safeFileName('')).toBe('file');
		expect(safeFileName(' . \u202E ')).toBe('file');
	});

	it('is cut to the limit with its extension kept, never inside a surrogate pair', () => {
		const long = `${'😀'.repeat(200)}.png`;
		const cut = safeFileName(long);
		expect(Array.from(cut).length).toBe(MAX_FILE_NAME_CHARS);
		expect(cut.endsWith('….png')).toBe(true);
		expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
		expect(safeFileName('x'.repeat(300))).toBe(`${'x'.repeat(MAX_FILE_NAME_CHARS - 1)}…`);
	});

	it('is kept whole at exactly the limit, and runs of spaces become one', () => {
		const exact = `${'n'.repeat(MAX_FILE_NAME_CHARS - 4)}.pdf`;
		expect(safeFileName(exact)).toBe(exact);
		expect(safeFileName('my    report.pdf')).toBe('my report.pdf');
	});

	it('keeps an extension of up to ten characters when cut, and no space before the ellipsis', () => {
		const body = 'b'.repeat(200);
		expect(safeFileName(`${body}.abcdefghij`)).toBe(`${'b'.repeat(MAX_FILE_NAME_CHARS - 12)}….abcdefghij`);
		expect(safeFileName(`${body}.abcdefghijk`)).toBe(`${body.slice(0, MAX_FILE_NAME_CHARS - 1)}…`);
		const spaced = `${'a'.repeat(MAX_FILE_NAME_CHARS - 6)} ${body}.pdf`;
		expect(safeFileName(spaced)).toBe(`${'a'.repeat(MAX_FILE_NAME_CHARS - 6)}….pdf`);
	});

	it('report the extension in lower case', () => {
		expect(fileExtension('A.TAR.GZ')).toBe('gz');
		expect(fileExtension('.hidden')).toBe('');
		expect(fileExtension('noext')).toBe('');
		expect(fileExtension('dot.')).toBe('');
	});
});
