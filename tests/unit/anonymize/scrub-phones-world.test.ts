import { describe, expect, it } from 'vitest';
import { scrubText } from '../../../src/lib/anonymize/scrub';

const scrub = (text: string) => scrubText(text).text;

/** Each input comes out unchanged. */
function expectKept(inputs: string[]): void {
	for (const input of inputs) expect(scrub(input), input).toBe(input);
}

// National forms as people type them, without a cue word before them ("it's …").
const NATIONAL = [
	'07700 900 123', '07 700 900 123', '087 123 4567', '06-12345678', '0470 12 34 56', '079 123 45 67', '0664 1234567', '333 123 4567', '612 34 56 78',
	'912 345 678', '512 345 678', '070-123 45 67', '412 34 567', '20 12 34 56', '040 123 4567', '601 123 456', '06 20 123 4567', '691 234 5678',
	'0712 345 678', '8 (912) 345-67-89', '0532 123 45 67', '050-123-4567', '010 1234 5678', '0803 123 4567', '082 123 4567', '0300-1234567',
	'01712-345678', '077 123 4567', '098765 43210', '0812-3456-7890', '012-345 6789', '0917 123 4567', '081 234 5678', '0912 345 678',
	'010-1234-5678', '080 1234 5678', '0412 345 678', '021 123 4567', '011 15-1234-5678', '0412-1234567', '11 98765-4321', '03 123 456',
	'(11) 9 8765-4321', '0 6 12 34 56 78', '555 – 123 – 4567', '555—123—4567', '0171 / 123 45 67'
];

// One or more international forms from some seventy countries and territories.
const INTERNATIONAL = [
	'+353 87 123 4567', '+31 6 12345678', '+32 470 12 34 56', '+41 79 123 45 67', '+43 664 1234567', '+39 333 123 4567', '+34 612 34 56 78', '+351 912 345 678',
	'+46 70 123 45 67', '+47 412 34 567', '+45 20 12 34 56', '+358 40 1234567', '+48 512 345 678', '+420 601 123 456', '+36 20 123 4567', '+30 691 234 5678',
	'+40 712 345 678', '+380 50 123 4567', '+7 (912) 345-67-89', '+90 532 123 45 67', '+972 50-123-4567', '+971 50 123 4567', '+966 50 123 4567',
	'+20 10 1234 5678', '+212 6 12 34 56 78', '+234 803 123 4567', '+254 712 345678', '+233 24 123 4567', '+255 754 123 456', '+251 91 123 4567',
	'+92 300 1234567', '+880 1712-345678', '+94 77 123 4567', '+977 98 1234 5678', '+62 812-3456-7890', '+60 12-345 6789', '+63 917 123 4567',
	'+66 81 234 5678', '+84 91 234 56 78', '+65 9123 4567', '+852 9123 4567', '+886 912 345 678', '+82 10 1234 5678', '+61 412 345 678', '+64 21 123 4567',
	'+52 1 55 1234 5678', '+54 9 11 1234-5678', '+56 9 1234 5678', '+57 300 1234567', '+51 912 345 678', '+58 412-1234567', '+593 99 123 4567',
	'+98 912 345 6789', '+964 770 123 4567', '+961 3 123 456', '+213 555 12 34 56', '+221 77 123 45 67', '+225 07 07 12 34 56', '+250 788 123 456',
	'+263 77 123 4567', '+1 (876) 555-1234', '+509 34 12 3456', '+679 123 4567', '+995 555 12 34 56', '+998 90 123 45 67', '+976 8812 3456', '+855 12 345 678',
	'+49(0)30-12345678', '0049(0)89/1234567', '+33.6.12.34.56.78', '(+44) 7700 900123', '+919876543210'
];

