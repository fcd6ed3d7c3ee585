// Bounds of the speech engine. Every buffer handed to it is checked against these first.

/** What Whisper takes: mono PCM at 16 kHz. */
export const MODEL_SAMPLE_RATE_HZ = 16_000;
/** One model call covers at most 30 s; longer audio is split (audio-chunks.ts). */
export const MAX_CHUNK_SECONDS = 30;
export const MAX_CHUNK_SAMPLES = MODEL_SAMPLE_RATE_HZ * MAX_CHUNK_SECONDS;
/** A cut is searched for no earlier than this into a chunk, so chunks are not needlessly short. */
export const MIN_CHUNK_SECONDS = 20;
/**
 * Longest audio the engine accepts: twice the voice recorder's default maximum (5 min), so a
 * raised setting still fits while a hostile hour-long buffer is refused before any work.
 */
export const MAX_AUDIO_SECONDS = 10 * 60;
export const MAX_AUDIO_SAMPLES = MODEL_SAMPLE_RATE_HZ * MAX_AUDIO_SECONDS;
/** Source formats we resample from; anything else is not audio we made or decoded. */
export const MIN_SOURCE_RATE_HZ = 8_000;
export const MAX_SOURCE_RATE_HZ = 192_000;
export const MAX_SOURCE_CHANNELS = 8;
/** Whisper's decoder never emits more; a longer id list is not from the model. */
export const MAX_TOKENS_PER_CHUNK = 448;
/** Transcription jobs waiting in the page-side client before new ones are refused. */
export const MAX_QUEUED_JOBS = 8;
