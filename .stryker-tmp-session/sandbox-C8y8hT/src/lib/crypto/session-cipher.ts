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
import type { Sodium } from './sodium';

/**
 * One direction of an established session. XChaCha20-Poly1305 with the frame counter as nonce:
 * the key is unique to this session and direction, so a counter never repeats a nonce, and the
 * receiver refusing any counter it has already passed rejects replays and reordering.
 */
export const SEALED_HEADER_BYTES = 9;
export const SEALED_KIND = 0x02;
export class SealingKey {
  #counter = 0;
  constructor(private readonly sodium: Sodium, private readonly key: Uint8Array) {}
  seal(plaintext: Uint8Array): Uint8Array {
    if (stryMutAct_9fa48("0")) {
      {}
    } else {
      stryCov_9fa48("0");
      stryMutAct_9fa48("1") ? this.#counter -= 1 : (stryCov_9fa48("1"), this.#counter += 1);
      const header = sealedHeader(this.#counter);
      const ciphertext = this.sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, header, null, nonceFor(this.#counter), this.key);
      const out = new Uint8Array(stryMutAct_9fa48("2") ? header.length - ciphertext.length : (stryCov_9fa48("2"), header.length + ciphertext.length));
      out.set(header, 0);
      out.set(ciphertext, header.length);
      return out;
    }
  }
}
export type OpenResult = {
  ok: true;
  plaintext: Uint8Array;
} | {
  ok: false;
  reason: 'replayed' | 'undecryptable';
};
export class OpeningKey {
  #lastCounter = 0;
  constructor(private readonly sodium: Sodium, private readonly key: Uint8Array) {}
  open(wire: Uint8Array): OpenResult {
    if (stryMutAct_9fa48("3")) {
      {}
    } else {
      stryCov_9fa48("3");
      const counter = readCounter(wire);
      if (stryMutAct_9fa48("6") ? counter !== null : stryMutAct_9fa48("5") ? false : stryMutAct_9fa48("4") ? true : (stryCov_9fa48("4", "5", "6"), counter === null)) return stryMutAct_9fa48("7") ? {} : (stryCov_9fa48("7"), {
        ok: stryMutAct_9fa48("8") ? true : (stryCov_9fa48("8"), false),
        reason: stryMutAct_9fa48("9") ? "" : (stryCov_9fa48("9"), 'undecryptable')
      });
      if (stryMutAct_9fa48("13") ? counter > this.#lastCounter : stryMutAct_9fa48("12") ? counter < this.#lastCounter : stryMutAct_9fa48("11") ? false : stryMutAct_9fa48("10") ? true : (stryCov_9fa48("10", "11", "12", "13"), counter <= this.#lastCounter)) return stryMutAct_9fa48("14") ? {} : (stryCov_9fa48("14"), {
        ok: stryMutAct_9fa48("15") ? true : (stryCov_9fa48("15"), false),
        reason: stryMutAct_9fa48("16") ? "" : (stryCov_9fa48("16"), 'replayed')
      });
      let plaintext: Uint8Array;
      try {
        if (stryMutAct_9fa48("17")) {
          {}
        } else {
          stryCov_9fa48("17");
          plaintext = this.sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, wire.subarray(SEALED_HEADER_BYTES), wire.subarray(0, SEALED_HEADER_BYTES), nonceFor(counter), this.key);
        }
      } catch {
        if (stryMutAct_9fa48("18")) {
          {}
        } else {
          stryCov_9fa48("18");
          return stryMutAct_9fa48("19") ? {} : (stryCov_9fa48("19"), {
            ok: stryMutAct_9fa48("20") ? true : (stryCov_9fa48("20"), false),
            reason: stryMutAct_9fa48("21") ? "" : (stryCov_9fa48("21"), 'undecryptable')
          });
        }
      }
      // Only an authentic frame may move the window, or a forged high counter could block the link.
      this.#lastCounter = counter;
      return stryMutAct_9fa48("22") ? {} : (stryCov_9fa48("22"), {
        ok: stryMutAct_9fa48("23") ? false : (stryCov_9fa48("23"), true),
        plaintext
      });
    }
  }
}
function sealedHeader(counter: number): Uint8Array {
  if (stryMutAct_9fa48("24")) {
    {}
  } else {
    stryCov_9fa48("24");
    const header = new Uint8Array(SEALED_HEADER_BYTES);
    header[0] = SEALED_KIND;
    new DataView(header.buffer).setBigUint64(1, BigInt(counter));
    return header;
  }
}
function readCounter(wire: Uint8Array): number | null {
  if (stryMutAct_9fa48("25")) {
    {}
  } else {
    stryCov_9fa48("25");
    if (stryMutAct_9fa48("28") ? wire.length <= SEALED_HEADER_BYTES && wire[0] !== SEALED_KIND : stryMutAct_9fa48("27") ? false : stryMutAct_9fa48("26") ? true : (stryCov_9fa48("26", "27", "28"), (stryMutAct_9fa48("31") ? wire.length > SEALED_HEADER_BYTES : stryMutAct_9fa48("30") ? wire.length < SEALED_HEADER_BYTES : stryMutAct_9fa48("29") ? false : (stryCov_9fa48("29", "30", "31"), wire.length <= SEALED_HEADER_BYTES)) || (stryMutAct_9fa48("33") ? wire[0] === SEALED_KIND : stryMutAct_9fa48("32") ? false : (stryCov_9fa48("32", "33"), wire[0] !== SEALED_KIND)))) return null;
    const counter = new DataView(wire.buffer, wire.byteOffset, wire.byteLength).getBigUint64(1);
    return (stryMutAct_9fa48("37") ? counter <= BigInt(Number.MAX_SAFE_INTEGER) : stryMutAct_9fa48("36") ? counter >= BigInt(Number.MAX_SAFE_INTEGER) : stryMutAct_9fa48("35") ? false : stryMutAct_9fa48("34") ? true : (stryCov_9fa48("34", "35", "36", "37"), counter > BigInt(Number.MAX_SAFE_INTEGER))) ? null : Number(counter);
  }
}
function nonceFor(counter: number): Uint8Array {
  if (stryMutAct_9fa48("38")) {
    {}
  } else {
    stryCov_9fa48("38");
    const nonce = new Uint8Array(24);
    new DataView(nonce.buffer).setBigUint64(0, BigInt(counter));
    return nonce;
  }
}