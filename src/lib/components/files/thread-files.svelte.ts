import { FileDraft } from '$lib/state/file-draft.svelte';

/**
 * A thread's tray of files to send. The preview maker's code (canvas, encoders) loads with the
 * first file picked, not with the thread.
 */
export function threadFileDraft(): FileDraft {
	const draft = new FileDraft(async (blob) => (await import('$lib/media/image-preview')).makePreview(blob));
	// Leaving the thread drops what was on its tray (and the previews' object URLs).
	$effect(() => () => draft.clear());
	return draft;
}
