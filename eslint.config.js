import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	{
		ignores: ['build/', '.svelte-kit/', 'static/speech/', 'node_modules/', 'test-results/', 'playwright-report/', 'peer-server/data/', '**/*.tmp.*', '.stryker-tmp/', 'reports/']
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } }
	},
	{
		files: ['**/*.ts', '**/*.svelte', '**/*.svelte.ts'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		},
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': 'error',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
			'svelte/no-at-html-tags': 'error'
		}
	},
	{
		// The pure core must stay portable: no browser storage, UI or network libraries.
		files: ['src/lib/{ids,crypto,protocol,session,sync,search,anonymize,directory,history,text,notify,group,files,speech,backup,transfer}/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{ group: ['dexie', 'peerjs', 'svelte', 'svelte/*', '$app/*', '**/db/*', '**/net/*', '**/state/*'], message: 'The pure core imports no adapters.' }
					]
				}
			]
		}
	},
	{
		// Browser media adapters (image decoding and encoding): the DOM, but no storage, network or UI.
		files: ['src/lib/media/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{ group: ['dexie', 'peerjs', 'svelte', 'svelte/*', '$app/*', '**/db/*', '**/net/*', '**/state/*', '**/components/*'], message: 'Media adapters only decode and encode.' }
					]
				}
			]
		}
	},
	{
		// The piece-file worker and its page adapter (received files in the Origin Private File
		// System): browser storage APIs, but no database library, network or UI.
		files: ['src/lib/opfs/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{ group: ['dexie', 'peerjs', 'svelte', 'svelte/*', '$app/*', '**/net/*', '**/state/*', '**/components/*', '**/messenger/*'], message: 'OPFS adapters only store bytes.' }
					]
				}
			]
		}
	},
	{
		files: ['**/*.js', '**/*.mjs'],
		...ts.configs.disableTypeChecked
	}
);
