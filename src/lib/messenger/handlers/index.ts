import type { HandlerRegistry } from '../context';
import { handleAck } from './ack-handler';
import { handleEdit } from './edit-handler';
import { handleMessage } from './message-handler';
import { handleProfile } from './profile-handler';

export const handlers: HandlerRegistry = {
	msg: handleMessage,
	edit: handleEdit,
	ack: handleAck,
	profile: handleProfile
};
