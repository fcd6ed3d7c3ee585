import type { HandlerRegistry } from '../context';
import { handleAck } from './ack-handler';
import { handleDelete } from './delete-handler';
import { handleEdit } from './edit-handler';
import { handleFileControl } from './file-handler';
import { handleGroupFrame } from './group-handler';
import { handleProfile } from './profile-handler';
import { handleRead } from './read-handler';

export const handlers: HandlerRegistry = {
	edit: handleEdit,
	delete: handleDelete,
	ack: handleAck,
	profile: handleProfile,
	read: handleRead,
	gmsg: handleGroupFrame,
	gop: handleGroupFrame,
	gsum: handleGroupFrame,
	greq: handleGroupFrame,
	gdone: handleGroupFrame,
	gopreq: handleGroupFrame,
	gread: handleGroupFrame,
	fwant: handleFileControl,
	fstop: handleFileControl
};
export { handleMessages } from './message-handler';
export { handleAcks } from './ack-handler';
