import { describe, expect, it } from 'vitest';
import { linkify } from '../../../src/lib/text/linkify';

describe('linkify: web addresses in a message become links, nothing else does', () => {
	it('leaves text without an address as one plain segment', () => {
		expect(linkify('hello there')).toEqual([{ kind: 'text', text: 'hello there' }]);
		expect(linkify('')).toEqual([]);
	});

	it('turns an http(s) address into a link between the text around it', () => {
		expect(linkify('see https://example.com/a?b=1#c now')).toEqual([
			{ kind: 'text', text: 'see ' },
			{ kind: 'link', text: 'https://example.com/a?b=1#c', href: 'https://example.com/a?b=1#c' },
			{ kind: 'text', text: ' now' }
		]);
		expect(linkify('http://a.example')).toEqual([{ kind: 'link', text: 'http://a.example', href: 'http://a.example/' }]);
	});

	it('finds several addresses and keeps every character of the text', () => {
		const text = 'a https://one.example b\nhttps://two.example/x c';
		const segments = linkify(text);
		expect(segments.filter((s) => s.kind === 'link').map((s) => s.text)).toEqual(['https://one.example', 'https://two.example/x']);
		expect(segments.map((s) => s.text).join('')).toBe(text);
	});

	it('never links other schemes a peer might type', () => {
		for (const text of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'ftp://files.example/x', 'example.com', 'mailto:a@b.example']) {
			expect(linkify(text)).toEqual([{ kind: 'text', text }]);
		}
	});

	it('does not link a scheme hidden inside a longer word', () => {
		expect(linkify('xhttps://evil.example')).toEqual([{ kind: 'text', text: 'xhttps://evil.example' }]);
	});

	it('leaves sentence punctuation and an unopened bracket outside the link', () => {
		expect(linkify('go to https://example.com/x.')[1]).toEqual({ kind: 'link', text: 'https://example.com/x', href: 'https://example.com/x' });
		expect(linkify('(see https://example.com/y), ok')[1]).toMatchObject({ text: 'https://example.com/y' });
		expect(linkify('https://en.example/wiki/A_(b)')[0]).toMatchObject({ text: 'https://en.example/wiki/A_(b)' });
	});

	it('keeps a malformed address as text', () => {
		expect(linkify('https://')).toEqual([{ kind: 'text', text: 'https://' }]);
		expect(linkify('http://[::1')).toEqual([{ kind: 'text', text: 'http://[::1' }]);
	});
});
