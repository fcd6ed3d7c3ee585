import { recordPeer } from '../../db/queries';
import { cleanName } from '../../text/clean-name';
import type { FrameHandler } from '../context';

/**
 * A profile carries the name the peer chose. It is cleaned before it is stored or used
 * (no bidi overrides, controls or invisible characters); a name with nothing visible left
 * is not stored, so the short id keeps standing in for it.
 */
export const handleProfile: FrameHandler<'profile'> = async (context, peer, frame) => {
	const name = cleanName(frame.name);
	if (!name) {
		context.log.reject('invalid', { peer, detail: 'profile name has nothing visible' });
		return;
	}
	context.announcedNames.set(peer, name);
	// Absent means not given: an older app, or a user who never agreed.
	await recordPeer(context.db, peer, { name, seenAt: context.now(), researchConsent: frame.research === true });
};
