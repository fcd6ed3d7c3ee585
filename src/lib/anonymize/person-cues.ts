/**
 * Words around a name that say "this is someone", in lower case, for the name finder
 * (`person-finder.ts`). Chat in many languages greets, thanks and addresses people with words an
 * English tagger does not know: they are cues here, and never names themselves.
 */
const words = (text: string): ReadonlySet<string> => new Set(text.split(/\s+/).filter(Boolean));

/** Greetings and thanks in many languages, as typed on a Latin keyboard: "gracias Nayeli", "salam Reza". */
export const GREETINGS = words(`
	hi hello hey heya hiya dear thanks thank thx ty tysm cheers bye ciao yo sup morning evening night gn gm congrats congratulations welcome sorry
	hola gracias adios adiós buenas obrigado obrigada oi olá tchau merci bonjour bonsoir salut coucou danke hallo moin servus tschüss grazie buongiorno
	dank dankjewel bedankt doei hej tack takk tak kiitos moi hei terve dzięki dziękuję dzieki dziekuje cześć czesc ahoj díky diky děkuji dekuji hvala zdravo
	spasibo privet poka dyakuyu pryvit merhaba selam sağol sagol teşekkürler tesekkurler eyvallah salam salaam shukran marhaba ahlan yalla mersi mamnoon
	shalom toda todah asante habari jambo sawubona ngiyabonga dankie medaase ese nagode daalu
	namaste namaskar dhanyavad dhanyavaad shukriya nandri vanakkam
	makasih trims selamat salamat kumusta
	arigato arigatou konnichiwa ohayo oyasumi annyeong gomawo kamsahamnida xiexie nihao cảm camon chào chao
	geia yassou yasou efharisto efcharisto
	salem salemetsiz rahmet rakhmat assalomu alaykum gamarjoba gamarjobat madloba barev barevdzez shnorhakalutyun merci sain bayarlalaa
	labas aciu ačiū paldies sveiki tere aitäh aitah takk bless faleminderit pershendetje përshëndetje buna bună mulțumesc multumesc szia sziasztok
	köszi koszi köszönöm koszonom bongu grazzi misaotra manao selam ameseginalehu nabad mahadsanid muraho murakoze mwaramutse
	zikomo mbote melesi ayubowan istuti dhanyabad mingalaba mingalarbar sabaidee sabai khob khop sawasdee sawadee sawatdee khob
	kamusta ingat terima kasih malo talofa fa'afetai faafetai aloha mahalo bula vinaka ora bonjou mesi allillanchu sulpayki valeu oie
	sannu barka yaa ekaaro ekabo kedu nnoo dumela kealeboga molo enkosi siyabonga thokoza
	niaje mambo vipi unjani kaaro naber mabuhay
`);

/**
 * Words that go on a greeting or say "everyone" ("selamat pagi semua", "bom dia gente", "hola a
 * todos", "merhaba arkadaşlar"): the greeting is to nobody by name, so these are not names either.
 */
export const GREETING_REST = words(`
	pagi siang sore malam dia tarde tardes noite noches dias días noche buenas buenos boa bom jour soir nacht morgen tag abend giorno sera notte
	dobry dobre dobrý rytas vakaras diena hommikust päevast õhtust dimineata dimineața seara ziua reggelt napot estét fyrir delek baina uu lelei lava
	kakahiaka ahiahi vinaka neza kwambiri kakhulu dzez mirdzes salamatsyzby qalaisyn necesen nasilsin nasılsın iyiyim kemon acho kaise ho kya haal
	everyone everybody all guys yall folks team fam todos todas gente galera pessoal tout monde moun tous mindenki kaikki alle allemaal iedereen
	semua sekalian kalian lahat arkadaslar arkadaşlar millet wszyscy vsem vsim ellarukkum ellorukkum sabai sabko sabhi lai bino nyote wote
	`);

/** "and" in the languages chat mixes: "Tomasz i Zdeňka", "Mantas ir Rūta", "camila y joaquim", "abdirahman iyo ubah". */
export const AND_WORDS = words('and & vs or y e i ir un ja og och en und et si și és dan iyo ve va');

/**
 * Names that are English words, given as names in Nigeria, Ghana, Zimbabwe, Zambia, Malawi, the
 * Philippines, the Caribbean and the US ("Blessing", "Precious", "Memory", "Innocent"): a name
 * only by context, like the listed names that are words.
 */
export const VIRTUE_NAMES = words(`
	blessing blessings precious memory innocent gift comfort patience prosper goodluck godspower godswill favour favor mercy charity loveness
	beauty gladness peace happiness fortune justice marvelous prince princess lucky lovely miracle testimony wisdom knowledge divine treasure
	purity modesty honour honor trust promise hope faith grace joy charity chastity destiny harmony melody serenity trinity unity liberty
	precious nobody talent success victory godfrey praise worship glory
`);

