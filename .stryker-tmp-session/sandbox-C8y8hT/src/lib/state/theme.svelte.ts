// @ts-nocheck
import { getContext, setContext } from 'svelte';

export type Theme = 'light' | 'dark';
const STORAGE_KEY = 'parley-theme';

/** Light or dark; follows the system until the user picks one. */
export class ThemeState {
	theme = $state<Theme>('light');

	constructor() {
		const saved = localStorage.getItem(STORAGE_KEY);
		const prefersDark = matchMedia('(prefers-color-scheme: dark)').matches;
		this.#apply(saved === 'dark' || saved === 'light' ? saved : prefersDark ? 'dark' : 'light');
	}

	toggle(): void {
		const next: Theme = this.theme === 'dark' ? 'light' : 'dark';
		localStorage.setItem(STORAGE_KEY, next);
		this.#apply(next);
	}

	#apply(theme: Theme): void {
		this.theme = theme;
		document.documentElement.dataset.theme = theme;
	}
}

const KEY = Symbol('theme');
export const provideTheme = (state: ThemeState): ThemeState => setContext(KEY, state);
export const useTheme = (): ThemeState => getContext<ThemeState>(KEY);
