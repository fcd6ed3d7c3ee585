import { MAX_TEXT_CHARS } from '../protocol/limits';

export class MessageTooLongError extends Error {
	constructor() {
		super(`A message can be at most ${MAX_TEXT_CHARS} characters.`);
	}
}

/** The text as it is stored and sent: trimmed, never empty, never past MAX_TEXT_CHARS. */
export function messageText(text: string, emptyError: string): string {
	const body = text.trim();
	if (!body) throw new Error(emptyError);
	if (body.length > MAX_TEXT_CHARS) throw new MessageTooLongError();
	return body;
}
