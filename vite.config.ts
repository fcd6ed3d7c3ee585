import { sveltekit } from '@sveltejs/kit/vite';
import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
	plugins: [sveltekit()],
	// Shown in Settings → About; replaced at build time, so no code reads package.json at runtime.
	define: { __APP_VERSION__: JSON.stringify(version) },
	build: { target: 'es2022', chunkSizeWarningLimit: 1500 },
	test: {
		include: ['tests/unit/**/*.test.ts', 'peer-server/test/**/*.test.ts'],
		environment: 'node',
		setupFiles: ['tests/unit/setup.ts']
	}
});
