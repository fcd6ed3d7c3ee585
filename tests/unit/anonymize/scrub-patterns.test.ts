import { describe, expect, it } from 'vitest';
import { MAX_SCRUB_CHARS, TRUNCATED_MARK, scrubText } from '../../../src/lib/anonymize/scrub';

const scrub = (text: string) => scrubText(text).text;

/** Each input, scrubbed, reads exactly as expected. */
function expectAll(cases: [string, string][]): void {
	for (const [input, output] of cases) expect(scrub(input), input).toBe(output);
}

/** Each input comes out unchanged. */
function expectKept(inputs: string[]): void {
	for (const input of inputs) expect(scrub(input), input).toBe(input);
}

describe('scrubText: e-mail addresses', () => {
	it('replaces plain, sub-domain, plus and unicode addresses', () => {
		expectAll([
			['mail jane.doe@example.com today', 'mail [EMAIL] today'],
			['j.doe+news@mail.example.co.uk.', '[EMAIL].'],
			['<müller@bücher.de>', '<[EMAIL]>'],
			['a_b-c%d@x-y.io,b@c.org', '[EMAIL],[EMAIL]']
		]);
	});

	it('replaces addresses spelled out to dodge filters', () => {
		expectAll([
			['jane.doe [at] example [dot] com', '[EMAIL]'],
			['jane(at)example.com', '[EMAIL]'],
			['write jane at example dot com', 'write [EMAIL]']
		]);
	});

	it('keeps "at" and a domain apart when no e-mail is spelled', () => {
		expect(scrub('the slides are at example.com')).toBe('the slides are at [URL]');
		expectKept(['meet me at home', 'user@ or a lone @']);
	});

	it('sees through zero-width characters typed inside an address', () => {
		expect(scrub('ja\u200bne@exa\u200dmple.com')).toBe('[EMAIL]');
	});
});

describe('scrubText: links', () => {
	it('replaces links with and without a scheme, leaving sentence punctuation', () => {
		expectAll([
			['see https://example.com/a?b=1#c.', 'see [URL].'],
			['(http://x.example.org/path)', '([URL])'],
			['www.example.de/kontakt, ok', '[URL], ok'],
			['go to shop.example.co.uk/cart!', 'go to [URL]!'],
			['ftp://files.example.net/pub/x.zip', '[URL]'],
			['wiki: https://en.wikipedia.org/wiki/Foo_(bar)', 'wiki: [URL]']
		]);
	});

	it('keeps file names, code and abbreviations that only look like domains', () => {
		expectKept(['open notes.txt and main.py', 'Node.js and Vue.js', 'e.g. this, i.e. that', 'see fig.3', 'It is done.So what?']);
	});
});

describe('scrubText: IP addresses', () => {
	it('replaces IPv4 with a port or prefix and IPv6 in full, compressed and bracketed forms', () => {
		expectAll([
			['ssh 192.168.1.10 now', 'ssh [IP] now'],
			['at 10.0.0.1:8080.', 'at [IP].'],
			['block 203.0.113.0/24', 'block [IP]'],
			['v6 2001:0db8:85a3:0000:0000:8a2e:0370:7334', 'v6 [IP]'],
			['fe80::1ff:fe23:4567:890a%eth0 up', '[IP] up'],
			['[2001:db8::1]:443', '[IP]'],
			['::ffff:192.0.2.1', '[IP]']
		]);
	});

	it('keeps versions, times and invalid octets', () => {
		expectKept(['v1.2.3.4', 'version 10.15.7', 'at 12:30:45', '999.1.1.1 is not one', 'std::vector']);
	});
});

describe('scrubText: phone numbers', () => {
	it('replaces international numbers of many countries', () => {
		for (const phone of ['+44 20 7946 0958', '+1 (555) 123-4567', '+49 30 12345678', '0049 30 1234567', '+33 6 12 34 56 78', '+91 98765 43210', '+55 11 91234-5678', '+81 3-1234-5678', '+86 10 1234 5678', '+7 495 123-45-67', '+44 (0)161 496 0000', '+336123456789'.slice(0, 12)]) {
			expect(scrub(`call ${phone} now`), phone).toBe('call [PHONE] now');
		}
	});

	it('replaces the national forms people type', () => {
		for (const phone of ['(555) 123-4567', '555-123-4567', '555.123.4567', '07700 900123', '020 7946 0958', '030/1234567', '0151 23456789', '06 12 34 56 78', '01.23.45.67.89', '98765 43210', '(11) 91234-5678', '090-1234-5678', '03-1234-5678', '138 0013 8000', '13800138000', '0612345678']) {
			expect(scrub(`ring ${phone}.`), phone).toBe('ring [PHONE].');
		}
	});

	it('replaces a short local number only after a cue', () => {
		expect(scrub('call me on 5551234')).toBe('call me on [PHONE]');
		expect(scrub('we counted 5551234')).toBe('we counted 5551234');
	});

	it('keeps versions, prices, times, dates, years, order numbers and measures', () => {
		expectKept([
			'version 14.17.0',
			'it costs $1,299.99',
			'price 1 299 euros',
			'€ 1500000',
			'at 10:30 or 10.30-11.45',
			'on 2024-01-15 or 15.01.2024 or 01/02/2023',
			'in 2019 2020 2021',
			'from 2019-2024',
			'order #123456789',
			'Order number 1234567890 shipped',
			'ISBN 978-3-16-148410-0',
			'we sold 1 500 000 copies',
			'pi is 3.14159265',
			'the score was 3-2',
			'timestamp 1700000000'
		]);
	});

	it('cuts a trailing number off a phone instead of keeping both', () => {
		expect(scrub('0612345678 2 times')).toBe('[PHONE] 2 times');
	});
});

