import { describe, expect, it } from 'vitest';
import { avatarColors, avatarHue, contrast, hslToRgb, MIN_CONTRAST } from '../../../src/lib/components/avatar-colors';

function parse(css: string): [number, number, number] {
	const m = /^hsl\((\d+) (\d+)% (\d+)%\)$/.exec(css);
	if (!m) throw new Error(`not an hsl() colour: ${css}`);
	return hslToRgb(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** A seed whose hue is `hue`, found by search (hues are spread over 0..359). */
function seedFor(hue: number): string {
	for (let i = 0; i < 100_000; i++) if (avatarHue(`p${i}`) === hue) return `p${i}`;
	throw new Error(`no seed for hue ${hue}`);
}

describe('avatar colours', () => {
	it('converts HSL like a browser does', () => {
		expect(hslToRgb(0, 100, 50)).toEqual([1, 0, 0]);
		expect(hslToRgb(120, 100, 25).map((c) => Math.round(c * 255))).toEqual([0, 128, 0]);
		expect(hslToRgb(240, 100, 50)).toEqual([0, 0, 1]);
		expect(hslToRgb(0, 0, 100)).toEqual([1, 1, 1]);
	});

	it('measures WCAG contrast', () => {
		expect(contrast([0, 0, 0], [1, 1, 1])).toBeCloseTo(21, 5);
		expect(contrast([1, 1, 1], [1, 1, 1])).toBe(1);
		// #767676 on white is the textbook 4.54:1.
		const grey = 0x76 / 255;
		expect(contrast([grey, grey, grey], [1, 1, 1])).toBeCloseTo(4.54, 2);
	});

	it('keeps the same hue for the same seed', () => {
		expect(avatarHue('alice')).toBe(avatarHue('alice'));
		expect(avatarColors('alice').hue).toBe(avatarHue('alice'));
	});

	it('the yellow hue that failed axe (4.45:1 at 28 % lightness) now reads at 4.5:1', () => {
		const seed = seedFor(62);
		const { light } = avatarColors(seed);
		expect(contrast(parse(light.fg), parse(light.bg))).toBeGreaterThanOrEqual(MIN_CONTRAST);
		expect(light.fg).not.toBe('hsl(62 60% 28%)');
	});

	it('every hue is readable in both themes', () => {
		for (let hue = 0; hue < 360; hue++) {
			const seed = seedFor(hue);
			const { light, dark } = avatarColors(seed);
			expect(contrast(parse(light.fg), parse(light.bg)), `light ${hue}`).toBeGreaterThanOrEqual(MIN_CONTRAST);
			expect(contrast(parse(dark.fg), parse(dark.bg)), `dark ${hue}`).toBeGreaterThanOrEqual(MIN_CONTRAST);
		}
	});

	it('leaves hues that were already readable as they were', () => {
		// Blue at 28 % on its 88 % background is far above 4.5:1: no change.
		const { light, dark } = avatarColors(seedFor(230));
		expect(light.fg).toBe('hsl(230 60% 28%)');
		expect(dark.fg).toBe('hsl(230 70% 85%)');
	});
});
