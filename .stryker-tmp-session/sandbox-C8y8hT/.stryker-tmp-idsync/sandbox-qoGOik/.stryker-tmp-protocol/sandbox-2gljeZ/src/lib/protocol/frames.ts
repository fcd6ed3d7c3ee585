// @ts-nocheck
// 
// 
function stryNS_9fa48() {
  var g = typeof globalThis === 'object' && globalThis && globalThis.Math === Math && globalThis || new Function("return this")();
  var ns = g.__stryker__ || (g.__stryker__ = {});
  if (ns.activeMutant === undefined && g.process && g.process.env && g.process.env.__STRYKER_ACTIVE_MUTANT__) {
    ns.activeMutant = g.process.env.__STRYKER_ACTIVE_MUTANT__;
  }
  function retrieveNS() {
    return ns;
  }
  stryNS_9fa48 = retrieveNS;
  return retrieveNS();
}
stryNS_9fa48();
function stryCov_9fa48() {
  var ns = stryNS_9fa48();
  var cov = ns.mutantCoverage || (ns.mutantCoverage = {
    static: {},
    perTest: {}
  });
  function cover() {
    var c = cov.static;
    if (ns.currentTestId) {
      c = cov.perTest[ns.currentTestId] = cov.perTest[ns.currentTestId] || {};
    }
    var a = arguments;
    for (var i = 0; i < a.length; i++) {
      c[a[i]] = (c[a[i]] || 0) + 1;
    }
  }
  stryCov_9fa48 = cover;
  cover.apply(null, arguments);
}
function stryMutAct_9fa48(id) {
  var ns = stryNS_9fa48();
  function isActive(id) {
    if (ns.activeMutant === id) {
      if (ns.hitCount !== void 0 && ++ns.hitCount > ns.hitLimit) {
        throw new Error('Stryker: Hit count limit reached (' + ns.hitCount + ')');
      }
      return true;
    }
    return false;
  }
  stryMutAct_9fa48 = isActive;
  return isActive(id);
}
import * as v from 'valibot';
import { parseMessageId, type MessageId } from '../ids/message-id';
import { MAX_ACK_IDS, MAX_CONVERSATION_ID_CHARS, MAX_NAME_CHARS, MAX_TEXT_CHARS } from './limits';
const bytes = stryMutAct_9fa48("78") ? () => undefined : (stryCov_9fa48("78"), (() => {
  const bytes = (length: number) => v.pipe(v.custom<Uint8Array>(stryMutAct_9fa48("79") ? () => undefined : (stryCov_9fa48("79"), input => input instanceof Uint8Array), stryMutAct_9fa48("80") ? "" : (stryCov_9fa48("80"), 'not bytes')), v.check(stryMutAct_9fa48("81") ? () => undefined : (stryCov_9fa48("81"), input => stryMutAct_9fa48("84") ? input.length !== length : stryMutAct_9fa48("83") ? false : stryMutAct_9fa48("82") ? true : (stryCov_9fa48("82", "83", "84"), input.length === length)), stryMutAct_9fa48("85") ? `` : (stryCov_9fa48("85"), `not ${length} bytes`)));
  return bytes;
})());
const counter = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));
const messageId = v.custom<MessageId>(stryMutAct_9fa48("86") ? () => undefined : (stryCov_9fa48("86"), input => stryMutAct_9fa48("89") ? parseMessageId(input) === null : stryMutAct_9fa48("88") ? false : stryMutAct_9fa48("87") ? true : (stryCov_9fa48("87", "88", "89"), parseMessageId(input) !== null)), stryMutAct_9fa48("90") ? "" : (stryCov_9fa48("90"), 'not a UUIDv7 message id'));

