/**
 * Which SCTP stream carries a link's file channel (PROTOCOL §13c). Both ends create the channel
 * as a negotiated one on the same stream id, nothing announced in-band, so they must agree on it
 * from what each said in its auth frame (`fch`, PROTOCOL §4).
 *
 * Version 1 used stream 1001. Firefox up to ESR 140 (its usrsctp data channels) opens only 256
 * outgoing streams towards Chromium, so there every send on 1001 failed (OperationError) while
 * receiving on it worked: files went from Chromium to Firefox, not back. Version 2 uses a stream
 * under 256. PeerJS's own channel takes the lowest ids (0 or 1), so the two never meet.
 */

/** The file channel's stream with a peer that says no `fch` (version 1). */
export const LEGACY_FILE_STREAM_ID = 1001;
/** The file channel's stream when both ends say version 2 or later. */
export const FILE_STREAM_ID = 200;
/** The version this code says in its auth frame. */
export const FILE_CHANNEL_VERSION = 2;
/**
 * The highest version an auth frame may say; above it the frame fails its schema (and so the
 * session). Versions 3 to 255 are taken as this one's.
 */
export const MAX_FILE_CHANNEL_VERSION = 255;

/** The stream both ends use with a peer whose auth frame said `peerVersion` (1: said nothing). */
export function fileStreamFor(peerVersion: number): number {
	return peerVersion >= FILE_CHANNEL_VERSION ? FILE_STREAM_ID : LEGACY_FILE_STREAM_ID;
}
