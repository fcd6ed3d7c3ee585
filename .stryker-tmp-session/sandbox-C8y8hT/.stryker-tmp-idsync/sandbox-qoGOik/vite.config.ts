// @ts-nocheck
// 
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	build: { target: 'es2022', chunkSizeWarningLimit: 1500 },
	test: {
		include: ['tests/unit/**/*.test.ts', 'peer-server/test/**/*.test.ts'],
		environment: 'node',
		setupFiles: ['tests/unit/setup.ts']
	}
});
