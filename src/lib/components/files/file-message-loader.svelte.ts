import type { Component } from 'svelte';
import type { ThreadMessage } from '$lib/db/schema';

type FileMessageComponent = Component<{ message: ThreadMessage }>;

// The file message's code loads with the first file row a thread shows, never for text bubbles
// (issue 9: the direct bubble stays small on the latency path). Once loaded, every later file
// row renders at once, without an await block's empty first frame.
let loaded = $state<FileMessageComponent | null>(null);
let loading: Promise<void> | null = null;

/** The file message component, or null while it loads (the caller shows a placeholder). */
export function fileMessageComponent(): FileMessageComponent | null {
	if (loaded === null)
		loading ??= import('./FileMessage.svelte').then(
			(module) => {
				loaded = module.default;
			},
			(error: unknown) => {
				loading = null;
				console.error('could not load the file message code', error);
			}
		);
	return loaded;
}
