/**
 * What a relayed signalling message may look like before PeerJS sees it. The remote side
 * writes every field of an OFFER, and PeerJS trusts them: `serialization` picks a class by
 * name out of a plain object (so "constructor" or "toString" throw in the page), `type: media`
 * opens a call, and `metadata` is handed to the app as is. We only ever dial one shape, so
 * that is the only shape we answer.
 */
// @ts-nocheck

// 

// 


/** A data-channel offer from Chromium or Firefox is 0.5–3 KB; trickle ICE keeps it small. */
export const MAX_OFFER_SDP_BYTES = 16 * 1024;
/** One candidate line is under 200 bytes; room for long mDNS names and IPv6. */
export const MAX_CANDIDATE_BYTES = 1024;
/** We never send metadata; a little is tolerated so a future client is not cut off. */
export const MAX_METADATA_BYTES = 256;
/** PeerJS connection ids are "dc_" plus a base-36 random; never anything long. */
const CONNECTION_ID = /^dc_[A-Za-z0-9_-]{1,64}$/;
const MAX_LABEL_CHARS = 80;

type Fields = Record<string, unknown>;

function isObject(value: unknown): value is Fields {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function jsonBytes(value: unknown): number {
	try {
		return JSON.stringify(value)?.length ?? 0;
	} catch {
		return Number.POSITIVE_INFINITY;
	}
}

export function isConnectionId(value: unknown): value is string {
	return typeof value === 'string' && CONNECTION_ID.test(value);
}

/** Null when the OFFER payload is one we would send ourselves; else why it is dropped. */
export function offerRefusal(payload: unknown): string | null {
	if (!isObject(payload)) return 'offer without payload';
	if (payload.type !== 'data') return 'not a data offer';
	if (payload.serialization !== 'raw') return 'serialization is not raw';
	if (payload.reliable !== true) return 'not reliable';
	if (!isConnectionId(payload.connectionId)) return 'bad connection id';
	if (payload.label !== undefined && (typeof payload.label !== 'string' || payload.label.length > MAX_LABEL_CHARS)) return 'bad label';
	if (payload.metadata !== undefined && payload.metadata !== null && jsonBytes(payload.metadata) > MAX_METADATA_BYTES) return 'metadata too large';
	const sdp = payload.sdp;
	if (!isObject(sdp) || sdp.type !== 'offer' || typeof sdp.sdp !== 'string') return 'bad sdp';
	if (sdp.sdp.length > MAX_OFFER_SDP_BYTES) return 'sdp too large';
	return null;
}

/** Null when an ANSWER or CANDIDATE payload is sane enough to hand to an existing connection. */
export function followUpRefusal(type: 'ANSWER' | 'CANDIDATE', payload: Fields): string | null {
	if (type === 'ANSWER') {
		const sdp = payload.sdp;
		if (!isObject(sdp) || sdp.type !== 'answer' || typeof sdp.sdp !== 'string') return 'bad sdp';
		return sdp.sdp.length > MAX_OFFER_SDP_BYTES ? 'sdp too large' : null;
	}
	return jsonBytes(payload.candidate) > MAX_CANDIDATE_BYTES ? 'candidate too large' : null;
}

export function payloadOf(message: Fields): Fields | null {
	return isObject(message.payload) ? message.payload : null;
}
