import type { MessageId } from '../../ids/message-id';
import type { VoiceInfo } from '../../db/file-rows';
import type { Preview } from './file-prepare';

/** A file the user picked, dropped or pasted, with the preview the UI made for an image. */
export interface OutgoingFile {
	blob: Blob;
	/** The file's own name (File.name); a pasted image gets one made up by the UI. */
	name: string;
	preview?: Preview;
	/** A voice message: the recording's length and waveform, measured by the UI (PROTOCOL §13g). */
	voice?: VoiceInfo;
}

/**
 * What the UI may ask of file transfer (PROTOCOL §13). One message per file; the caption goes
 * with the first. `conversation` is a contact's peer id or a group id.
 */
export interface FileApi {
	sendFiles(conversation: string, files: readonly OutgoingFile[], options?: { caption?: string }): Promise<MessageId[]>;
	/** Ours: withdraw the file (every holder hears `fstop cancel`). Theirs: stop fetching (state `waiting`). */
	cancelFile(messageId: MessageId): Promise<void>;
	/** Theirs, `waiting` / `declined` / `cancelled`-by-us: ask for it again. */
	retryFile(messageId: MessageId): Promise<void>;
	/** Deletes the file's bytes from this device and keeps the message (state `removed`). */
	removeFile(messageId: MessageId): Promise<void>;
	/** A restored file (FileRow `unchecked`) is on screen: its bytes are checked next. */
	checkFile(messageId: MessageId): Promise<void>;
}
