/**
 * Limits of voice messages (issue 13, PROTOCOL §13g). A voice message is a file message whose
 * body also carries the recording's duration and a waveform made on the sender's device.
 */

/** The longest recording a user may set (settings), and the longest a receiver accepts. */
export const MAX_VOICE_MS = 30 * 60 * 1000;
/** How long a recording may run unless the user set another limit. */
export const DEFAULT_VOICE_MAX_MS = 5 * 60 * 1000;

/**
 * Waveform bars sent with a voice message, one byte each (0 = silence, 255 = full scale). A
 * sender makes VOICE_PEAKS; a receiver accepts any count in the range, so a later version may
 * send a finer or coarser waveform without breaking older players.
 */
export const VOICE_PEAKS = 64;
export const MIN_VOICE_PEAKS = 8;
export const MAX_VOICE_PEAKS = 256;
/** The largest value one peak byte carries. */
export const PEAK_LEVELS = 255;