describe('scrubText: phone numbers of many countries', () => {
	it('replaces national forms without a cue word', () => {
		for (const phone of NATIONAL) expect(scrub(`it's ${phone}`), phone).toBe("it's [PHONE]");
	});

	it('replaces international forms', () => {
		for (const phone of INTERNATIONAL) expect(scrub(`it's ${phone}`), phone).toBe("it's [PHONE]");
	});

	it('replaces mobile numbers with their country code but no "+", as WhatsApp writes them', () => {
		for (const phone of ['447911123456', '919876543210', '8613800138000', '2348031234567', '5511987654321', '971501234567']) expect(scrub(`wa ${phone}`), phone).toBe('wa [PHONE]');
		expectKept(['timestamp 1700000000000', 'order 4471234567890', 'id 123456789012']);
	});

	it('replaces numbers after "No." of a phone, and "+" numbers after any "No."', () => {
		for (const label of ['Tel. No.', 'contact no.', 'Ph. No.', 'Handy-Nr.', 'Tel.-Nr.:', 'WhatsApp no.', 'order no. +44']) expect(scrub(`${label} 0612345678`.replace('+44 0612345678', '+44 7911 123456')), label).toMatch(/\[PHONE\]$/u);
		expectKept(['case no. 0612345678', 'order no. 0612345678']);
	});

	it('reads "my no." as a phone\'s label, and the labels that say "not a phone" only as whole words', () => {
		for (const label of ['my no.', 'ur no', 'his nr.', 'new no.']) expect(scrub(`${label} 9876543210`), label).toMatch(/\[PHONE\]$/u);
		// A name ending in a label's letters: "Khal-id", "Jose-ph", "Ri-card", "Ka-tx".
		expect(scrub('Khalid 050 664 1283')).toMatch(/ \[PHONE\]$/u);
		expect(scrub('Ricard: 050 664 1283')).toMatch(/ \[PHONE\]$/u);
		expectKept(['ticket no. 0612345678', 'my no. 5 shirt']);
	});

	it('replaces numbers glued to a label, an emoji or markup', () => {
		expect(scrub('call:0612345678!')).toBe('call:[PHONE]!');
		expect(scrub('tel:+4930123456')).toBe('tel:[PHONE]');
		expect(scrub('Tel.030/123456-78')).toBe('Tel.[PHONE]');
		expect(scrub('mob-07700900123')).toBe('mob-[PHONE]');
		expect(scrub('whatsapp+447700900123')).toBe('whatsapp[PHONE]');
		expect(scrub('M:+44 7700 900123')).toBe('M:[PHONE]');
		expect(scrub('📞+44 7700 900123')).toBe('📞[PHONE]');
		expect(scrub('📞:0612345678')).toBe('📞:[PHONE]');
		expect(scrub('_0612345678_')).toBe('_[PHONE]_');
	});

	it('replaces numbers inside text written without spaces', () => {
		expect(scrub('我的手机号13800138000')).toBe('我的手机号[PHONE]');
		expect(scrub('电话：138-0013-8000')).toBe('电话:[PHONE]');
		expect(scrub('電話番号は090-1234-5678です')).toBe('電話番号は[PHONE]です');
		expect(scrub('携帯：０９０－１２３４－５６７８')).toBe('携帯:[PHONE]');
		expect(scrub('전화번호:010-1234-5678')).toBe('전화번호:[PHONE]');
		expect(scrub('เบอร์081-234-5678ค่ะ')).toBe('เบอร์[PHONE]ค่ะ');
	});

	it('replaces numbers written in Arabic-Indic, Persian, Devanagari and Bengali digits, keeping other such numbers', () => {
		expect(scrub('رقمي ٠٥٠١٢٣٤٥٦٧')).toBe('رقمي [PHONE]');
		expect(scrub('رقمي +٩٧١ ٥٠ ١٢٣ ٤٥٦٧')).toBe('رقمي [PHONE]');
		expect(scrub('شماره من ۰۹۱۲۳۴۵۶۷۸۹')).toBe('شماره من [PHONE]');
		expect(scrub('मेरा नंबर ९८७६५ ४३२१०')).toBe('मेरा नंबर [PHONE]');
		expect(scrub('আমার নম্বর ০১৭১২৩৪৫৬৭৮')).toBe('আমার নম্বর [PHONE]');
		expectKept(['في عام ٢٠٢٤', 'सन २०२४ में']);
	});

	it('replaces the extension with the number', () => {
		expect(scrub('+44 20 7946 0958 ext. 1234 please')).toBe('[PHONE] please');
		expect(scrub('+1 555 123 4567 x12')).toBe('[PHONE]');
		expect(scrub('555-123-4567 ext 204.')).toBe('[PHONE].');
		expect(scrub('01 23 45 67 89 poste 4521')).toBe('[PHONE]');
	});

	it('replaces each number of a list, and a number after another number', () => {
		expect(scrub('call me 0612345678/0698765432')).toBe('call me [PHONE]/[PHONE]');
		expect(scrub('0612345678 / 0698765432')).toBe('[PHONE] / [PHONE]');
		expect(scrub('07700900123,07700900456')).toBe('[PHONE],[PHONE]');
		expect(scrub('room 12 0612345678')).toBe('room 12 [PHONE]');
		expect(scrub('on 01.05.2024 0612345678')).toBe('on 01.05.2024 [PHONE]');
		expect(scrub('since 01.05.2024 (03) 9673 1608')).toBe('since 01.05.2024 [PHONE]');
		expect(scrub('try +251 97 997 7251,8 954 225 41 24')).toBe('try [PHONE],[PHONE]');
	});

	it('keeps ids glued to a label, amounts, dates, ranges, scores, ISBNs and card-shaped numbers', () => {
		expectKept([
			'ref:12345678', 'ID:0612345678', 'order:1234567890', 'Order-0612345678', 'item.1234567', 'abc1234567890', 'SKU-12345678', 'bug #1234567',
			'we sold 912 345 678 units', 'budget 600 000 000', '1.000.000 EUR', '3 000 000', '123 456 789', '100 200 300', 'it was 250 300 350 euros',
			'07.05.2024', '2024/05/01', '12/05/2024 14:30', '10-20 people', 'score 3-1 and 2-2', 'pages 120-135', 'v2.0.1234567', 'the year 2024 2025',
			'ISBN 978-0-306-40615-7', 'ISBN-13: 978-0306406157', 'ISBN 9780306406157', '978-0306406157', '4111 1111 1111 1112', 'lat 48.8566 lon 2.3522',
			'tx:0x1234567890', '+5 points', 'price 0,5 l', '0.0612345678', '2,5,7,11,13', 'PR 123456 merged', 'from 1990–2020', '2019—2024 was long',
			'1 2 3 4 5 6 7 8 9 10'
		]);
	});
});

