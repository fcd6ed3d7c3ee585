/** How long a download's object URL lives: long enough for every browser to start reading it. */
const SAVE_URL_MS = 60_000;

/**
 * Offers `blob` as a download named `name` (already through safeFileName). The blob's type comes
 * from file-queries assembledFile: never a type the browser would render in place of saving.
 */
export function saveBlob(blob: Blob, name: string): void {
	const url = URL.createObjectURL(blob);
	const link = document.createElement('a');
	link.href = url;
	link.download = name;
	link.rel = 'noopener';
	link.style.display = 'none';
	document.body.append(link);
	link.click();
	link.remove();
	setTimeout(() => URL.revokeObjectURL(url), SAVE_URL_MS);
}
