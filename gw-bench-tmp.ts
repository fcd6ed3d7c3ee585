import { runGroupBench } from './bench/group-burst';
import { BenchResults } from './bench/results';
async function main() {
	const results = new BenchResults();
	await runGroupBench(results);
	console.log(results.table());
	process.exit(0);
}
void main();
