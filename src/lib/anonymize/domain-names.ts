/**
 * Top-level domains a bare "example.com" may end in. A closed list, not "any letters": "Node.js",
 * "file.txt" or "e.g." must stay text. Generic ones that are everyday words ("fun", "love", "work")
 * are left out: "it was fun.love you" typed without a space is not a link.
 */
const GENERIC =
	'com|net|org|edu|gov|mil|int|info|biz|pro|dev|app|xyz|online|site|tech|store|shop|blog|news|page|link|live|life|world|club|top|cloud|email|social|chat|asia|eu|' +
	'museum|travel|agency|studio|design|ninja|works|space|website|digital|media|group|solutions|services|network|systems|software|company|center|academy|events|' +
	'photography|photos|pics|guru|rocks|wiki|global|icu|buzz|bio|cafe|cash|deals|farm|fund|inc|ink|ltd|ngo|taxi|vet|wine|vip|mobi|tel|jobs|coop|aero|' +
	'berlin|london|nyc|paris|tokyo|amsterdam|wien|ovh|lol|moe|kim|llc|tours|ventures|consulting|marketing|dating|lgbt|uno|ooo|gmbh|africa|kiwi|quebec|scot|wales|bzh|eus|gal';

const COUNTRY =
	'us|uk|de|fr|es|it|nl|be|ch|at|se|no|dk|fi|pl|cz|sk|hu|ro|bg|gr|pt|ie|is|ee|lv|lt|ua|ru|by|tr|il|ae|sa|ir|pk|in|bd|lk|np|cn|hk|tw|jp|kr|vn|th|id|my|ph|sg|au|nz|ca|mx|br|ar|cl|pe|ve|za|ng|ke|gh|eg|ma|tz|ug|' +
	'io|ai|co|me|tv|fm|ly|gg|lu|hr|si|rs|ba|mk|al|md|cy|mt|li|mc|sm|ad|fo|gl|gi|je|im|ge|am|az|kz|kg|uz|tj|tm|mn|af|iq|sy|jo|lb|ps|kw|qa|bh|om|ye|dz|tn|sd|et|dj|so|sn|ml|ne|bf|ci|' +
	'gn|sl|lr|tg|bj|cm|ga|cg|cd|ao|zm|zw|mw|mz|bw|na|sz|ls|mg|mu|sc|re|rw|bi|cv|st|mr|gm|kh|la|mm|bn|tl|mo|bt|mv|pg|fj|sb|vu|ws|to|ki|nu|tk|pw|nc|pf|ck|uy|py|bo|ec|cr|pa|gt|sv|hn|' +
	'ni|do|cu|jm|tt|bs|bb|ht|pr|ag|lc|vc|gd|dm|kn|bz|gy|sr|vg|ky|bm|ms|aw|cw|sh|ac|cc|su|cat';

/** Top-level domains in other scripts: Russia, Serbia, Ukraine, China, Japan, Korea, Thailand, India, the Gulf. */
const INTERNATIONALIZED = 'рф|срб|укр|бел|қаз|онлайн|сайт|中国|中國|公司|网络|網絡|在线|香港|台湾|台灣|みんな|コム|한국|ไทย|भारत|مصر|السعودية|امارات|ایران|قطر';

/** Punycode ("xn--p1ai") stands for any internationalised one. */
export const TLDS = `${GENERIC}|${COUNTRY}|${INTERNATIONALIZED}|xn--[a-z0-9-]{1,59}`;

/**
 * Country domains that are also file extensions ("main.py", "build.sh", "lib.rs", "README.md"): a
 * bare name ending in one is a link only with a path or under a second-level domain ("uol.com.py").
 */
export const FILE_LIKE_TLDS = new Set(['py', 'sh', 'rs', 'cc', 'so', 'mk', 'la', 'ms', 'gd', 'tk', 'ml', 'md', 'ps', 'mo', 'sc', 'do', 'am']);

/** Providers whose name alone after "@" or "at" makes an e-mail address ("jane@gmail", "jane at gmail.com"). */
export const WEBMAIL =
	'gmail|googlemail|yahoo|ymail|hotmail|outlook|icloud|aol|protonmail|proton|gmx|yandex|qq|163|126|sina|naver|hanmail|rediffmail|libero|laposte|wanadoo|seznam|rambler|tutanota|zoho|fastmail';

/** A label of a domain in Latin, Greek or Cyrillic letters or digits, as people type one. */
export const LABEL = '[\\p{Script=Latin}\\p{Script=Greek}\\p{Script=Cyrillic}\\p{N}](?:[\\p{Script=Latin}\\p{Script=Greek}\\p{Script=Cyrillic}\\p{N}-]{0,61}[\\p{Script=Latin}\\p{Script=Greek}\\p{Script=Cyrillic}\\p{N}])?';

/** Han, kana, Hangul and Thai letters: their text has no spaces, so a link may touch them. */
export const UNSPACED = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}\\p{Script=Thai}';

/** A dot written so a filter misses it: "[.]", "(dot)", " dot ", and "punto", "point", "punkt". */
export const SPELLED_DOT = '(?:[[({<]\\s{0,2}(?:dot|\\.|punto|point|punkt|ponto)\\s{0,2}[\\])}>]|\\s(?:dot|punto|point|punkt|ponto|nokta|titik)\\s|-dot-)';
