/** Protocol version carried in the handshake. A peer on another major version is refused. */
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
export const PROTOCOL_VERSION = 1;

/**
 * Largest frame accepted from the wire, sealed header and tag included. Chromium's SCTP limit is
 * 256 KiB per message; staying far below it keeps one frame from stalling a busy data channel.
 * File chunks (later) are sized to fit.
 */
export const MAX_FRAME_BYTES = stryMutAct_9fa48("122") ? 64 / 1024 : (stryCov_9fa48("122"), 64 * 1024);
export const MAX_HELLO_BYTES = 256;
export const MAX_TEXT_CHARS = 8000;
export const MAX_NAME_CHARS = 64;
export const MAX_ACK_IDS = 512;
export const MAX_CONVERSATION_ID_CHARS = 64;

/**
 * The shape every v1 frame fits in, checked on the raw bytes before decoding (structure-scan.ts).
 * A frame is a map (depth 1) that may hold one map or array (depth 2); an ack's id list is the
 * largest container; text is at most 3 UTF-8 bytes per UTF-16 unit; binaries are keys and
 * signatures. Newer peers may add a few fields, hence the slack in the map size.
 */
export const FRAME_STRUCTURE = {
  maxDepth: 2,
  maxArrayLength: MAX_ACK_IDS,
  maxMapSize: 16,
  maxItems: MAX_ACK_IDS + 64,
  maxStringBytes: MAX_TEXT_CHARS * 3,
  maxBinaryBytes: 64
} as const;