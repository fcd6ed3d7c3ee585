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
import { decode, encode } from '@msgpack/msgpack';
import * as v from 'valibot';
import { HelloFrame, SEALED_FRAME_TYPES, SealedFrame } from './frames';
import { FRAME_STRUCTURE, MAX_HELLO_BYTES } from './limits';
import type { RejectReason } from './reject';
import { scanStructure } from './structure-scan';
export const HELLO_KIND = 0x01;
export type Decoded<T> = {
  ok: true;
  frame: T;
} | {
  ok: false;
  reason: RejectReason;
  detail: string;
};

// The decoder's own bounds repeat the structure scan's, as a second line if the two ever disagree.
const DECODE_LIMITS = stryMutAct_9fa48("209") ? {} : (stryCov_9fa48("209"), {
  maxStrLength: FRAME_STRUCTURE.maxStringBytes,
  maxBinLength: FRAME_STRUCTURE.maxBinaryBytes,
  maxArrayLength: FRAME_STRUCTURE.maxArrayLength,
  maxMapLength: FRAME_STRUCTURE.maxMapSize,
  maxExtLength: 0
});
// A hostile frame stops at its first issue instead of paying for every bad item in it (valibot's
// abortEarly also ends each pipe at its first failed action).
const PARSE_CONFIG = {
  abortEarly: true
} as const;
export function encodeFrame(frame: SealedFrame): Uint8Array {
  if (stryMutAct_9fa48("210")) {
    {}
  } else {
    stryCov_9fa48("210");
    return encode(frame);
  }
}
export function encodeHello(frame: HelloFrame): Uint8Array {
  if (stryMutAct_9fa48("211")) {
    {}
  } else {
    stryCov_9fa48("211");
    const body = encode(frame);
    const out = new Uint8Array(stryMutAct_9fa48("212") ? body.length - 1 : (stryCov_9fa48("212"), body.length + 1));
    out[0] = HELLO_KIND;
    out.set(body, 1);
    return out;
  }
}
export function decodeHello(wire: Uint8Array): Decoded<HelloFrame> {
  if (stryMutAct_9fa48("213")) {
    {}
  } else {
    stryCov_9fa48("213");
    if (stryMutAct_9fa48("217") ? wire.length <= MAX_HELLO_BYTES : stryMutAct_9fa48("216") ? wire.length >= MAX_HELLO_BYTES : stryMutAct_9fa48("215") ? false : stryMutAct_9fa48("214") ? true : (stryCov_9fa48("214", "215", "216", "217"), wire.length > MAX_HELLO_BYTES)) return reject(stryMutAct_9fa48("218") ? "" : (stryCov_9fa48("218"), 'oversized'), stryMutAct_9fa48("219") ? `` : (stryCov_9fa48("219"), `${wire.length} bytes`));
    if (stryMutAct_9fa48("222") ? wire[0] === HELLO_KIND : stryMutAct_9fa48("221") ? false : stryMutAct_9fa48("220") ? true : (stryCov_9fa48("220", "221", "222"), wire[0] !== HELLO_KIND)) return reject(stryMutAct_9fa48("223") ? "" : (stryCov_9fa48("223"), 'unexpected'), stryMutAct_9fa48("224") ? "" : (stryCov_9fa48("224"), 'expected a hello frame'));
    return validate(wire.subarray(1), stryMutAct_9fa48("225") ? () => undefined : (stryCov_9fa48("225"), value => v.safeParse(HelloFrame, value, PARSE_CONFIG)));
  }
}

