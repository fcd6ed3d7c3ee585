import { ar, el, fa, he, hy, ja, ka_GE, ko, mk, ne, ru, th, uk, ur, zh_CN, zh_TW, type LocaleDefinition } from '@faker-js/faker';
import { nameKey, scriptOf } from './script-text';

/**
 * Names written in their own scripts, from the person data of @faker-js/faker's native-script
 * locales, and the everyday words of the same locales (their places, colours, products, lorem
 * text…): a listed name that is also such a word is a name only by context. Keys as `nameKey`
 * makes them. Prebuilt with the other lists (scripts/print-name-list.ts).
 */
export interface ScriptNameLists {
	given: string[];
	family: string[];
	words: string[];
}

const LOCALES: LocaleDefinition[] = [ar, el, fa, he, hy, ja, ka_GE, ko, mk, ne, ru, th, uk, ur, zh_CN, zh_TW];
/** Parts of a locale with everyday words. Not places, companies or books: those are named after people. */
const WORD_PARTS = ['lorem', 'word', 'color', 'commerce', 'animal', 'food', 'date', 'hacker', 'science', 'music'] as const;

/**
 * Hindi names in Devanagari, which faker has no locale for (its Nepali one is short). Written by us
 * from common given names and family names.
 */
const DEVANAGARI_GIVEN =
	'राहुल रोहित अमित सुमित विजय अजय संजय राजेश रमेश सुरेश महेश दिनेश मुकेश अनिल सुनील राकेश विकास आकाश अंकित अर्जुन आदित्य आरव कबीर करण गौरव दीपक नितिन पंकज प्रदीप प्रवीण मनीष मोहन राम रवि श्याम सचिन संदीप सौरभ तरुण विवेक विशाल यश प्रिया पूजा नेहा अंजलि अनीता सुनीता कविता सविता ममता रेखा सीमा गीता रीता स्वाति श्वेता दिव्या आरती ज्योति लक्ष्मी मीरा राधा सीता उषा आशा निशा कोमल काजल सोनिया सपना नीलम पायल रानी शालिनी';
/** Russian short forms of given names, which faker lists only in full ("Александр", not "Саша"). Written by us. */
const CYRILLIC_SHORT =
	'Саша Маша Даша Наташа Таня Катя Лена Оля Аня Юля Настя Света Ира Женя Дима Миша Серёжа Лёша Паша Коля Вова Петя Витя Костя Ваня Гриша Галя Вика Соня Ксюша Лиза Надя Тоня Толя Боря Гена Стас Вадик Володя Сеня Тёма';
/** Greek men's names, which faker's Greek locale lacks (it lists women's). Written by us. */
const GREEK_GIVEN =
	'Γιάννης Γιώργος Νίκος Δημήτρης Κώστας Παναγιώτης Χρήστος Βασίλης Σπύρος Θανάσης Μιχάλης Αντώνης Στέλιος Πέτρος Άγγελος Αλέξανδρος Ανδρέας Μανώλης Στάθης Λευτέρης Θοδωρής Τάσος Γρηγόρης Ηλίας Παύλος Φώτης Στέφανος Μάριος Αποστόλης Σταύρος';
const DEVANAGARI_FAMILY = 'शर्मा वर्मा गुप्ता सिंह कुमार पटेल यादव मिश्रा तिवारी पांडे पाण्डेय दुबे चौहान जोशी मेहता अग्रवाल सक्सेना श्रीवास्तव त्रिपाठी चौधरी';

/**
 * Korean given names of the list that are everyday words ("하늘" sky, "지원" support, "연주" a
 * performance): faker's Korean word list holds adjectives, not these.
 */
const KOREAN_WORDS =
	'하나 우주 태양 은혜 유리 지혜 하늘 사랑 가을 봄 별 산 한결 한울 주연 지수 지원 수정 정원 소원 민주 수지 현지 지인 성원 미소 바다 보람 다솜 단비 아름 예지 진주 은하 혜성 재원 시원 시안 유성 우성 수호 준수 성우 지성 상민 선호 현수 영민 연주 연수 지연 예인 주안 이든 로운 정연 은수 다인 가인 세인 윤슬 성인 가연 우영 나은 단아 가람 새봄 라온 온유 가온 지우 주한 주영 민수';
/** Russian and Ukrainian names that are everyday words: faith, hope, love, rose, glory, lion… */
const CYRILLIC_WORDS = 'вера надежда любовь роза лилия слава лев мир лада маргарита ирис';
/** Hebrew and Arabic names that are everyday words, greetings among them. */
const HEBREW_WORDS = 'אור טל שחר גל ים אגם חן רון עומר נועם שיר שירה דור גיל עדן אלון ארז ברק דן מעיין סתיו פז רז שקד תמר יעל הדס אביב אדר אופק שלום כוכב כרם גפן זיו קסם לי תו תום שי בר מור נוי ורד';
const ARABIC_WORDS = 'امل نور جميل كريم سعيد سلام حياه ريم مني فرح هدي صباح سماح امين عادل حسن وفاء ايمان رحمه نجاح جمعه ربيع رمضان شعبان رجب بدر شمس سيف عزيز فضل مبروك مجد نصر جهاد اسلام كامل فاضل صادق مختار علي';

export function scriptNameLists(): ScriptNameLists {
	const given = new Set<string>();
	const family = new Set<string>();
	const words = new Set<string>();
	const addAll = (into: Set<string>, values: readonly string[]) => {
		// Only names in the scripts the finders read; a name of two words ("عبد الله", "בת אל") is left out: its parts are words ("God", "daughter").
		for (const value of values) if (!/\s/u.test(value.trim()) && scriptOf(value.trim()) !== 'other' && /^\p{L}[\p{L}\p{M}]+$|^[\p{Script=Han}\p{Script=Hangul}]$/u.test(value.trim())) into.add(nameKey(value.trim()));
	};
	for (const locale of LOCALES) {
		const person = locale.person;
		addAll(given, [...strings(person?.first_name), ...strings(person?.middle_name)]);
		addAll(family, strings(person?.last_name));
		for (const part of WORD_PARTS) for (const text of strings(locale[part])) addAll(words, text.split(/[\s,.;:!?()«»"'-]+/u));
	}
	addAll(given, [...DEVANAGARI_GIVEN.split(' '), ...GREEK_GIVEN.split(' '), ...CYRILLIC_SHORT.split(' ')]);
	addAll(family, DEVANAGARI_FAMILY.split(' '));
	// Listed by faker as a name, but the preposition "on" ("Ali" is "علي").
	given.delete(nameKey('على'));
	for (const word of [KOREAN_WORDS, CYRILLIC_WORDS, HEBREW_WORDS, ARABIC_WORDS].join(' ').split(' ')) words.add(nameKey(word));
	// Only the words that are also listed names are ever asked about: the rest would only weigh on the bundle.
	return { given: [...given].sort(), family: [...family].sort(), words: [...words].filter((word) => word.length > 1 && (given.has(word) || family.has(word))).sort() };
}

/** Every string in a locale entry: a list, or lists by gender. */
function strings(value: unknown): string[] {
	if (typeof value === 'string') return value.includes('{{') ? [] : [value];
	if (Array.isArray(value)) return value.flatMap(strings);
	if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings);
	return [];
}