describe('scrubText: IP addresses in more forms', () => {
	it('replaces zero-padded, CJK-adjacent, prefixed and bracketed addresses with their port', () => {
		expect(scrub('ip 010.000.000.001')).toBe('ip [IP]');
		expect(scrub('服务器192.168.1.1到')).toBe('服务器[IP]到');
		expect(scrub('2001:db8::/32 and 2001:db8:85a3::8a2e:370:7334/64')).toBe('[IP] and [IP]');
		expect(scrub('[fe80::1%eth0]:22')).toBe('[IP]');
		expect(scrub('10.0.0.1-10.0.0.50')).toBe('[IP]-[IP]');
	});

	it('keeps version and section numbers', () => {
		expectKept(['version 1.2.3.4', 'v1.2.3.4', 'section 12.3.4.5', '1.2.3.4-beta', 'build 10.0.19045.3803', 'x192.168.1.1']);
		// A release of four dotted numbers with a one-digit part is no phone either.
		expectKept(['Chrome 124.0.6367.207 is slow', 'updated edge to 131.0.2903.70', 'Node 22.1.0.4567 beta']);
	});

	it('takes only whole words for version cues: a word ending in "ver" or "v" before an address does not keep it', () => {
		expect(scrub('the server 192.168.10.20 is back')).toBe('the server [IP] is back');
		expect(scrub('our resolver 9.9.9.9 and the fallback 1.1.1.1:53')).toBe('our resolver [IP] and the fallback [IP]');
		expect(scrub('Prev 10.20.30.40 went down')).toBe('Prev [IP] went down');
	});
});
