import { beforeAll, describe, expect, it } from 'vitest';
import { loadPersonFinder, type PersonFinder } from '../../../src/lib/anonymize/person-finder';
import { scrubText } from '../../../src/lib/anonymize/scrub';

// Session 16: names written in their own scripts, and hyphenated romanised given names.
let findPersons: PersonFinder;
beforeAll(async () => {
	findPersons = await loadPersonFinder();
}, 60_000);
const scrub = (text: string) => scrubText(text, { findPersons }).text;
const keeps = (texts: string[]) => {
	for (const text of texts) expect(scrub(text)).toBe(text);
};

describe('scrubText: names in scripts with spaces and capitals (Cyrillic, Greek)', () => {
	it('finds a listed name, capitalised or in lower case, and its Russian case forms', () => {
		expect(scrub('Наталья придёт завтра')).toBe('[PERSON] придёт завтра');
		expect(scrub('наталья придёт завтра')).toBe('[PERSON] придёт завтра');
		expect(scrub('Позвони Наталье и Сергею')).toBe('Позвони [PERSON] и [PERSON]');
		expect(scrub('Я говорил с Натальей Петровой')).toBe('Я говорил с [PERSON]');
		expect(scrub('Ο Δημήτρης είπε ναι')).toBe('Ο [PERSON] είπε ναι');
		expect(scrub('Γεια σου Γιώργο')).toBe('Γεια σου [PERSON]');
		expect(scrub('Как дела у Маши?')).toBe('Как дела у [PERSON]?');
	});

	it('takes a name that is a word ("Вера", faith) only with a cue', () => {
		expect(scrub('Привет, Вера!')).toBe('Привет, [PERSON]!');
		keeps(['Вера в людей важна', 'у меня есть надежда', 'любовь и мир']);
	});

	it('keeps places and everyday words', () => {
		keeps(['Я был в Москве', 'Москва большая', 'Σήμερα στην Αθήνα', 'Спасибо, до завтра']);
		// The word-by-word finder, made for Latin text, took an opening word before a name for one.
		expect(scrub('передай Дмитрию, что всё хорошо')).toBe('передай [PERSON], что всё хорошо');
	});
});

describe('scrubText: names in scripts with spaces and no capitals (Arabic, Hebrew, Devanagari)', () => {
	it('finds a listed name, and one joined to a prefix letter', () => {
		expect(scrub('أين محمد؟')).toBe('أين [PERSON]؟');
		expect(scrub('שלום דניאל, מה נשמע?')).toBe('שלום [PERSON], מה נשמע?');
		expect(scrub('राहुल कहाँ है')).toBe('[PERSON] कहाँ है');
		expect(scrub('ומיכאל בא')).toBe('ו[PERSON] בא');
	});

	it('takes a name that is a word ("سعيد", happy; "שחר", dawn) only after a cue', () => {
		expect(scrub('مع سعيد')).toBe('مع [PERSON]');
		expect(scrub('היי שחר')).toBe('היי [PERSON]');
		keeps(['شكرا على المساعدة', 'الطقس جميل اليوم', 'היום יש אור', 'בבוקר השחר יפה', 'דן בזה מחר', 'אני קם מוקדם']);
	});
});

describe('scrubText: names in Chinese, Japanese and Thai, which run words together', () => {
	it('finds a name before an honorific, which stays', () => {
		expect(scrub('田中さんに聞いて')).toBe('[PERSON]さんに聞いて');
		expect(scrub('さくらちゃん、おはよう')).toBe('[PERSON]ちゃん、おはよう');
		expect(scrub('マイケルさんは来ますか')).toBe('[PERSON]さんは来ますか');
		expect(scrub('王先生来了')).toBe('[PERSON]先生来了');
		expect(scrub('田中太郎さん')).toBe('[PERSON]さん');
	});

	it('finds a full name, family name and a listed given name, without a cue', () => {
		expect(scrub('我和王伟宸去北京')).toBe('我和[PERSON]去北京');
	});

	it('never takes a lone character that is also a family name, or a place', () => {
		keeps(['王国很大', '東京に行く', '我们明天去上海', '数学老师很好', 'お母さんに聞いて', '今日は晴れです', '未来は明るい']);
	});
});

describe('scrubText: Korean names with particles and honorifics written onto them', () => {
	it('finds a given name before a particle or an honorific, and a full name', () => {
		expect(scrub('민준이랑 서울 가')).toBe('[PERSON]이랑 서울 가');
		expect(scrub('서연씨가 왔어')).toBe('[PERSON]씨가 왔어');
		expect(scrub('김민준 씨 안녕하세요')).toBe('[PERSON] 씨 안녕하세요');
	});

	it('keeps a given name that is a word ("하늘", sky) and places', () => {
		keeps(['하늘이 파랗다', '서울은 크다', '이유가 뭐야', '지원이 필요해요']);
	});
});

describe('scrubText: hyphenated romanised given names, whole', () => {
	it('replaces the whole name, in any case', () => {
		expect(scrub('tell Ji-hoon the plan')).toBe('tell [PERSON] the plan');
		expect(scrub('seo-yeon said hi')).toBe('[PERSON] said hi');
		expect(scrub('ask Mei-ling first')).toBe('ask [PERSON] first');
		expect(scrub('Abdel-Rahman called')).toBe('[PERSON] called');
		expect(scrub('JEAN-LUC is here')).toBe('[PERSON] is here');
		expect(scrub('Hye-jin said hi')).toBe('[PERSON] said hi');
		expect(scrub('Lee Min-ho and Park Ji-sung')).toBe('[PERSON] and [PERSON]');
	});

	it('keeps hyphenated words', () => {
		keeps(['Ha-ha, so-so', 'a bo-ho dress', 'a well-known check-in', 'the follow-up is so-so', 'my co-worker said ha-ha', 'a long-term sign-in']);
	});
});
