// Prints src/lib/anonymize/name-list.ts as its result: the three word lists as literals. The build
// ships this in place of the module (scripts/prebuilt-name-list.ts), so the export worker carries
// the names, not @faker-js/faker's whole locale data.
import { ordinaryWords, placeNames, scriptNameLists, wideNameList } from '../src/lib/anonymize/name-list';

const names = JSON.stringify([...wideNameList()].sort());
const words = JSON.stringify([...ordinaryWords()].sort());
const places = JSON.stringify([...placeNames()].sort());
const scripts = JSON.stringify(scriptNameLists());
process.stdout.write(
	`export const wideNameList = () => new Set(${names});\nexport const ordinaryWords = () => new Set(${words});\nexport const placeNames = () => new Set(${places});\nexport const scriptNameLists = () => (${scripts});\n`
);
