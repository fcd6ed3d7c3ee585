import { describe, expect, it } from 'vitest';
import { scrubText } from '../../../src/lib/anonymize/scrub';

const scrub = (text: string) => scrubText(text).text;

/** Each input, scrubbed, reads exactly as expected. */
function expectAll(cases: [string, string][]): void {
	for (const [input, output] of cases) expect(scrub(input), input).toBe(output);
}

/** Each input comes out unchanged. */
function expectKept(inputs: string[]): void {
	for (const input of inputs) expect(scrub(input), input).toBe(input);
}

describe('scrubText: e-mail addresses in more forms', () => {
	it('replaces mailto links, apostrophes, IP literals, quoted local parts and typos', () => {
		expectAll([
			['mail mailto:jane@example.com', 'mail [EMAIL]'],
			["o'connor@example.ie", '[EMAIL]'],
			['jane.doe@[192.168.1.1]', '[EMAIL]'],
			['"jane doe"@example.com', '[EMAIL]'],
			['jane@@example.com', '[EMAIL]'],
			['jane@gmail', '[EMAIL]'],
			['jane@gmail,com', '[EMAIL]'],
			['jane_doe123@gmail.com📧', '[EMAIL]📧'],
			["'jane@example.com'.", "'[EMAIL]'."],
			['jane@xn--fsqu00a.xn--fiqs8s', '[EMAIL]'],
			['mail jane AT example.com', 'mail [EMAIL]'],
			['電話は03-1234-5678、メールはtaro@example.jp', '電話は[PHONE]、メールは[EMAIL]'],
			['邮箱abc@example.com', '邮箱[EMAIL]']
		]);
	});

	it('replaces addresses written with spaces, brackets, dashes or other languages\' words', () => {
		expectAll([
			['jane [@] example [.] com', '[EMAIL]'],
			['jane@example[.]com', '[EMAIL]'],
			['jane@example[dot]com', '[EMAIL]'],
			['jane @ example . com', '[EMAIL]'],
			['jane@ example.com', '[EMAIL]'],
			['jane @example.com', '[EMAIL]'],
			['jane@gmail . com', '[EMAIL]'],
			['jane dot doe at gmail dot com', '[EMAIL]'],
			['jane-at-gmail-dot-com', '[EMAIL]'],
			['jane arroba gmail punto com', '[EMAIL]'],
			['jane chez gmail point com', '[EMAIL]'],
			['jane (arroba) gmail.com', '[EMAIL]']
		]);
	});

	it('replaces "name at provider" when the name or the provider says it is an address', () => {
		expectAll([
			['mail jane.doe at gmail.com', 'mail [EMAIL]'],
			['mail jane_doe at gmail', 'mail [EMAIL]'],
			['mail jane at gmail', 'mail [EMAIL]'],
			['mail jane99 at example.org', 'mail [EMAIL]']
		]);
	});

	it('keeps "at" between ordinary words and places', () => {
		expectAll([
			['the slides are at example.com', 'the slides are at [URL]'],
			['logged in at gmail.com', 'logged in at [URL]'],
			['I work at google.com', 'I work at [URL]']
		]);
		expectKept(["I'm at gmail", 'meet me at home', 'see you at 7', 'me@ 5pm']);
	});
});

describe('scrubText: links in more forms', () => {
	it('replaces capitalised domains with a path or sub-domain, upper-case domains, and domains of many countries', () => {
		for (const link of ['Example.com/jane', 'Shop.Example.co.uk', 'EXAMPLE.COM', 'example.travel', 'example.museum', 'example.studio', 'example.kz', 'example.hr', 'example.qa', 'example.sn', 'example.rw', 'example.kh', 'example.ec', 'example.tt', 'example.fj', 'goo.gl/maps/abc', 'uol.com.py', 'example.py/about'])
			expect(scrub(`see ${link} now`), link).toBe('see [URL] now');
	});

	it('replaces internationalised domains and links inside text without spaces', () => {
		expectAll([
			['see пример.рф', 'see [URL]'],
			['see münchen.de', 'see [URL]'],
			['see bücher.de/shop', 'see [URL]'],
			['see xn--fsqu00a.xn--fiqs8s', 'see [URL]'],
			['网站是example.com谢谢', '网站是[URL]谢谢']
		]);
	});

	it('replaces www names in any top-level domain, unknown domains with a path, and defanged or spelled links', () => {
		expectAll([
			['see www.example', 'see [URL]'],
			['see www.my-shop.boutique/cart', 'see [URL]'],
			['see my-site.example/blog', 'see [URL]'],
			['see example[.]com', 'see [URL]'],
			['see example(.)com/x', 'see [URL]'],
			['see example dot com', 'see [URL]'],
			['see www dot example dot de', 'see [URL]']
		]);
	});

	it('keeps files, code, abbreviations, typos and the word "dot"', () => {
		expectKept([
			'open notes.txt and main.py', 'Node.js/Deno are fine', 'README.md and build.sh', 'lib.rs or mod.rs', 'config.yaml/values', 'I went home.It was late',
			'ok.Thanks', 'Mr.Smith', 'U.S. and U.K.', 'St.Petersburg', 'the dot com bubble', 'put a dot in the box', 'the red dot is here', 'polka dot co-ords',
			'user.name', 'the file is src/lib/anonymize.ts', 'v2.0/beta', 'Bol.com order', 'booked on Booking.com'
		]);
	});
});

describe('scrubText: bounded patterns', () => {
	it('scrubs a 16 kB adversarial line in under a second', () => {
		const lines = ['a.'.repeat(8000), 'a@'.repeat(8000), 'a at b dot '.repeat(1500), '1 '.repeat(8000), '+1-'.repeat(5000), 'www.a'.repeat(3000), 'a [at] b [dot] '.repeat(1000), ':'.repeat(16000), 'x-'.repeat(8000), '0 '.repeat(8000), '0612345678/'.repeat(1400), 'tel:'.repeat(4000)];
		for (const line of lines) {
			const started = performance.now();
			scrubText(line);
			expect(performance.now() - started, line.slice(0, 20)).toBeLessThan(1000);
		}
	});
});
