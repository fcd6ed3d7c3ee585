// @ts-nocheck
// 
import type { ChatDb } from './chat-db';

export async function getSetting<T>(db: ChatDb, key: string, fallback: T): Promise<T> {
	return ((await db.settings.get(key))?.value as T | undefined) ?? fallback;
}

export async function putSetting(db: ChatDb, key: string, value: unknown): Promise<void> {
	await db.settings.put({ key, value });
}
