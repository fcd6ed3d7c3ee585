import { recordPeer } from '../../db/queries';
import type { FrameHandler } from '../context';

export const handleProfile: FrameHandler<'profile'> = async (context, peer, frame) => {
	context.announcedNames.set(peer, frame.name);
	await recordPeer(context.db, peer, { name: frame.name, seenAt: context.now() });
};
