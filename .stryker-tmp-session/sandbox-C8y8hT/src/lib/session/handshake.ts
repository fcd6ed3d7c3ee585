// @ts-nocheck
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
import { concatBytes, utf8 } from '../ids/encoding';
import type { Identity } from '../crypto/identity';
import type { Sodium } from '../crypto/sodium';
const TRANSCRIPT_LABEL = utf8(stryMutAct_9fa48("39") ? "" : (stryCov_9fa48("39"), 'parley/handshake/v1'));
const AUTH_LABEL = utf8(stryMutAct_9fa48("40") ? "" : (stryCov_9fa48("40"), 'parley/auth/v1'));
export type Role = 'client' | 'server';
export interface EphemeralKeys {
  readonly publicKey: Uint8Array;
  readonly privateKey: Uint8Array;
}
export interface SessionSecrets {
  readonly role: Role;
  readonly rx: Uint8Array;
  readonly tx: Uint8Array;
  readonly transcript: Uint8Array;
}

/**
 * Role comes from the ephemeral keys, not from who dialled, so both ends agree even when they
 * dial each other at the same moment.
 */
export function deriveSecrets(sodium: Sodium, self: {
  identity: Identity;
  ephemeral: EphemeralKeys;
}, peer: {
  identityKey: Uint8Array;
  ephemeralKey: Uint8Array;
}): SessionSecrets | null {
  if (stryMutAct_9fa48("41")) {
    {}
  } else {
    stryCov_9fa48("41");
    const order = sodium.compare(self.ephemeral.publicKey, peer.ephemeralKey);
    if (stryMutAct_9fa48("44") ? order !== 0 : stryMutAct_9fa48("43") ? false : stryMutAct_9fa48("42") ? true : (stryCov_9fa48("42", "43", "44"), order === 0)) return null;
    // Stryker disable next-line EqualityOperator: order 0 has returned above, so < and <= agree.
    const role: Role = (stryMutAct_9fa48("46") ? false : stryMutAct_9fa48("45") ? true : (stryCov_9fa48("45", "46"), order < 0)) ? stryMutAct_9fa48("49") ? "" : (stryCov_9fa48("49"), 'client') : stryMutAct_9fa48("50") ? "" : (stryCov_9fa48("50"), 'server');
    const keys = (stryMutAct_9fa48("53") ? role !== 'client' : stryMutAct_9fa48("52") ? false : stryMutAct_9fa48("51") ? true : (stryCov_9fa48("51", "52", "53"), role === (stryMutAct_9fa48("54") ? "" : (stryCov_9fa48("54"), 'client')))) ? sodium.crypto_kx_client_session_keys(self.ephemeral.publicKey, self.ephemeral.privateKey, peer.ephemeralKey) : sodium.crypto_kx_server_session_keys(self.ephemeral.publicKey, self.ephemeral.privateKey, peer.ephemeralKey);
    const mine = stryMutAct_9fa48("55") ? [] : (stryCov_9fa48("55"), [self.identity.publicKey, self.ephemeral.publicKey]);
    const theirs = stryMutAct_9fa48("56") ? [] : (stryCov_9fa48("56"), [peer.identityKey, peer.ephemeralKey]);
    const [client, server] = (stryMutAct_9fa48("59") ? role !== 'client' : stryMutAct_9fa48("58") ? false : stryMutAct_9fa48("57") ? true : (stryCov_9fa48("57", "58", "59"), role === (stryMutAct_9fa48("60") ? "" : (stryCov_9fa48("60"), 'client')))) ? stryMutAct_9fa48("61") ? [] : (stryCov_9fa48("61"), [mine, theirs]) : stryMutAct_9fa48("62") ? [] : (stryCov_9fa48("62"), [theirs, mine]);
    const transcript = sodium.crypto_generichash(32, concatBytes(TRANSCRIPT_LABEL, ...client, ...server), null);
    return stryMutAct_9fa48("63") ? {} : (stryCov_9fa48("63"), {
      role,
      rx: keys.sharedRx,
      tx: keys.sharedTx,
      transcript
    });
  }
}

/** Each side signs the whole transcript plus its role, so a signature cannot be reflected back. */
export function signTranscript(sodium: Sodium, identity: Identity, secrets: SessionSecrets): Uint8Array {
  if (stryMutAct_9fa48("64")) {
    {}
  } else {
    stryCov_9fa48("64");
    return sodium.crypto_sign_detached(authMessage(secrets.role, secrets.transcript), identity.secretKey);
  }
}
export function verifyTranscript(sodium: Sodium, peerIdentityKey: Uint8Array, secrets: SessionSecrets, signature: Uint8Array): boolean {
  if (stryMutAct_9fa48("65")) {
    {}
  } else {
    stryCov_9fa48("65");
    // Stryker disable next-line StringLiteral: authMessage maps every role but 'client' to the server byte.
    const peerRole: Role = (stryMutAct_9fa48("68") ? secrets.role !== 'client' : stryMutAct_9fa48("67") ? false : stryMutAct_9fa48("66") ? true : (stryCov_9fa48("66", "67", "68"), secrets.role === 'client')) ? 'server' : 'client';
    try {
      if (stryMutAct_9fa48("72")) {
        {}
      } else {
        stryCov_9fa48("72");
        return sodium.crypto_sign_verify_detached(signature, authMessage(peerRole, secrets.transcript), peerIdentityKey);
        // Stryker disable BlockStatement,BooleanLiteral: unreachable while the schema fixes key and signature lengths; kept so a bad length can never throw.
      }
    } catch {
      if (stryMutAct_9fa48("73")) {
        {}
      } else {
        stryCov_9fa48("73");
        return stryMutAct_9fa48("74") ? true : (stryCov_9fa48("74"), false);
      }
    }
    // Stryker restore BlockStatement,BooleanLiteral
  }
}
function authMessage(role: Role, transcript: Uint8Array): Uint8Array {
  if (stryMutAct_9fa48("75")) {
    {}
  } else {
    stryCov_9fa48("75");
    return concatBytes(AUTH_LABEL, Uint8Array.of((stryMutAct_9fa48("78") ? role !== 'client' : stryMutAct_9fa48("77") ? false : stryMutAct_9fa48("76") ? true : (stryCov_9fa48("76", "77", "78"), role === (stryMutAct_9fa48("79") ? "" : (stryCov_9fa48("79"), 'client')))) ? 1 : 2), transcript);
  }
}