/** Sent in the clear as the first frame of every connection (see docs/PROTOCOL.md). */
export const HelloFrame = v.object(stryMutAct_9fa48("91") ? {} : (stryCov_9fa48("91"), {
  t: v.literal(stryMutAct_9fa48("92") ? "" : (stryCov_9fa48("92"), 'hello')),
  v: v.pipe(v.number(), v.integer()),
  id: bytes(32),
  eph: bytes(32)
}));
export const AuthFrame = v.object(stryMutAct_9fa48("93") ? {} : (stryCov_9fa48("93"), {
  t: v.literal(stryMutAct_9fa48("94") ? "" : (stryCov_9fa48("94"), 'auth')),
  sig: bytes(64)
}));
export const ProfileFrame = v.object(stryMutAct_9fa48("95") ? {} : (stryCov_9fa48("95"), {
  t: v.literal(stryMutAct_9fa48("96") ? "" : (stryCov_9fa48("96"), 'profile')),
  name: v.pipe(v.string(), stryMutAct_9fa48("97") ? v : (stryCov_9fa48("97"), v.trim()), v.minLength(1), v.maxLength(MAX_NAME_CHARS))
}));
const TextBody = v.object(stryMutAct_9fa48("98") ? {} : (stryCov_9fa48("98"), {
  kind: v.literal(stryMutAct_9fa48("99") ? "" : (stryCov_9fa48("99"), 'text')),
  text: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_TEXT_CHARS))
}));
export const MessageFrame = v.object(stryMutAct_9fa48("100") ? {} : (stryCov_9fa48("100"), {
  t: v.literal(stryMutAct_9fa48("101") ? "" : (stryCov_9fa48("101"), 'msg')),
  id: messageId,
  /** Per-conversation sequence number from the author, starting at 1. */
  seq: v.pipe(counter, v.minValue(1)),
  /** Author's clock, milliseconds since the epoch: for display only, never for ordering. */
  ts: counter,
  /** Absent for a direct (1:1) conversation; a group id later. */
  conv: v.optional(v.pipe(v.string(), v.maxLength(MAX_CONVERSATION_ID_CHARS))),
  body: v.variant(stryMutAct_9fa48("102") ? "" : (stryCov_9fa48("102"), 'kind'), stryMutAct_9fa48("103") ? [] : (stryCov_9fa48("103"), [TextBody])),
  /** Version of the text (0 or absent: the original; a pending message edited before it left). */
  v: v.optional(counter)
}));

/** A new text for one of the sender's own messages; the highest version wins (PROTOCOL §6a). */
export const EditFrame = v.object(stryMutAct_9fa48("104") ? {} : (stryCov_9fa48("104"), {
  t: v.literal(stryMutAct_9fa48("105") ? "" : (stryCov_9fa48("105"), 'edit')),
  id: messageId,
  target: messageId,
  version: v.pipe(counter, v.minValue(1)),
  ts: counter,
  text: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_TEXT_CHARS))
}));
export const AckFrame = v.object(stryMutAct_9fa48("106") ? {} : (stryCov_9fa48("106"), {
  t: v.literal(stryMutAct_9fa48("107") ? "" : (stryCov_9fa48("107"), 'ack')),
  ids: v.pipe(v.array(messageId), v.minLength(1), v.maxLength(MAX_ACK_IDS))
}));
export const PingFrame = v.object(stryMutAct_9fa48("108") ? {} : (stryCov_9fa48("108"), {
  t: v.literal(stryMutAct_9fa48("109") ? "" : (stryCov_9fa48("109"), 'ping')),
  n: counter
}));
export const PongFrame = v.object(stryMutAct_9fa48("110") ? {} : (stryCov_9fa48("110"), {
  t: v.literal(stryMutAct_9fa48("111") ? "" : (stryCov_9fa48("111"), 'pong')),
  n: counter
}));

/** Every frame that travels sealed after the handshake. */
export const SealedFrame = v.variant(stryMutAct_9fa48("112") ? "" : (stryCov_9fa48("112"), 't'), stryMutAct_9fa48("113") ? [] : (stryCov_9fa48("113"), [AuthFrame, ProfileFrame, MessageFrame, EditFrame, AckFrame, PingFrame, PongFrame]));
export type HelloFrame = v.InferOutput<typeof HelloFrame>;
export type AuthFrame = v.InferOutput<typeof AuthFrame>;
export type ProfileFrame = v.InferOutput<typeof ProfileFrame>;
export type MessageFrame = v.InferOutput<typeof MessageFrame>;
export type AckFrame = v.InferOutput<typeof AckFrame>;
export type EditFrame = v.InferOutput<typeof EditFrame>;
export type SealedFrame = v.InferOutput<typeof SealedFrame>;
/** Frames handed to the application once the session is authenticated. */
export type AppFrame = Exclude<SealedFrame, AuthFrame>;
export type AppFrameType = AppFrame['t'];
export const SEALED_FRAME_TYPES: ReadonlySet<string> = new Set(stryMutAct_9fa48("114") ? [] : (stryCov_9fa48("114"), [stryMutAct_9fa48("115") ? "" : (stryCov_9fa48("115"), 'auth'), stryMutAct_9fa48("116") ? "" : (stryCov_9fa48("116"), 'profile'), stryMutAct_9fa48("117") ? "" : (stryCov_9fa48("117"), 'msg'), stryMutAct_9fa48("118") ? "" : (stryCov_9fa48("118"), 'edit'), stryMutAct_9fa48("119") ? "" : (stryCov_9fa48("119"), 'ack'), stryMutAct_9fa48("120") ? "" : (stryCov_9fa48("120"), 'ping'), stryMutAct_9fa48("121") ? "" : (stryCov_9fa48("121"), 'pong')]));