/** Whether a new version is installed and waiting; read by UpdatePrompt.svelte. */
// @ts-nocheck

export class UpdateState {
	available = $state(false);
	applying = $state(false);
	#apply: (() => void) | null = null;

	/** A new version is ready; `apply` switches to it (and reloads the page). */
	offer(apply: () => void): void {
		this.#apply = apply;
		this.applying = false;
		this.available = true;
	}

	accept(): void {
		const apply = this.#apply;
		if (!apply || this.applying) return;
		this.applying = true;
		apply();
	}

	/** Hides the prompt; the update still applies once every Parley tab has been closed. */
	later(): void {
		this.available = false;
	}
}

/** The one instance for the page (service worker registration is per page, too). */
export const appUpdate = new UpdateState();
