import { getContext, setContext } from 'svelte';

export type Theme = 'light' | 'dark';
/** What the user picked: a theme, or whatever the system uses (the default). */
export type ThemeChoice = Theme | 'system';
const STORAGE_KEY = 'parley-theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

/** Light or dark; follows the system (also when it changes) until the user picks one. */
export class ThemeState {
	choice = $state<ThemeChoice>('system');
	theme = $state<Theme>('light');
	#system: MediaQueryList;

	constructor() {
		this.#system = matchMedia(DARK_QUERY);
		const saved = localStorage.getItem(STORAGE_KEY);
		this.choice = saved === 'dark' || saved === 'light' ? saved : 'system';
		this.#apply();
		this.#system.addEventListener('change', () => this.#apply());
	}

	choose(choice: ThemeChoice): void {
		if (choice === 'system') localStorage.removeItem(STORAGE_KEY);
		else localStorage.setItem(STORAGE_KEY, choice);
		this.choice = choice;
		this.#apply();
	}

	#apply(): void {
		const theme: Theme = this.choice === 'system' ? (this.#system.matches ? 'dark' : 'light') : this.choice;
		this.theme = theme;
		document.documentElement.dataset.theme = theme;
	}
}

const KEY = Symbol('theme');
export const provideTheme = (state: ThemeState): ThemeState => setContext(KEY, state);
export const useTheme = (): ThemeState => getContext<ThemeState>(KEY);
