// @ts-nocheck
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
import { fromBase32, toBase32 } from './encoding';

/**
 * A peer id names an identity key: it is a hash of the Ed25519 public key, so whoever presents a
 * key for an id can be checked without trusting the PeerServer that routed the connection.
 */
export type PeerId = string & {
  readonly __brand: 'PeerId';
};
export const PEER_ID_PREFIX = stryMutAct_9fa48("175") ? "" : (stryCov_9fa48("175"), 'p');
export const PEER_ID_HASH_BYTES = 20;
/** 'p' + base32 of 20 bytes (160 bits) = 33 characters, valid as a PeerJS id. */
export const PEER_ID_LENGTH = stryMutAct_9fa48("176") ? PEER_ID_PREFIX.length - Math.ceil(PEER_ID_HASH_BYTES * 8 / 5) : (stryCov_9fa48("176"), PEER_ID_PREFIX.length + Math.ceil(stryMutAct_9fa48("177") ? PEER_ID_HASH_BYTES * 8 * 5 : (stryCov_9fa48("177"), (stryMutAct_9fa48("178") ? PEER_ID_HASH_BYTES / 8 : (stryCov_9fa48("178"), PEER_ID_HASH_BYTES * 8)) / 5)));
export const PEER_ID_DOMAIN = stryMutAct_9fa48("179") ? "" : (stryCov_9fa48("179"), 'parley/peer-id/v1');
const PEER_ID_PATTERN = new RegExp(stryMutAct_9fa48("180") ? `` : (stryCov_9fa48("180"), `^${PEER_ID_PREFIX}[a-z2-7]{${stryMutAct_9fa48("181") ? PEER_ID_LENGTH + 1 : (stryCov_9fa48("181"), PEER_ID_LENGTH - 1)}}$`));
export type Hash = (length: number, message: Uint8Array, key: Uint8Array) => Uint8Array;
export function peerIdFromPublicKey(publicKey: Uint8Array, hash: Hash): PeerId {
  if (stryMutAct_9fa48("182")) {
    {}
  } else {
    stryCov_9fa48("182");
    const digest = hash(PEER_ID_HASH_BYTES, publicKey, new TextEncoder().encode(PEER_ID_DOMAIN));
    return PEER_ID_PREFIX + toBase32(digest) as PeerId;
  }
}
export function parsePeerId(text: unknown): PeerId | null {
  if (stryMutAct_9fa48("183")) {
    {}
  } else {
    stryCov_9fa48("183");
    if (stryMutAct_9fa48("186") ? typeof text === 'string' : stryMutAct_9fa48("185") ? false : stryMutAct_9fa48("184") ? true : (stryCov_9fa48("184", "185", "186"), typeof text !== (stryMutAct_9fa48("187") ? "" : (stryCov_9fa48("187"), 'string')))) return null;
    const candidate = stryMutAct_9fa48("189") ? text.toLowerCase() : stryMutAct_9fa48("188") ? text.trim().toUpperCase() : (stryCov_9fa48("188", "189"), text.trim().toLowerCase());
    if (stryMutAct_9fa48("192") ? false : stryMutAct_9fa48("191") ? true : stryMutAct_9fa48("190") ? PEER_ID_PATTERN.test(candidate) : (stryCov_9fa48("190", "191", "192"), !PEER_ID_PATTERN.test(candidate))) return null;
    // Reject non-canonical encodings (stray trailing bits) so one key has exactly one id.
    const bytes = fromBase32(stryMutAct_9fa48("193") ? candidate : (stryCov_9fa48("193"), candidate.slice(PEER_ID_PREFIX.length)));
    if (stryMutAct_9fa48("196") ? !bytes && bytes.length !== PEER_ID_HASH_BYTES : stryMutAct_9fa48("195") ? false : stryMutAct_9fa48("194") ? true : (stryCov_9fa48("194", "195", "196"), (stryMutAct_9fa48("197") ? bytes : (stryCov_9fa48("197"), !bytes)) || (stryMutAct_9fa48("199") ? bytes.length === PEER_ID_HASH_BYTES : stryMutAct_9fa48("198") ? false : (stryCov_9fa48("198", "199"), bytes.length !== PEER_ID_HASH_BYTES)))) return null;
    if (stryMutAct_9fa48("202") ? PEER_ID_PREFIX + toBase32(bytes) === candidate : stryMutAct_9fa48("201") ? false : stryMutAct_9fa48("200") ? true : (stryCov_9fa48("200", "201", "202"), (stryMutAct_9fa48("203") ? PEER_ID_PREFIX - toBase32(bytes) : (stryCov_9fa48("203"), PEER_ID_PREFIX + toBase32(bytes))) !== candidate)) return null;
    return candidate as PeerId;
  }
}
export function shortPeerId(id: PeerId): string {
  if (stryMutAct_9fa48("204")) {
    {}
  } else {
    stryCov_9fa48("204");
    return stryMutAct_9fa48("205") ? `` : (stryCov_9fa48("205"), `${stryMutAct_9fa48("206") ? id : (stryCov_9fa48("206"), id.slice(1, 5))}…${stryMutAct_9fa48("207") ? id : (stryCov_9fa48("207"), id.slice(stryMutAct_9fa48("208") ? +4 : (stryCov_9fa48("208"), -4)))}`);
  }
}