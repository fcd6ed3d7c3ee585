// @ts-nocheck
// 
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
const bytes = stryMutAct_9fa48("287") ? () => undefined : (stryCov_9fa48("287"), (() => {
  const bytes = (length: number) => v.pipe(v.custom<Uint8Array>(stryMutAct_9fa48("288") ? () => undefined : (stryCov_9fa48("288"), input => input instanceof Uint8Array), stryMutAct_9fa48("289") ? "" : (stryCov_9fa48("289"), 'not bytes')), v.check(stryMutAct_9fa48("290") ? () => undefined : (stryCov_9fa48("290"), input => stryMutAct_9fa48("293") ? input.length !== length : stryMutAct_9fa48("292") ? false : stryMutAct_9fa48("291") ? true : (stryCov_9fa48("291", "292", "293"), input.length === length)), stryMutAct_9fa48("294") ? `` : (stryCov_9fa48("294"), `not ${length} bytes`)));
  return bytes;
})());
const counter = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));
const messageId = v.custom<MessageId>(stryMutAct_9fa48("295") ? () => undefined : (stryCov_9fa48("295"), input => stryMutAct_9fa48("298") ? parseMessageId(input) === null : stryMutAct_9fa48("297") ? false : stryMutAct_9fa48("296") ? true : (stryCov_9fa48("296", "297", "298"), parseMessageId(input) !== null)), stryMutAct_9fa48("299") ? "" : (stryCov_9fa48("299"), 'not a UUIDv7 message id'));

/** Sent in the clear as the first frame of every connection (see docs/PROTOCOL.md). */
export const HelloFrame = v.object(stryMutAct_9fa48("300") ? {} : (stryCov_9fa48("300"), {
  t: v.literal(stryMutAct_9fa48("301") ? "" : (stryCov_9fa48("301"), 'hello')),
  v: v.pipe(v.number(), v.integer()),
  id: bytes(32),
  eph: bytes(32)
}));
export const AuthFrame = v.object(stryMutAct_9fa48("302") ? {} : (stryCov_9fa48("302"), {
  t: v.literal(stryMutAct_9fa48("303") ? "" : (stryCov_9fa48("303"), 'auth')),
  sig: bytes(64)
}));
export const ProfileFrame = v.object(stryMutAct_9fa48("304") ? {} : (stryCov_9fa48("304"), {
  t: v.literal(stryMutAct_9fa48("305") ? "" : (stryCov_9fa48("305"), 'profile')),
  name: v.pipe(v.string(), stryMutAct_9fa48("306") ? v : (stryCov_9fa48("306"), v.trim()), v.minLength(1), v.maxLength(MAX_NAME_CHARS))
}));
const TextBody = v.object(stryMutAct_9fa48("307") ? {} : (stryCov_9fa48("307"), {
  kind: v.literal(stryMutAct_9fa48("308") ? "" : (stryCov_9fa48("308"), 'text')),
  text: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_TEXT_CHARS))
}));
export const MessageFrame = v.object(stryMutAct_9fa48("309") ? {} : (stryCov_9fa48("309"), {
  t: v.literal(stryMutAct_9fa48("310") ? "" : (stryCov_9fa48("310"), 'msg')),
  id: messageId,
  /** Per-conversation sequence number from the author, starting at 1. */
  seq: v.pipe(counter, v.minValue(1)),
  /** Author's clock, milliseconds since the epoch: for display only, never for ordering. */
  ts: counter,
  /** Absent for a direct (1:1) conversation; a group id later. */
  conv: v.optional(v.pipe(v.string(), v.maxLength(MAX_CONVERSATION_ID_CHARS))),
  body: v.variant(stryMutAct_9fa48("311") ? "" : (stryCov_9fa48("311"), 'kind'), stryMutAct_9fa48("312") ? [] : (stryCov_9fa48("312"), [TextBody])),
  /** Version of the text (0 or absent: the original; a pending message edited before it left). */
  v: v.optional(counter)
}));

/** A new text for one of the sender's own messages; the highest version wins (PROTOCOL §6a). */
export const EditFrame = v.object(stryMutAct_9fa48("313") ? {} : (stryCov_9fa48("313"), {
  t: v.literal(stryMutAct_9fa48("314") ? "" : (stryCov_9fa48("314"), 'edit')),
  id: messageId,
  target: messageId,
  version: v.pipe(counter, v.minValue(1)),
  ts: counter,
  text: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_TEXT_CHARS))
}));
export const AckFrame = v.object(stryMutAct_9fa48("315") ? {} : (stryCov_9fa48("315"), {
  t: v.literal(stryMutAct_9fa48("316") ? "" : (stryCov_9fa48("316"), 'ack')),
  ids: v.pipe(v.array(messageId), v.minLength(1), v.maxLength(MAX_ACK_IDS))
}));
export const PingFrame = v.object(stryMutAct_9fa48("317") ? {} : (stryCov_9fa48("317"), {
  t: v.literal(stryMutAct_9fa48("318") ? "" : (stryCov_9fa48("318"), 'ping')),
  n: counter
}));
export const PongFrame = v.object(stryMutAct_9fa48("319") ? {} : (stryCov_9fa48("319"), {
  t: v.literal(stryMutAct_9fa48("320") ? "" : (stryCov_9fa48("320"), 'pong')),
  n: counter
}));

/** Every frame that travels sealed after the handshake. */
export const SealedFrame = v.variant(stryMutAct_9fa48("321") ? "" : (stryCov_9fa48("321"), 't'), stryMutAct_9fa48("322") ? [] : (stryCov_9fa48("322"), [AuthFrame, ProfileFrame, MessageFrame, EditFrame, AckFrame, PingFrame, PongFrame]));
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
export const SEALED_FRAME_TYPES: ReadonlySet<string> = new Set(stryMutAct_9fa48("323") ? [] : (stryCov_9fa48("323"), [stryMutAct_9fa48("324") ? "" : (stryCov_9fa48("324"), 'auth'), stryMutAct_9fa48("325") ? "" : (stryCov_9fa48("325"), 'profile'), stryMutAct_9fa48("326") ? "" : (stryCov_9fa48("326"), 'msg'), stryMutAct_9fa48("327") ? "" : (stryCov_9fa48("327"), 'edit'), stryMutAct_9fa48("328") ? "" : (stryCov_9fa48("328"), 'ack'), stryMutAct_9fa48("329") ? "" : (stryCov_9fa48("329"), 'ping'), stryMutAct_9fa48("330") ? "" : (stryCov_9fa48("330"), 'pong')]));