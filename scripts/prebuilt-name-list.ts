import { execFileSync } from 'node:child_process';
import type { Plugin } from 'vite';

const MODULE = '/src/lib/anonymize/name-list.ts';
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

/**
 * In a production build, name-list.ts is replaced by its result (scripts/print-name-list.ts):
 * ~34,000 names and ~39,000 everyday words as literals, instead of the @faker-js/faker locales
 * they come from (which also hold addresses, companies, lorem ipsum…). Tests, the dev server and
 * the CLI run the module itself.
 */
export function prebuiltNameList(): Plugin {
	let code: string | undefined;
	return {
		name: 'parley-prebuilt-name-list',
		apply: 'build',
		enforce: 'pre',
		load(id) {
			if (!id.split('?')[0]?.endsWith(MODULE)) return null;
			code ??= execFileSync(process.execPath, ['--import', 'tsx', 'scripts/print-name-list.ts'], { encoding: 'utf8', maxBuffer: MAX_OUTPUT_BYTES });
			return code;
		}
	};
}
