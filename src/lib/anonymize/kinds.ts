/**
 * What the scrubber removes. Each kind is replaced by its own placeholder, so a model trained on
 * the text still sees that "someone's e-mail was here" without learning whose.
 */
export const PII_KINDS = ['ID', 'EMAIL', 'URL', 'IP', 'PHONE', 'ADDRESS', 'HANDLE', 'PERSON'] as const;
export type PiiKind = (typeof PII_KINDS)[number];

export type PiiCounts = Record<PiiKind, number>;

export function placeholder(kind: PiiKind): string {
	return `[${kind}]`;
}

export function emptyCounts(): PiiCounts {
	return { ID: 0, EMAIL: 0, URL: 0, IP: 0, PHONE: 0, ADDRESS: 0, HANDLE: 0, PERSON: 0 };
}

export function addCounts(into: PiiCounts, more: PiiCounts): PiiCounts {
	for (const kind of PII_KINDS) into[kind] += more[kind];
	return into;
}
