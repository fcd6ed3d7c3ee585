// `npm run --silent anonymize [-- --names FILE]`: JSON lines with a `text` field on stdin, the same
// lines with `text` scrubbed on stdout, by the code the in-app export uses (src/lib/anonymize).
// Lines that are not such objects are reported on stderr by number and left out; exit code 1 then.
import { readFileSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { loadPersonFinder } from '../src/lib/anonymize/person-finder';
import { LineSplitter, scrubJsonLine } from '../src/lib/anonymize/jsonl-scrub';
import { scrubText, type ScrubContext } from '../src/lib/anonymize/scrub';

const namesAt = process.argv.indexOf('--names');
const names = namesAt > 0 ? readFileSync(process.argv[namesAt + 1] ?? '', 'utf8').split('\n').map((name) => name.trim()).filter(Boolean) : [];
const context: ScrubContext = { names, findPersons: await loadPersonFinder() };

let refused = 0;
const splitter = new LineSplitter(
	(line, number) => {
		if (line.trim() === '') return;
		const outcome = scrubJsonLine(line, (text) => scrubText(text, context));
		if (outcome.ok) {
			if (!process.stdout.write(outcome.line + '\n')) process.stdin.pause();
		} else {
			refused++;
			process.stderr.write(`line ${number}: ${outcome.reason}\n`);
		}
	},
	(number) => {
		refused++;
		process.stderr.write(`line ${number}: too long, skipped\n`);
	}
);

process.stdout.on('drain', () => process.stdin.resume());
const decoder = new StringDecoder('utf8');
process.stdin.on('data', (chunk: Buffer) => splitter.push(decoder.write(chunk)));
process.stdin.on('end', () => {
	splitter.push(decoder.end());
	splitter.end();
	process.exitCode = refused > 0 ? 1 : 0;
});
