import type { FileDraft } from '$lib/state/file-draft.svelte';

/**
 * Files dragged onto a thread go to its composer's tray. `dragging` shows the drop zone; the
 * count of enters and leaves keeps it steady while the pointer crosses child elements.
 * Anything dragged that is not a file (text, a link) is left to the browser.
 */
export function dropFiles(node: HTMLElement, draft: FileDraft | null) {
	let current = draft;
	let depth = 0;
	const carriesFiles = (event: DragEvent) => current !== null && (event.dataTransfer?.types.includes('Files') ?? false);
	const enter = (event: DragEvent) => {
		if (!carriesFiles(event)) return;
		event.preventDefault();
		depth++;
		if (current) current.dragging = true;
	};
	const over = (event: DragEvent) => {
		if (!carriesFiles(event)) return;
		event.preventDefault();
		if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
	};
	const leave = (event: DragEvent) => {
		if (!carriesFiles(event)) return;
		depth = Math.max(0, depth - 1);
		if (depth === 0 && current) current.dragging = false;
	};
	const drop = (event: DragEvent) => {
		if (!carriesFiles(event)) return;
		event.preventDefault();
		depth = 0;
		if (!current) return;
		current.dragging = false;
		current.add(Array.from(event.dataTransfer?.files ?? []));
	};
	// A file dropped beside the thread (the sidebar, a gap) would make the browser open it in
	// place of the app: refused outside the thread.
	const miss = (event: DragEvent) => {
		if ((event.dataTransfer?.types.includes('Files') ?? false) && !(event.target instanceof Node && node.contains(event.target))) {
			event.preventDefault();
			if (event.dataTransfer) event.dataTransfer.dropEffect = 'none';
		}
	};
	node.addEventListener('dragenter', enter);
	node.addEventListener('dragover', over);
	node.addEventListener('dragleave', leave);
	node.addEventListener('drop', drop);
	window.addEventListener('dragover', miss);
	window.addEventListener('drop', miss);
	return {
		update(next: FileDraft | null) {
			current = next;
		},
		destroy() {
			node.removeEventListener('dragenter', enter);
			node.removeEventListener('dragover', over);
			node.removeEventListener('dragleave', leave);
			node.removeEventListener('drop', drop);
			window.removeEventListener('dragover', miss);
			window.removeEventListener('drop', miss);
		}
	};
}
