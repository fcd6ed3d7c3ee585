/**
 * The words of a message that search sees and shows: its text, and for a file message the file's
 * shown name after the caption, so "report" finds report.pdf whether or not it had a caption.
 */
export function searchText(row: { text: string; fileName?: string }): string {
	if (row.fileName === undefined || row.fileName === '') return row.text;
	return row.text === '' ? row.fileName : `${row.text} · ${row.fileName}`;
}
