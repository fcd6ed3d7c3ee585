import { nameKey } from './script-text';

/**
 * Words around a name in other scripts, written by us from everyday usage: greetings, thanks, forms
 * of address, "with", "where is", verbs of saying. Next to one of them, a listed name that is also
 * an everyday word ("Вера", "שחר", "سعيد") is taken for a name.
 */
const BEFORE = [
	// Russian, Ukrainian, Macedonian
	'привет здравствуй здравствуйте пока спасибо дорогой дорогая милый милая уважаемый уважаемая господин госпожа с со у к от для где позвони спроси скажи напиши привіт дякую пане пані де здраво',
	// Greek
	'γεια καλημέρα καλησπέρα ευχαριστώ κύριε κυρία κύριος με',
	// Arabic, Persian, Urdu
	'يا مرحبا أهلا شكرا السيد السيدة الأستاذ الدكتور الشيخ أبو أم أين مع سلام آقای خانم مرسی جناب',
	// Hebrew
	'שלום היי תודה מר גברת עם איפה',
	// Hindi, Georgian
	'नमस्ते श्री श्रीमती გამარჯობა ბატონო ქალბატონო'
];
const AFTER = [
	'сказал сказала сказал написал написала пишет звонил звонила придёт придет пришёл пришла сказав сказала',
	'είπε',
	'قال قالت گفت',
	'אמר אמרה',
	'जी ने को से'
];

export const CUES_BEFORE: ReadonlySet<string> = new Set(BEFORE.join(' ').split(' ').map(nameKey));
export const CUES_AFTER: ReadonlySet<string> = new Set(AFTER.join(' ').split(' ').map(nameKey));
