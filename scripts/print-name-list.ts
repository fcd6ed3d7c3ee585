// Prints src/lib/anonymize/name-list.ts as its result: the two word lists as literals. The build
// ships this in place of the module (scripts/prebuilt-name-list.ts), so the export worker carries
// the names, not @faker-js/faker's whole locale data.
import { ordinaryWords, wideNameList } from '../src/lib/anonymize/name-list';

const names = JSON.stringify([...wideNameList()].sort());
const words = JSON.stringify([...ordinaryWords()].sort());
process.stdout.write(`export const wideNameList = () => new Set(${names});\nexport const ordinaryWords = () => new Set(${words});\n`);
