/**
 * Limits of file transfer (issue 12, PROTOCOL §13). One place, so the protocol text, the
 * schemas and the tests agree.
 */

/**
 * Plaintext bytes per chunk. 64 KiB keeps a chunk frame (header + tag included) under the
 * 256 KiB message size every browser's SCTP stack takes, small enough that a chat message
 * queued behind one waits well under a millisecond on a local link, and large enough that the
 * per-chunk cost (one AEAD call, one storage put) is small against the bytes it moves.
 */
export const CHUNK_BYTES = 64 * 1024;

/**
 * Most chunks the receiver stores as one piece (one Blob, one IndexedDB record; 4 MiB): also
 * how far back a reader looks for the piece that holds a chunk.
 */
export const MAX_PIECE_CHUNKS = 64;

/** Largest file a user may send or accept unless they set another limit (settings). */
export const DEFAULT_MAX_FILE_BYTES = 4 * 1024 * 1024 * 1024;

/**
 * The chunk index is a u32 on the wire; with 64 KiB chunks that is 256 TiB, far above any
 * configured limit. A file's chunk count is checked against this before anything is stored.
 */
export const MAX_CHUNK_INDEX = 0xffff_ffff;

/** File names are cut to this many characters for display and download (extension kept). */
export const MAX_FILE_NAME_CHARS = 120;
/** A declared media type longer than this is refused (the longest registered ones are ~80). */
export const MAX_MIME_CHARS = 100;

/**
 * The inline preview made on the sender's device and sent inside the message (a small WebP or
 * JPEG). It rides in the message frame, so it must leave room there for the caption and ids.
 */
export const MAX_THUMB_BYTES = 16 * 1024;
/** Largest width or height a sender declares for an image (display layout only). */
export const MAX_IMAGE_SIDE_PX = 65_535;

/**
 * Most ranges in one request for chunks. A receiver missing scattered chunks asks for the
 * first this many gaps; the rest follow once those arrive.
 */
export const MAX_WANT_RANGES = 64;

/**
 * How many chunks a receiver asks for at once (16 MiB): enough to keep a fast channel busy
 * for a round trip, small enough that a cancel or a peer going away wastes little.
 */
export const WANT_WINDOW_CHUNKS = 256;
