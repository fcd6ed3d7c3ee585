/** Protocol version carried in the handshake. A peer on another major version is refused. */
export const PROTOCOL_VERSION = 1;

/**
 * Largest frame accepted from the wire, sealed header and tag included. Chromium's SCTP limit is
 * 256 KiB per message; staying far below it keeps one frame from stalling a busy data channel.
 * File chunks (later) are sized to fit.
 */
export const MAX_FRAME_BYTES = 64 * 1024;
export const MAX_HELLO_BYTES = 256;
export const MAX_TEXT_CHARS = 8000;
export const MAX_NAME_CHARS = 64;
export const MAX_ACK_IDS = 512;
export const MAX_CONVERSATION_ID_CHARS = 64;
