/**
 * Avatar colours: a stable hue per seed, and for each theme a background and
 * initials colour whose contrast meets WCAG AA (4.5:1) for every hue. HSL
 * lightness is not perceptual (yellow at 28 % is far brighter than blue at
 * 28 %), so the initials' lightness is lowered (light theme) or raised (dark
 * theme) until the ratio holds.
 */

export const MIN_CONTRAST = 4.5;

export interface AvatarColors {
	hue: number;
	light: { bg: string; fg: string };
	dark: { bg: string; fg: string };
}

/** The same hue for the same seed everywhere: a contact keeps its colour. */
export function avatarHue(seed: string): number {
	let h = 7;
	for (const c of seed) h = (h * 31 + c.charCodeAt(0)) % 360;
	return h;
}

/** sRGB channels 0..1 of an HSL colour (h in degrees, s and l in percent). */
export function hslToRgb(h: number, s: number, l: number): [number, number, number] {
	const sat = s / 100;
	const lig = l / 100;
	const k = (n: number) => (n + h / 30) % 12;
	const a = sat * Math.min(lig, 1 - lig);
	const f = (n: number) => lig - a * Math.max(-1, Math.min(k(n) - 3, 9 - k(n), 1));
	return [f(0), f(8), f(4)];
}

function luminance([r, g, b]: [number, number, number]): number {
	const lin = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
	return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG contrast ratio of two colours, 1..21. */
export function contrast(a: [number, number, number], b: [number, number, number]): number {
	const la = luminance(a);
	const lb = luminance(b);
	return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

const hsl = (h: number, s: number, l: number) => `hsl(${h} ${s}% ${l}%)`;

/**
 * The initials' lightness, starting at `from` and moving by `step` (negative:
 * darker) until the contrast against the background holds, with a small
 * margin for rounding in the browser's colour pipeline.
 */
function readableLightness(h: number, s: number, bg: [number, number, number], from: number, step: number): number {
	let l = from;
	while (l > 0 && l < 100 && contrast(hslToRgb(h, s, l), bg) < MIN_CONTRAST + 0.1) l += step;
	return l;
}

export function avatarColors(seed: string): AvatarColors {
	const hue = avatarHue(seed);
	const lightBg = hslToRgb(hue, 55, 88);
	const darkBg = hslToRgb(hue, 35, 26);
	const lightFg = readableLightness(hue, 60, lightBg, 28, -1);
	const darkFg = readableLightness(hue, 70, darkBg, 85, 1);
	return {
		hue,
		light: { bg: hsl(hue, 55, 88), fg: hsl(hue, 60, lightFg) },
		dark: { bg: hsl(hue, 35, 26), fg: hsl(hue, 70, darkFg) }
	};
}
