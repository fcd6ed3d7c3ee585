// Prints the mutation score per file and in total from Stryker's JSON report, so the end of
// `npm run mutate` shows one number to compare against the target. A report, never a gate.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';

const TARGET_PERCENT = 85;
const AREA_FOLDER = 'reports/mutation/areas';
const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

/** Stryker's own definition: detected / (detected + undetected); errors and ignored mutants do not count. */
function tally(mutants) {
	let detected = 0;
	let undetected = 0;
	for (const { status } of mutants) {
		if (DETECTED.has(status)) detected += 1;
		else if (UNDETECTED.has(status)) undetected += 1;
	}
	return { detected, undetected };
}

const percent = ({ detected, undetected }) =>
	detected + undetected === 0 ? 100 : (100 * detected) / (detected + undetected);

// Reports named on the command line, else the whole-set report and every area report
// (STRYKER_AREA runs). A file measured by several reports counts once, from the newest report;
// older reports of the SAME source add their detections: runs narrowed to different tests (or
// to line ranges, `--mutate file:10-40`) each kill some mutants, and a mutant any of them
// killed is killed by the whole test set. A report of an older source is ignored for the file.
function reportPaths() {
	if (process.argv.length > 2) return process.argv.slice(2);
	const areas = existsSync(AREA_FOLDER)
		? readdirSync(AREA_FOLDER)
				.filter((name) => name.endsWith('.json') && !name.endsWith('.incremental.json'))
				.map((name) => `${AREA_FOLDER}/${name}`)
		: [];
	return ['reports/mutation/mutation.json', ...areas].filter((path) => existsSync(path));
}

const mutantKey = ({ mutatorName, replacement, location: { start, end } }) =>
	`${mutatorName} ${start.line}:${start.column}-${end.line}:${end.column} ${replacement ?? ''}`;

const files = new Map();
const byAge = reportPaths().sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);
for (const path of byAge) {
	for (const [file, result] of Object.entries(JSON.parse(readFileSync(path, 'utf8')).files)) {
		const older = files.get(file);
		if (older?.source !== result.source) {
			files.set(file, result);
			continue;
		}
		const detectedBefore = new Set(older.mutants.filter(({ status }) => DETECTED.has(status)).map(mutantKey));
		const mutants = result.mutants.map((mutant) =>
			UNDETECTED.has(mutant.status) && detectedBefore.has(mutantKey(mutant)) ? { ...mutant, status: 'Killed' } : mutant
		);
		// A run over line ranges reports only the mutants in them: the file's others keep the
		// older report's result, so a narrowed rerun never shrinks the file to its ranges.
		const measured = new Set(mutants.map(mutantKey));
		files.set(file, { ...result, mutants: [...mutants, ...older.mutants.filter((mutant) => !measured.has(mutantKey(mutant)))] });
	}
}
// A report of a source that has changed since (or a file that is gone) says nothing about the
// code now: listed apart and left out of every figure, so a refactor cannot carry an old score.
const current = (file) => (existsSync(file) ? readFileSync(file, 'utf8') : null);
const stale = [...files].filter(([file, { source }]) => current(file) !== source).map(([file]) => file);
for (const file of stale) files.delete(file);
const rows = [...files]
	.map(([file, { mutants }]) => ({ file, ...tally(mutants) }))
	.sort((a, b) => a.file.localeCompare(b.file));
const width = Math.max(...rows.map((row) => row.file.length), 5);
for (const row of rows) {
	const survivors = row.undetected === 0 ? '' : `  ${row.undetected} undetected`;
	console.log(`${row.file.padEnd(width)}  ${percent(row).toFixed(1).padStart(5)} %  of ${row.detected + row.undetected}${survivors}`);
}
// One line per folder (session, protocol, messenger/handlers, ...): the areas a run is split by.
const areas = new Map();
for (const row of rows) {
	const area = row.file.replace(/^src\/lib\//, '').replace(/\/[^/]+$/, '');
	const sum = areas.get(area) ?? { detected: 0, undetected: 0 };
	areas.set(area, { detected: sum.detected + row.detected, undetected: sum.undetected + row.undetected });
}
for (const [area, sum] of areas) {
	console.log(`${`area ${area}`.padEnd(width)}  ${percent(sum).toFixed(1).padStart(5)} %  of ${sum.detected + sum.undetected}`);
}
// The delivery path (what is stored, acked, resent and in which order): every measured file
// under messenger/ and db/, i.e. the delivery entries of stryker.config.mjs's `mutate`. Its own
// line, since the pure core's near-100 % would otherwise hide a weak delivery path in the TOTAL.
const DELIVERY_PATH = /^src\/lib\/(messenger|db)\//;
const delivery = rows.filter((row) => DELIVERY_PATH.test(row.file));
const deliverySum = delivery.reduce((sum, row) => ({ detected: sum.detected + row.detected, undetected: sum.undetected + row.undetected }), {
	detected: 0,
	undetected: 0
});
const deliveryScore = percent(deliverySum);
console.log(
	`${'delivery path'.padEnd(width)}  ${deliveryScore.toFixed(1).padStart(5)} %  of ${deliverySum.detected + deliverySum.undetected} (${delivery.length} files under messenger/ and db/; target ${TARGET_PERCENT} %: ${deliveryScore >= TARGET_PERCENT ? 'met' : 'not met'})`
);
const total = rows.reduce((sum, row) => ({ detected: sum.detected + row.detected, undetected: sum.undetected + row.undetected }), {
	detected: 0,
	undetected: 0
});
const score = percent(total);
console.log(`${'TOTAL'.padEnd(width)}  ${score.toFixed(1).padStart(5)} %  of ${total.detected + total.undetected} mutants (target ${TARGET_PERCENT} %: ${score >= TARGET_PERCENT ? 'met' : 'not met'})`);
if (stale.length > 0) console.log(`not counted, source changed since its report (run these again): ${stale.join(', ')}`);
