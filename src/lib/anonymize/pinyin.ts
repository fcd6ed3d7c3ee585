/**
 * Chinese given names written in pinyin without tones are one or two syllables run together
 * ("Haoyu", "Zhenhua", "Yaqi"). A word the NLP engine does not know that is exactly two such
 * syllables is, in chat, almost always such a name: few English words split that way.
 */
const SYLLABLE = '(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|uan|ian|iao|uai|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ue|ui|a|e|i|o|u|ü|v)';
const TWO_SYLLABLES = new RegExp(`^${SYLLABLE}${SYLLABLE}$`, 'u');

export function isPinyinName(lower: string): boolean {
	return lower.length >= 4 && TWO_SYLLABLES.test(lower);
}
