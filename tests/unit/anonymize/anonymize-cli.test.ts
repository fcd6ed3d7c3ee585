import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { LineSplitter, scrubJsonLine } from '../../../src/lib/anonymize/jsonl-scrub';
import { scrubText } from '../../../src/lib/anonymize/scrub';

const scrub = (text: string) => scrubText(text);

describe('scrubJsonLine', () => {
	it('scrubs the text field and leaves every other field as it was', () => {
		const outcome = scrubJsonLine('{"id":7,"text":"mail a@b.co","meta":{"lang":"en","n":[1,2]}}', scrub);
		expect(outcome).toMatchObject({ ok: true, line: '{"id":7,"text":"mail [EMAIL]","meta":{"lang":"en","n":[1,2]}}' });
	});

	it('refuses lines that are not objects with a string text, never passing them through', () => {
		expect(scrubJsonLine('not json', scrub)).toEqual({ ok: false, reason: 'not JSON' });
		expect(scrubJsonLine('[1]', scrub)).toEqual({ ok: false, reason: 'not a JSON object' });
		expect(scrubJsonLine('null', scrub)).toEqual({ ok: false, reason: 'not a JSON object' });
		expect(scrubJsonLine('{"text":5}', scrub)).toEqual({ ok: false, reason: 'no string "text" field' });
		expect(scrubJsonLine(`{"text":"${'a'.repeat(2_000_000)}"}`, scrub)).toMatchObject({ ok: false });
	});
});

describe('LineSplitter', () => {
	it('splits chunks into numbered lines across chunk borders, with or without a final newline', () => {
		const lines: string[] = [];
		const splitter = new LineSplitter((line, n) => lines.push(`${n}:${line}`), () => undefined);
		splitter.push('ab');
		splitter.push('c\r\nd\n');
		splitter.push('e');
		splitter.end();
		expect(lines).toEqual(['1:abc', '2:d', '3:e']);
	});

	it('skips an overlong line without buffering it and reports its number', () => {
		const lines: string[] = [];
		const overlong: number[] = [];
		const splitter = new LineSplitter((line, n) => lines.push(`${n}:${line}`), (n) => overlong.push(n), 8);
		splitter.push('short\n0123456');
		splitter.push('789abcdef');
		splitter.push('more\nok\n');
		splitter.end();
		expect(lines).toEqual(['1:short', '3:ok']);
		expect(overlong).toEqual([2]);
	});
});

describe('npm run anonymize', () => {
	it('streams scrubbed lines to stdout and reports bad lines by number on stderr', { timeout: 120_000 }, () => {
		const input = ['{"id":1,"text":"call +44 20 7946 0958, Priya Sharma"}', 'oops', '{"id":3,"text":"see https://example.com"}', ''].join('\n');
		const run = spawnSync('npx', ['tsx', 'scripts/anonymize.ts'], { input, encoding: 'utf8' });
		expect(run.stdout.split('\n').filter(Boolean)).toEqual(['{"id":1,"text":"call [PHONE], [PERSON]"}', '{"id":3,"text":"see [URL]"}']);
		expect(run.stderr).toContain('line 2: not JSON');
		expect(run.status).toBe(1);
	});
});