/**
 * How people are addressed before their name, in many languages ("kuya Rommel", "Mbak Dewi",
 * "Aunty Dulce"): the word stays, the name after it goes. (Most Asian forms of address come after
 * the name: `HONORIFIC_AFTER`.) Words that are also names ("Lola",
 * "Tito", "Anna") or English words ("ate") are left out.
 */
export const ADDRESS_BEFORE = words(`
	mr mrs ms miss mx dr prof sir dame herr frau mme mlle monsieur madame señor señora signor signora pan pani
	friend colleague coworker co-worker boss brother sister mom mum mother dad father wife husband son daughter cousin uncle aunt auntie aunty
	grandma grandpa granny neighbour neighbor partner boyfriend girlfriend roommate flatmate teacher doctor nurse manager landlord classmate
	buddy mate bro sis coach pastor captain
	kuya manang manong tita lolo mbak kakak abang bapak ibu ustad ustaz sheikh haji hajji mzee bwana habibi habibti mama baba papa
	professor rev reverend imam elder chief engr atty hon sgt officer principal madam maam alhaji hajiya malam mallam
	don doña senhor senhora tio tia tonton tata onkel tante zio zia nonna nonno ciocia wujek babcia dziadek batono kalbatono agha aghaye khanom
`);

/**
 * Festivals and their greetings ("Happy Diwali", "Eid Mubarak", "Ramadan starts", "Matariki is a
 * holiday"): the tagger knows Christmas and Easter, not these. Never names here, even where a list
 * has them as one ("Ramadan", "Mubarak").
 */
export const FESTIVALS = words(`
	diwali deepavali holi navratri dussehra pongal onam vesak songkran chuseok seollal kwanzaa hanukkah chanukah purim pesach sukkot
	kippur hashanah eid mubarak ramadan ramzan iftar suhoor nowruz newroz matariki waitangi juneteenth
`);

/** Said after a name: "Navjot ji", "Hyejin unnie", "Oğuz abi", "karthik anna", "Cemre hocam". */
export const HONORIFIC_AFTER = words(`
	ji sahab saab sahib bhai bhaiya didi dada paaji paji veerji bhabhi chacha chachi masi mausi anna akka thambi apu apa
	unnie oppa hyung noona sunbae seonbae sensei senpai sama san kun chan ssi nim
	abi abla bey hanım hanim hocam hoca teyze amca jan joon khanum
	kuya ate
	dai bahini machan machi aka opa ake apai aga agai eje guai bagsh ah oi ơi lah dono khanum khanom
`);

/** A family called by its name: "the Bahrami family" is a person's name, "the Royal family" is not (the tagger knows "royal"). */
export const FAMILY_AFTER = words('family fam household clan');

/**
 * Chat shorthand and sounds no dictionary lists: a one-word message of these is not a name.
 * Session 18: the interjections of West and Southern African, South Asian, Arabic, South-East Asian
 * and Latin American chat ("abeg", "oya", "eish", "wallahi", "yaar", "alamak", "órale"), which
 * opened messages before a name and were taken into it ("chinedu abeg").
 * (`name-list.ts` has the contractions without apostrophes.)
 */
export const CHAT_SOUNDS = words(`
	lol lmao lmfao rofl omg omfg idk idc tbh ngl pls plz thx btw omw wyd wya smh bruh brb imo imho irl afaik fyi asap ikr jk tho rn bc cuz coz
	ya yea yeah yep yup yas yass nah naw nope mhm hmm hmmm uhh umm ugh welp oof yikes yeet sksksk skrrt bday gg wp gn gm lmk nvm hbu wbu ttyl
	xoxo haha hahaha hehe hihi kek lel ayy ayyy aww awww ooh ohh ahh eww ew meh bleh tmi fomo yolo istg ily ilysm np ofc obv obvs tmrw tmr
	wtf wth ffs stfu gtg g2g otw sry soz pfft psst shh
	abeg oya chale wahala omo wetin jare jor shey eish howzit lekker heita yoh sheesh
	inshallah inshaallah mashallah alhamdulillah wallahi walahi wallah yaar arre accha acha chalo jaldi nahi poa
	yessir aigoo daebak alamak aiyo aiyoh aiya ayyo lah leh lor wah boludo órale orale chido nossa eita bacana caramba
`);

const DOUBLED = /(\p{L})\1/u;

/**
 * A chat word with its letters stretched, as it is written in the lists: "heyyy" → "hey",
 * "byeee" → "bye", "thankss" → "thanks". Tried only after the word as written.
 */
export function inCueList(cues: ReadonlySet<string>, lower: string): boolean {
	if (cues.has(lower)) return true;
	// Most words have no letter twice in a row: one test, no rewriting.
	if (!DOUBLED.test(lower)) return false;
	const once = lower.replace(/(\p{L})\1+/gu, '$1');
	return once !== lower && (cues.has(once) || cues.has(lower.replace(/(\p{L})\1{2,}/gu, '$1')) || cues.has(lower.replace(/(\p{L})\1{2,}/gu, '$1$1')));
}
