import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ThreadMessage } from '../../../src/lib/db/schema';
import { threadRowKey } from '../../../src/lib/db/queries';
import { ListMeasure } from '../../../src/lib/components/list-measure';
import { RowHeights } from '../../../src/lib/history/row-heights';

// The anchor a re-render puts back (list-measure.ts), on a laid-out list modelled by hand: the
// scroller's viewport starts at VIEW_TOP with PADDING above the list; rows not rendered stand
// in the top spacer at their estimated heights; rendered rows take their real ones. A day's
// first row carries its divider in its top margin, outside its box.

const VIEW_TOP = 100;
const PADDING = 16;
const VIEW_HEIGHT = 600;
const ESTIMATE = 56;
const DIVIDER = 35;

const row = (i: number) => ({ id: `m${i}`, direction: 'in' }) as ThreadMessage;
const rect = (top: number, height: number) => ({ top, bottom: top + height, height }) as DOMRect;

interface Scene {
	/** Every loaded row's real height (margin included). */
	real: number[];
	/** Rows that open a day. */
	dayStarts?: number[];
}

function setup(scene: Scene) {
	const n = scene.real.length;
	const rows = Array.from({ length: n }, (_, i) => row(i));
	const keys = rows.map(threadRowKey);
	const offsets = Float64Array.from({ length: n + 1 }, (_, i) => i * ESTIMATE);
	const view = { heights: new RowHeights(ESTIMATE), offsets, rows: { keys, get: (key: string) => keys.indexOf(key) } };
	const measure = new ListMeasure(view);
	const scroller = { scrollTop: 0, clientHeight: VIEW_HEIGHT, getBoundingClientRect: () => rect(VIEW_TOP, VIEW_HEIGHT) };
	/** The DOM of a window [start, end): the spacer above it at the estimates, its rows real. */
	const render = (start: number, end: number) => {
		const listTop = () => VIEW_TOP + PADDING - scroller.scrollTop;
		const items = rows.slice(start, end).map((_, k) => {
			const i = start + k;
			const margin = scene.dayStarts?.includes(i) ? DIVIDER : 0;
			const above = () => offsets[start]! + scene.real.slice(start, i).reduce((a, b) => a + b, 0);
			return {
				marginTop: `${margin}px`,
				classList: { contains: (name: string) => name === 'day-start' && margin > 0 },
				getBoundingClientRect: () => rect(listTop() + above() + margin, scene.real[i]! - margin)
			};
		});
		measure.rendered = rows.slice(start, end);
		const list = { children: items, getBoundingClientRect: () => rect(listTop(), 0) } as unknown as HTMLOListElement;
		const itemOf = (key: string) => items[keys.indexOf(key) - start] as unknown as Element | undefined;
		return { list, itemOf, topOf: (i: number) => items[i - start]!.getBoundingClientRect().top };
	};
	const record = (dom: ReturnType<typeof render>) => measure.recordAnchor({ list: dom.list, scroller: scroller as unknown as HTMLElement }, false);
	const restore = (dom: ReturnType<typeof render>) => measure.restoreAnchor(scroller as unknown as HTMLElement, dom.itemOf);
	return { scroller, render, record, restore };
}

const original = globalThis.getComputedStyle;
beforeEach(() => {
	globalThis.getComputedStyle = ((item: { marginTop?: string }) => ({ marginTop: item.marginTop ?? '0px', rowGap: '0px' })) as unknown as typeof getComputedStyle;
});
afterEach(() => {
	globalThis.getComputedStyle = original;
});

describe('the anchor kept across a re-render', () => {
	it('at the very top, over a spacer taller than the screen, the first loaded row stays at the top however tall the rows above the old window are', () => {
		// 200 rows of 90 px each against a 56 px estimate; the window was rows 80–199 (a page of
		// 100 loaded above the reader's row 100, who then dragged the scrollbar to the top).
		const scene = setup({ real: Array(200).fill(90) });
		scene.scroller.scrollTop = 0;
		scene.record(scene.render(80, 200));
		const dom = scene.render(0, 100);
		scene.restore(dom);
		expect(scene.scroller.scrollTop).toBe(0);
		expect(dom.topOf(0)).toBe(VIEW_TOP + PADDING);
	});

	it('at the very top with the old window partly in view below a short spacer, the first loaded row stays at the top', () => {
		// A jump to row 40 rendered rows 7–106: the spacer above is 7 estimated rows, less than a screen.
		const scene = setup({ real: Array(120).fill(120) });
		scene.scroller.scrollTop = 0;
		const before = scene.render(7, 107);
		expect(before.topOf(7)).toBeLessThan(VIEW_TOP + VIEW_HEIGHT);
		scene.record(before);
		const dom = scene.render(0, 100);
		scene.restore(dom);
		expect(scene.scroller.scrollTop).toBe(0);
		expect(dom.topOf(0)).toBe(VIEW_TOP + PADDING);
	});

	it('a first row that opens a day keeps its divider in view at the top', () => {
		const real = Array(200).fill(60);
		real[0] = 60 + DIVIDER;
		const scene = setup({ real, dayStarts: [0] });
		scene.scroller.scrollTop = 0;
		scene.record(scene.render(80, 200));
		const dom = scene.render(0, 100);
		scene.restore(dom);
		expect(scene.scroller.scrollTop).toBe(0);
		expect(dom.topOf(0)).toBe(VIEW_TOP + PADDING + DIVIDER);
	});

	it('mid-list over a spacer, the row the estimates put at the top stays where they put it', () => {
		const scene = setup({ real: Array(300).fill(80) });
		// Row 100 starts at 5600 by the estimates; the viewport's top is 20 px into it.
		scene.scroller.scrollTop = 100 * ESTIMATE + PADDING + 20;
		scene.record(scene.render(200, 300));
		const dom = scene.render(50, 150);
		scene.restore(dom);
		expect(dom.topOf(100)).toBeCloseTo(VIEW_TOP - 20, 6);
	});

	it('a rendered row in view stays put while the rows above it render at their real heights, even with a spacer above it in view', () => {
		// After a page loaded above: the reader's row (100) is 16 px below the top, the spacer above.
		const scene = setup({ real: Array(200).fill(80) });
		scene.scroller.scrollTop = 100 * ESTIMATE;
		const before = scene.render(100, 200);
		const seen = before.topOf(100);
		expect(seen).toBe(VIEW_TOP + PADDING);
		scene.record(before);
		const dom = scene.render(50, 150);
		scene.restore(dom);
		expect(dom.topOf(100)).toBe(seen);
	});
});
