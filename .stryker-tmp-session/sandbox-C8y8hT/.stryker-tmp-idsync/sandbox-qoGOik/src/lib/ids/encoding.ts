// @ts-nocheck
// 
// Byte <-> text encodings used for ids and links. Kept dependency-free so ids can be parsed
// before libsodium has loaded.
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
const BASE32_ALPHABET = stryMutAct_9fa48("40") ? "" : (stryCov_9fa48("40"), 'abcdefghijklmnopqrstuvwxyz234567');
export function toBase32(bytes: Uint8Array): string {
  if (stryMutAct_9fa48("41")) {
    {}
  } else {
    stryCov_9fa48("41");
    let out = stryMutAct_9fa48("42") ? "Stryker was here!" : (stryCov_9fa48("42"), '');
    let buffer = 0;
    let bits = 0;
    for (const byte of bytes) {
      if (stryMutAct_9fa48("43")) {
        {}
      } else {
        stryCov_9fa48("43");
        buffer = buffer << 8 | byte;
        stryMutAct_9fa48("44") ? bits -= 8 : (stryCov_9fa48("44"), bits += 8);
        while (stryMutAct_9fa48("47") ? bits < 5 : stryMutAct_9fa48("46") ? bits > 5 : stryMutAct_9fa48("45") ? false : (stryCov_9fa48("45", "46", "47"), bits >= 5)) {
          if (stryMutAct_9fa48("48")) {
            {}
          } else {
            stryCov_9fa48("48");
            stryMutAct_9fa48("49") ? out -= BASE32_ALPHABET[buffer >>> bits - 5 & 31] : (stryCov_9fa48("49"), out += BASE32_ALPHABET[buffer >>> (stryMutAct_9fa48("50") ? bits + 5 : (stryCov_9fa48("50"), bits - 5)) & 31]);
            stryMutAct_9fa48("51") ? bits += 5 : (stryCov_9fa48("51"), bits -= 5);
          }
        }
      }
    }
    if (stryMutAct_9fa48("55") ? bits <= 0 : stryMutAct_9fa48("54") ? bits >= 0 : stryMutAct_9fa48("53") ? false : stryMutAct_9fa48("52") ? true : (stryCov_9fa48("52", "53", "54", "55"), bits > 0)) stryMutAct_9fa48("56") ? out -= BASE32_ALPHABET[buffer << 5 - bits & 31] : (stryCov_9fa48("56"), out += BASE32_ALPHABET[buffer << (stryMutAct_9fa48("57") ? 5 + bits : (stryCov_9fa48("57"), 5 - bits)) & 31]);
    return out;
  }
}
export function fromBase32(text: string): Uint8Array | null {
  if (stryMutAct_9fa48("58")) {
    {}
  } else {
    stryCov_9fa48("58");
    const out: number[] = stryMutAct_9fa48("59") ? ["Stryker was here"] : (stryCov_9fa48("59"), []);
    let buffer = 0;
    let bits = 0;
    for (const char of text) {
      if (stryMutAct_9fa48("60")) {
        {}
      } else {
        stryCov_9fa48("60");
        const value = BASE32_ALPHABET.indexOf(char);
        if (stryMutAct_9fa48("64") ? value >= 0 : stryMutAct_9fa48("63") ? value <= 0 : stryMutAct_9fa48("62") ? false : stryMutAct_9fa48("61") ? true : (stryCov_9fa48("61", "62", "63", "64"), value < 0)) return null;
        buffer = (buffer << 5 | value) & 0xffff;
        stryMutAct_9fa48("65") ? bits -= 5 : (stryCov_9fa48("65"), bits += 5);
        if (stryMutAct_9fa48("69") ? bits < 8 : stryMutAct_9fa48("68") ? bits > 8 : stryMutAct_9fa48("67") ? false : stryMutAct_9fa48("66") ? true : (stryCov_9fa48("66", "67", "68", "69"), bits >= 8)) {
          if (stryMutAct_9fa48("70")) {
            {}
          } else {
            stryCov_9fa48("70");
            out.push(buffer >>> (stryMutAct_9fa48("71") ? bits + 8 : (stryCov_9fa48("71"), bits - 8)) & 0xff);
            stryMutAct_9fa48("72") ? bits += 8 : (stryCov_9fa48("72"), bits -= 8);
          }
        }
      }
    }
    return Uint8Array.from(out);
  }
}
export function toHex(bytes: Uint8Array): string {
  if (stryMutAct_9fa48("73")) {
    {}
  } else {
    stryCov_9fa48("73");
    let out = stryMutAct_9fa48("74") ? "Stryker was here!" : (stryCov_9fa48("74"), '');
    for (const byte of bytes) stryMutAct_9fa48("75") ? out -= byte.toString(16).padStart(2, '0') : (stryCov_9fa48("75"), out += byte.toString(16).padStart(2, stryMutAct_9fa48("76") ? "" : (stryCov_9fa48("76"), '0')));
    return out;
  }
}
export function fromHex(text: string): Uint8Array | null {
  if (stryMutAct_9fa48("77")) {
    {}
  } else {
    stryCov_9fa48("77");
    if (stryMutAct_9fa48("80") ? text.length % 2 !== 0 && !/^[0-9a-f]*$/.test(text) : stryMutAct_9fa48("79") ? false : stryMutAct_9fa48("78") ? true : (stryCov_9fa48("78", "79", "80"), (stryMutAct_9fa48("82") ? text.length % 2 === 0 : stryMutAct_9fa48("81") ? false : (stryCov_9fa48("81", "82"), (stryMutAct_9fa48("83") ? text.length * 2 : (stryCov_9fa48("83"), text.length % 2)) !== 0)) || (stryMutAct_9fa48("84") ? /^[0-9a-f]*$/.test(text) : (stryCov_9fa48("84"), !(stryMutAct_9fa48("88") ? /^[^0-9a-f]*$/ : stryMutAct_9fa48("87") ? /^[0-9a-f]$/ : stryMutAct_9fa48("86") ? /^[0-9a-f]*/ : stryMutAct_9fa48("85") ? /[0-9a-f]*$/ : (stryCov_9fa48("85", "86", "87", "88"), /^[0-9a-f]*$/)).test(text))))) return null;
    const out = new Uint8Array(stryMutAct_9fa48("89") ? text.length * 2 : (stryCov_9fa48("89"), text.length / 2));
    for (let i = 0; stryMutAct_9fa48("92") ? i >= out.length : stryMutAct_9fa48("91") ? i <= out.length : stryMutAct_9fa48("90") ? false : (stryCov_9fa48("90", "91", "92"), i < out.length); stryMutAct_9fa48("93") ? i-- : (stryCov_9fa48("93"), i++)) out[i] = parseInt(stryMutAct_9fa48("94") ? text : (stryCov_9fa48("94"), text.slice(stryMutAct_9fa48("95") ? i / 2 : (stryCov_9fa48("95"), i * 2), stryMutAct_9fa48("96") ? i * 2 - 2 : (stryCov_9fa48("96"), (stryMutAct_9fa48("97") ? i / 2 : (stryCov_9fa48("97"), i * 2)) + 2))), 16);
    return out;
  }
}
export function toBase64Url(bytes: Uint8Array): string {
  if (stryMutAct_9fa48("98")) {
    {}
  } else {
    stryCov_9fa48("98");
    let binary = stryMutAct_9fa48("99") ? "Stryker was here!" : (stryCov_9fa48("99"), '');
    for (const byte of bytes) stryMutAct_9fa48("100") ? binary -= String.fromCharCode(byte) : (stryCov_9fa48("100"), binary += String.fromCharCode(byte));
    return btoa(binary).replace(/\+/g, stryMutAct_9fa48("101") ? "" : (stryCov_9fa48("101"), '-')).replace(/\//g, stryMutAct_9fa48("102") ? "" : (stryCov_9fa48("102"), '_')).replace(stryMutAct_9fa48("104") ? /=$/ : stryMutAct_9fa48("103") ? /=+/ : (stryCov_9fa48("103", "104"), /=+$/), stryMutAct_9fa48("105") ? "Stryker was here!" : (stryCov_9fa48("105"), ''));
  }
}
export function fromBase64Url(text: string): Uint8Array | null {
  if (stryMutAct_9fa48("106")) {
    {}
  } else {
    stryCov_9fa48("106");
    if (stryMutAct_9fa48("109") ? false : stryMutAct_9fa48("108") ? true : stryMutAct_9fa48("107") ? /^[A-Za-z0-9_-]*$/.test(text) : (stryCov_9fa48("107", "108", "109"), !(stryMutAct_9fa48("113") ? /^[^A-Za-z0-9_-]*$/ : stryMutAct_9fa48("112") ? /^[A-Za-z0-9_-]$/ : stryMutAct_9fa48("111") ? /^[A-Za-z0-9_-]*/ : stryMutAct_9fa48("110") ? /[A-Za-z0-9_-]*$/ : (stryCov_9fa48("110", "111", "112", "113"), /^[A-Za-z0-9_-]*$/)).test(text))) return null;
    try {
      if (stryMutAct_9fa48("114")) {
        {}
      } else {
        stryCov_9fa48("114");
        const binary = atob(text.replace(/-/g, stryMutAct_9fa48("115") ? "" : (stryCov_9fa48("115"), '+')).replace(/_/g, stryMutAct_9fa48("116") ? "" : (stryCov_9fa48("116"), '/')));
        return Uint8Array.from(binary, stryMutAct_9fa48("117") ? () => undefined : (stryCov_9fa48("117"), c => c.charCodeAt(0)));
      }
    } catch {
      if (stryMutAct_9fa48("118")) {
        {}
      } else {
        stryCov_9fa48("118");
        return null;
      }
    }
  }
}
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (stryMutAct_9fa48("119")) {
    {}
  } else {
    stryCov_9fa48("119");
    if (stryMutAct_9fa48("122") ? a.length === b.length : stryMutAct_9fa48("121") ? false : stryMutAct_9fa48("120") ? true : (stryCov_9fa48("120", "121", "122"), a.length !== b.length)) return stryMutAct_9fa48("123") ? true : (stryCov_9fa48("123"), false);
    let diff = 0;
    for (let i = 0; stryMutAct_9fa48("126") ? i >= a.length : stryMutAct_9fa48("125") ? i <= a.length : stryMutAct_9fa48("124") ? false : (stryCov_9fa48("124", "125", "126"), i < a.length); stryMutAct_9fa48("127") ? i-- : (stryCov_9fa48("127"), i++)) stryMutAct_9fa48("128") ? diff &= (a[i] ?? 0) ^ (b[i] ?? 0) : (stryCov_9fa48("128"), diff |= (stryMutAct_9fa48("129") ? a[i] && 0 : (stryCov_9fa48("129"), a[i] ?? 0)) ^ (stryMutAct_9fa48("130") ? b[i] && 0 : (stryCov_9fa48("130"), b[i] ?? 0)));
    return stryMutAct_9fa48("133") ? diff !== 0 : stryMutAct_9fa48("132") ? false : stryMutAct_9fa48("131") ? true : (stryCov_9fa48("131", "132", "133"), diff === 0);
  }
}
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  if (stryMutAct_9fa48("134")) {
    {}
  } else {
    stryCov_9fa48("134");
    const out = new Uint8Array(parts.reduce(stryMutAct_9fa48("135") ? () => undefined : (stryCov_9fa48("135"), (n, p) => stryMutAct_9fa48("136") ? n - p.length : (stryCov_9fa48("136"), n + p.length)), 0));
    let offset = 0;
    for (const part of parts) {
      if (stryMutAct_9fa48("137")) {
        {}
      } else {
        stryCov_9fa48("137");
        out.set(part, offset);
        stryMutAct_9fa48("138") ? offset -= part.length : (stryCov_9fa48("138"), offset += part.length);
      }
    }
    return out;
  }
}
const encoder = new TextEncoder();
export function utf8(text: string): Uint8Array {
  if (stryMutAct_9fa48("139")) {
    {}
  } else {
    stryCov_9fa48("139");
    return encoder.encode(text);
  }
}