describe('scrubText: street addresses', () => {
	it('replaces addresses in several countries\' shapes', () => {
		expectAll([
			['I live at 221B Baker Street now', 'I live at [ADDRESS] now'],
			['1600 Pennsylvania Avenue NW', '[ADDRESS] NW'],
			['at 12 baker st, apt 4', 'at [ADDRESS]'],
			['Hauptstraße 5, 10115 Berlin', '[ADDRESS]'],
			['Berliner Straße 12', '[ADDRESS]'],
			['12 rue de la Paix', '[ADDRESS]'],
			['Rua Augusta, 1500', '[ADDRESS]'],
			['Via Roma 12', '[ADDRESS]'],
			['Calle Mayor, 5', '[ADDRESS]'],
			['Keizersgracht 123', '[ADDRESS]'],
			['3-2-1 Shibuya', '[ADDRESS]'],
			['London SW1A 1AA', 'London [ADDRESS]'],
			['P.O. Box 1234', '[ADDRESS]'],
			['〒150-0002', '[ADDRESS]']
		]);
	});

	it('keeps numbers followed by ordinary words', () => {
		expectKept(['we got 3 cups on the way', 'Spring 2024 was fun', 'chapter 12 covers it', 'take 2 steps back']);
	});
});

describe('scrubText: our ids, keys and links, and handles', () => {
	const peerId = 'pabcdefghijklmnopqrstuvwxyz234567';

	it('replaces peer ids, contact links and their fragments', () => {
		expectAll([
			[`my id ${peerId}.`, 'my id [ID].'],
			[`add me https://parley.example/#add=${peerId}&name=Al%20B`, 'add me [ID]'],
			[`#add=${peerId}&name=Al`, '[ID]'],
			['short id abcd…wxy2', 'short id [ID]']
		]);
	});

	it('replaces safety numbers, keys, hashes, UUIDs, MAC addresses, IBANs and card numbers', () => {
		const safety = '12345 67890 12345 67890 12345 67890 12345 67890 12345 67890 12345 67890';
		expectAll([
			[safety, '[ID]'],
			['parley-safety:1:' + '1'.repeat(60), '[ID]'],
			['key Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWo=', 'key [ID]'],
			['sha 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', 'sha [ID]'],
			['msg 0190f3a2-7b1c-7d3e-8f4a-123456789abc', 'msg [ID]'],
			['mac 00:1a:2b:3c:4d:5e', 'mac [ID]'],
			['IBAN GB82 WEST 1234 5698 7654 32', 'IBAN [ID]'],
			['card 4111 1111 1111 1111', 'card [ID]']
		]);
	});

	it('keeps long words and paths without digits, and card-shaped numbers that fail the check', () => {
		expectKept(['supercalifragilisticexpialidocious', 'src/lib/anonymize/network-rules', 'card 4111 1111 1111 1112', 'release-notes-for-2024-final-v2-draft']);
	});

	it('replaces @handles but not e-mail addresses twice or a lone @', () => {
		expectAll([
			['ping @alice.smith.', 'ping [HANDLE].'],
			['see @x_y and @ 5pm', 'see [HANDLE] and @ 5pm']
		]);
	});
});

describe('scrubText: bounds', () => {
	it('cuts text longer than the cap and says so', () => {
		const result = scrubText('a'.repeat(MAX_SCRUB_CHARS + 10));
		expect(result.text).toBe('a'.repeat(MAX_SCRUB_CHARS) + ' ' + TRUNCATED_MARK);
	});

	it('counts what it removed by kind', () => {
		expect(scrubText('a@b.co and c@d.io, call +44 20 7946 0958').found).toMatchObject({ EMAIL: 2, PHONE: 1, URL: 0 });
	});
});
