// `npx tsx scripts/measure-pii-holdout.ts [corpus.jsonl]`: the scrubber's figures on a labelled
// corpus (default: the independent held-out set, tests/fixtures/pii-holdout-indep.jsonl). The text
// goes through `npm run --silent anonymize`, the CLI an outside measurer would use, as a black
// box; the figures are counted by tests/unit/anonymize/pii-metrics.ts, the same rules as the
// recall test. Prints the three target figures, recall per kind, names per culture and source,
// and every miss (a PII piece left, a word lost).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { measure, percent, type CorpusLine, type Ratio } from '../tests/unit/anonymize/pii-metrics';

type Label = CorpusLine['pii'][number] & { culture?: string; origin?: string; country?: string };
type LabelledLine = Omit<CorpusLine, 'pii'> & { pii: Label[] };
type Scrub = Parameters<typeof measure>[1];

const path = process.argv[2] ?? new URL('../tests/fixtures/pii-holdout-indep.jsonl', import.meta.url).pathname;
const lines = readFileSync(path, 'utf8')
	.split('\n')
	.filter(Boolean)
	.map((line) => JSON.parse(line) as LabelledLine);

const cli = spawnSync('npm', ['run', '--silent', 'anonymize'], { input: lines.map((line) => JSON.stringify({ text: line.text })).join('\n') + '\n', encoding: 'utf8', maxBuffer: 64 << 20 });
if (cli.status !== 0) throw new Error(`anonymize exited ${String(cli.status)}: ${cli.stderr}`);
const outputs = cli.stdout.split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { text: string }).text);
if (outputs.length !== lines.length) throw new Error(`anonymize wrote ${outputs.length} lines for ${lines.length}`);
const scrubbed = new Map(lines.map((line, i) => [line.text, outputs[i] ?? '']));
const scrub: Scrub = (text) => ({ text: scrubbed.get(text) ?? '' }) as ReturnType<Scrub>;

const show = (ratio: Ratio | undefined) => (ratio ? `${percent(ratio).toFixed(1)} % (${ratio.hit}/${ratio.total})` : '—');
const all = measure(lines, scrub);
console.log(`${path}: ${lines.length} lines, ${lines.filter((line) => line.pii.length === 0).length} without PII`);
console.log(`e-mails/phones/URLs/IPs removed ${show(all.structured)}`);
console.log(`names removed                  ${show(all.byKind.PERSON)}`);
console.log(`non-PII words kept             ${show(all.wordsKept)}`);
for (const [kind, ratio] of Object.entries(all.byKind)) console.log(`  ${kind.padEnd(8)} ${show(ratio)}`);

/** Recall of one kind's labels grouped by a field of the label, e.g. names by culture. */
function byField(kind: string, field: 'culture' | 'origin' | 'country'): void {
	const groups = new Set(lines.flatMap((line) => line.pii.filter((label) => label.kind === kind).map((label) => label[field] ?? 'written out')));
	for (const group of [...groups].sort()) {
		const only = lines.map((line) => ({ ...line, pii: line.pii.filter((label) => label.kind === kind && (label[field] ?? 'written out') === group) }));
		console.log(`  ${kind} ${field} ${group.padEnd(16)} ${show(measure(only, scrub).byKind[kind])}`);
	}
}
byField('PERSON', 'origin');
byField('PERSON', 'culture');
byField('PHONE', 'country');

console.log(`\n${all.misses.length} misses:`);
console.log(all.misses.join('\n'));
