import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import FileCard from '../../../src/lib/components/files/FileCard.svelte';
import type { FileCardView } from '../../../src/lib/state/file-card-view';

const base: FileCardView = { name: 'report.pdf', family: 'document', size: '262 kB', image: false, status: null, problem: false, progress: null, actions: [] };
const box = { width: 280, height: 210 };
const html = (view: Partial<FileCardView>, pictureUrl: string | null = null) => render(FileCard, { props: { view: { ...base, ...view }, box, pictureUrl, act: () => {} } }).body;

describe('FileCard', () => {
	it('shows a transfer as a labelled progress bar with its figures', () => {
		const body = html({ progress: { percent: 42, label: 'Downloading', detail: '1.1 MB of 2.6 MB · 1.0 MB/s · 2 s left' }, actions: ['cancel'] });
		expect(body).toMatch(/role="progressbar"/);
		expect(body).toMatch(/aria-valuenow="42"/);
		expect(body).toMatch(/aria-label="Downloading report.pdf"/);
		expect(body).toContain('1.0 MB/s · 2 s left');
		expect(body).toMatch(/aria-label="Cancel report.pdf"/);
	});

	it('names each action after the file, and shows a state without a bar', () => {
		expect(html({ status: 'Not downloaded', actions: ['fetch'] })).toMatch(/aria-label="Download report.pdf"/);
		const declined = html({ status: 'Larger than your limit', problem: true, actions: ['retry'] });
		expect(declined).toMatch(/aria-label="Try again report.pdf"/);
		expect(declined).toContain('Larger than your limit');
		expect(declined).not.toMatch(/progressbar/);
		expect(html({ status: 'File deleted' })).not.toMatch(/<button/);
	});

	it('shows an image in a box of the declared aspect ratio, as a button that opens it', () => {
		const body = html({ image: true, family: 'image', name: 'cat.png' }, 'blob:x');
		expect(body).toMatch(/aria-label="Open image cat.png"/);
		expect(body).toContain('aspect-ratio: 280 / 210');
		expect(body).toMatch(/<img src="blob:x" alt="" width="280" height="210"/);
	});

	it('shows no picture for a file that is not an image, even with a URL', () => {
		expect(html({ image: false }, 'blob:x')).not.toMatch(/<img/);
	});

	it('renders a hostile name as text, never as markup', () => {
		const body = html({ name: '<img src=x onerror=alert(1)>.png' });
		expect(body).not.toContain('<img src=x');
		expect(body).toContain('&lt;img src=x onerror=alert(1)>.png');
	});
});