/** Decodes the plaintext of a sealed frame: msgpack, then the schema. */
export function decodeSealedPlaintext(plaintext: Uint8Array): Decoded<SealedFrame> {
  if (stryMutAct_9fa48("226")) {
    {}
  } else {
    stryCov_9fa48("226");
    return validate(plaintext, value => {
      if (stryMutAct_9fa48("227")) {
        {}
      } else {
        stryCov_9fa48("227");
        const type = (stryMutAct_9fa48("230") ? typeof value === 'object' || value !== null : stryMutAct_9fa48("229") ? false : stryMutAct_9fa48("228") ? true : (stryCov_9fa48("228", "229", "230"), (stryMutAct_9fa48("232") ? typeof value !== 'object' : stryMutAct_9fa48("231") ? true : (stryCov_9fa48("231", "232"), typeof value === (stryMutAct_9fa48("233") ? "" : (stryCov_9fa48("233"), 'object')))) && (stryMutAct_9fa48("235") ? value === null : stryMutAct_9fa48("234") ? true : (stryCov_9fa48("234", "235"), value !== null)))) ? (value as {
          t?: unknown;
        }).t : undefined;
        if (stryMutAct_9fa48("238") ? typeof type !== 'string' && !SEALED_FRAME_TYPES.has(type) : stryMutAct_9fa48("237") ? false : stryMutAct_9fa48("236") ? true : (stryCov_9fa48("236", "237", "238"), (stryMutAct_9fa48("240") ? typeof type === 'string' : stryMutAct_9fa48("239") ? false : (stryCov_9fa48("239", "240"), typeof type !== (stryMutAct_9fa48("241") ? "" : (stryCov_9fa48("241"), 'string')))) || (stryMutAct_9fa48("242") ? SEALED_FRAME_TYPES.has(type) : (stryCov_9fa48("242"), !SEALED_FRAME_TYPES.has(type))))) return stryMutAct_9fa48("243") ? "" : (stryCov_9fa48("243"), 'unknown-type');
        return v.safeParse(SealedFrame, value, PARSE_CONFIG);
      }
    });
  }
}
type Parse<T> = (value: unknown) => v.SafeParseResult<v.GenericSchema<unknown, T>> | 'unknown-type';
function validate<T>(body: Uint8Array, parse: Parse<T>): Decoded<T> {
  if (stryMutAct_9fa48("244")) {
    {}
  } else {
    stryCov_9fa48("244");
    const shape = scanStructure(body, FRAME_STRUCTURE);
    if (stryMutAct_9fa48("247") ? false : stryMutAct_9fa48("246") ? true : stryMutAct_9fa48("245") ? shape.ok : (stryCov_9fa48("245", "246", "247"), !shape.ok)) return reject(stryMutAct_9fa48("248") ? "" : (stryCov_9fa48("248"), 'malformed'), shape.detail);
    let value: unknown;
    try {
      if (stryMutAct_9fa48("249")) {
        {}
      } else {
        stryCov_9fa48("249");
        value = decode(body, DECODE_LIMITS);
      }
    } catch (error) {
      if (stryMutAct_9fa48("250")) {
        {}
      } else {
        stryCov_9fa48("250");
        return reject(stryMutAct_9fa48("251") ? "" : (stryCov_9fa48("251"), 'malformed'), error instanceof Error ? error.message : stryMutAct_9fa48("252") ? "" : (stryCov_9fa48("252"), 'undecodable'));
      }
    }
    const result = parse(value);
    if (stryMutAct_9fa48("255") ? result !== 'unknown-type' : stryMutAct_9fa48("254") ? false : stryMutAct_9fa48("253") ? true : (stryCov_9fa48("253", "254", "255"), result === (stryMutAct_9fa48("256") ? "" : (stryCov_9fa48("256"), 'unknown-type')))) return reject(stryMutAct_9fa48("257") ? "" : (stryCov_9fa48("257"), 'unknown-type'), describeType(value));
    if (stryMutAct_9fa48("260") ? false : stryMutAct_9fa48("259") ? true : stryMutAct_9fa48("258") ? result.success : (stryCov_9fa48("258", "259", "260"), !result.success)) return reject(stryMutAct_9fa48("261") ? "" : (stryCov_9fa48("261"), 'invalid'), describeIssue(result.issues[0]));
    return stryMutAct_9fa48("262") ? {} : (stryCov_9fa48("262"), {
      ok: stryMutAct_9fa48("263") ? false : (stryCov_9fa48("263"), true),
      frame: result.output
    });
  }
}
function describeType(value: unknown): string {
  if (stryMutAct_9fa48("264")) {
    {}
  } else {
    stryCov_9fa48("264");
    const type = (stryMutAct_9fa48("267") ? typeof value === 'object' || value !== null : stryMutAct_9fa48("266") ? false : stryMutAct_9fa48("265") ? true : (stryCov_9fa48("265", "266", "267"), (stryMutAct_9fa48("269") ? typeof value !== 'object' : stryMutAct_9fa48("268") ? true : (stryCov_9fa48("268", "269"), typeof value === (stryMutAct_9fa48("270") ? "" : (stryCov_9fa48("270"), 'object')))) && (stryMutAct_9fa48("272") ? value === null : stryMutAct_9fa48("271") ? true : (stryCov_9fa48("271", "272"), value !== null)))) ? (value as {
      t?: unknown;
    }).t : undefined;
    return (stryMutAct_9fa48("275") ? typeof type !== 'string' : stryMutAct_9fa48("274") ? false : stryMutAct_9fa48("273") ? true : (stryCov_9fa48("273", "274", "275"), typeof type === (stryMutAct_9fa48("276") ? "" : (stryCov_9fa48("276"), 'string')))) ? stryMutAct_9fa48("277") ? `` : (stryCov_9fa48("277"), `type "${stryMutAct_9fa48("278") ? type : (stryCov_9fa48("278"), type.slice(0, 16))}"`) : stryMutAct_9fa48("279") ? "" : (stryCov_9fa48("279"), 'no type field');
  }
}

/** Parsing stops at the first issue, so that one is the whole story. */
function describeIssue(issue: v.BaseIssue<unknown>): string {
  if (stryMutAct_9fa48("280")) {
    {}
  } else {
    stryCov_9fa48("280");
    return stryMutAct_9fa48("281") ? `` : (stryCov_9fa48("281"), `${stryMutAct_9fa48("282") ? v.getDotPath(issue) && '(root)' : (stryCov_9fa48("282"), v.getDotPath(issue) ?? (stryMutAct_9fa48("283") ? "" : (stryCov_9fa48("283"), '(root)')))}: ${issue.message}`);
  }
}
function reject(reason: RejectReason, detail: string): {
  ok: false;
  reason: RejectReason;
  detail: string;
} {
  if (stryMutAct_9fa48("284")) {
    {}
  } else {
    stryCov_9fa48("284");
    return stryMutAct_9fa48("285") ? {} : (stryCov_9fa48("285"), {
      ok: stryMutAct_9fa48("286") ? true : (stryCov_9fa48("286"), false),
      reason,
      detail
    });
  }
}