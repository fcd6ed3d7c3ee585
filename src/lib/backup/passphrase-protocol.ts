import type { StrengthLevel } from './passphrase-strength';

/** Page → passphrase worker: rate this passphrase. Only the latest id matters to the page. */
export interface StrengthRequest {
	id: number;
	passphrase: string;
}

/** Worker → page: its level, or null when the estimator could not be loaded. */
export interface StrengthReply {
	id: number;
	level: StrengthLevel | null;
}
