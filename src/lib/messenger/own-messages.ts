import { deleteOwnMessage, editOwnMessage } from '../db/queries';
import type { OutgoingInput } from '../db/outbox-queries';
import { ownGroupMessage } from '../db/group-edits';
import { newMessageId, type MessageId } from '../ids/message-id';
import type { PeerId } from '../ids/peer-id';
import { messageText } from './message-text';
import type { MessengerParts } from './messenger-parts';

/**
 * What the user writes in a direct conversation, and edits or deletes of their own messages in
 * any conversation (a group row goes to group-actions.ts, told apart by its `conversationId`).
 */
export class OwnMessages {
	constructor(private readonly parts: MessengerParts) {}

	/**
	 * Writes the message as pending and sends it, before the write commits when the channel is
	 * ready (send-ahead.ts). Resolves once it is stored; SentNotSavedError if it left but the
	 * write failed.
	 */
	async sendText(peer: PeerId, text: string, options: { replyTo?: MessageId }): Promise<MessageId> {
		const body = messageText(text, 'Cannot send an empty message.');
		const now = this.parts.now();
		const input: Omit<OutgoingInput, 'seq'> = { id: newMessageId(now), conversationId: peer, peerId: peer, text: body, time: now };
		if (options.replyTo) input.replyTo = options.replyTo;
		// Files to this peer give way while we chat (chat-budget.ts); the outbox sends on the session directly.
		this.parts.files.noteChat(peer);
		const row = await this.parts.sendAhead.send(input, !this.parts.invisible);
		if (!this.parts.invisible) this.parts.reach.owe(peer);
		return row.id;
	}

	/** Edits one of our messages; the edit travels through the outbox like a message. */
	async editMessage(target: MessageId, text: string): Promise<boolean> {
		const body = messageText(text, 'A message cannot be edited to nothing.');
		const { db } = this.parts.options;
		const group = await ownGroupMessage(db, target);
		if (group) return group.text !== body && group.deletedAt === undefined && this.parts.groups.changeGroupMessage(group, body);
		const now = this.parts.now();
		const edit = await editOwnMessage(db, { editId: newMessageId(now), target, text: body, now });
		if (!edit) return false;
		this.#deliver(edit.peerId);
		return true;
	}

	/**
	 * Deletes one of our messages for everyone: a tombstone here at once, and a delete frame
	 * through the edit outbox (after pending messages, resent until acked).
	 */
	async deleteForEveryone(target: MessageId): Promise<boolean> {
		const { db } = this.parts.options;
		const group = await ownGroupMessage(db, target);
		if (group) return group.deletedAt === undefined && this.parts.groups.changeGroupMessage(group, null);
		const now = this.parts.now();
		const row = await deleteOwnMessage(db, { deleteId: newMessageId(now), target, now });
		if (!row) return false;
		this.#deliver(row.peerId);
		return true;
	}

	#deliver(peer: PeerId): void {
		if (this.parts.invisible) return;
		void this.parts.outbox.flush(peer);
		this.parts.reach.owe(peer);
	}
}
