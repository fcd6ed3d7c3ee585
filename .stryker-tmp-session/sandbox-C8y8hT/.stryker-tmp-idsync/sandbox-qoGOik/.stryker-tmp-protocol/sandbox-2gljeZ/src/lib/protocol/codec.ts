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
// Stryker disable next-line ObjectLiteral: equivalent while the scan refuses all these inputs first.
const DECODE_LIMITS = {
  maxStrLength: FRAME_STRUCTURE.maxStringBytes,
  maxBinLength: FRAME_STRUCTURE.maxBinaryBytes,
  maxArrayLength: FRAME_STRUCTURE.maxArrayLength,
  maxMapLength: FRAME_STRUCTURE.maxMapSize,
  maxExtLength: 0
};
// A hostile frame stops at its first issue instead of paying for every bad item in it (valibot's
// abortEarly also ends each pipe at its first failed action).
// Stryker disable next-line ObjectLiteral,BooleanLiteral: equivalent in outcome (the first issue is the one reported); it only saves work.
const PARSE_CONFIG = {
  abortEarly: true
} as const;
export function encodeFrame(frame: SealedFrame): Uint8Array {
  if (stryMutAct_9fa48("1")) {
    {}
  } else {
    stryCov_9fa48("1");
    return encode(frame);
  }
}
export function encodeHello(frame: HelloFrame): Uint8Array {
  if (stryMutAct_9fa48("2")) {
    {}
  } else {
    stryCov_9fa48("2");
    const body = encode(frame);
    const out = new Uint8Array(stryMutAct_9fa48("3") ? body.length - 1 : (stryCov_9fa48("3"), body.length + 1));
    out[0] = HELLO_KIND;
    out.set(body, 1);
    return out;
  }
}
export function decodeHello(wire: Uint8Array): Decoded<HelloFrame> {
  if (stryMutAct_9fa48("4")) {
    {}
  } else {
    stryCov_9fa48("4");
    if (stryMutAct_9fa48("8") ? wire.length <= MAX_HELLO_BYTES : stryMutAct_9fa48("7") ? wire.length >= MAX_HELLO_BYTES : stryMutAct_9fa48("6") ? false : stryMutAct_9fa48("5") ? true : (stryCov_9fa48("5", "6", "7", "8"), wire.length > MAX_HELLO_BYTES)) return reject(stryMutAct_9fa48("9") ? "" : (stryCov_9fa48("9"), 'oversized'), stryMutAct_9fa48("10") ? `` : (stryCov_9fa48("10"), `${wire.length} bytes`));
    if (stryMutAct_9fa48("13") ? wire[0] === HELLO_KIND : stryMutAct_9fa48("12") ? false : stryMutAct_9fa48("11") ? true : (stryCov_9fa48("11", "12", "13"), wire[0] !== HELLO_KIND)) return reject(stryMutAct_9fa48("14") ? "" : (stryCov_9fa48("14"), 'unexpected'), stryMutAct_9fa48("15") ? "" : (stryCov_9fa48("15"), 'expected a hello frame'));
    return validate(wire.subarray(1), stryMutAct_9fa48("16") ? () => undefined : (stryCov_9fa48("16"), value => v.safeParse(HelloFrame, value, PARSE_CONFIG)));
  }
}

/** Decodes the plaintext of a sealed frame: msgpack, then the schema. */
export function decodeSealedPlaintext(plaintext: Uint8Array): Decoded<SealedFrame> {
  if (stryMutAct_9fa48("17")) {
    {}
  } else {
    stryCov_9fa48("17");
    return validate(plaintext, value => {
      if (stryMutAct_9fa48("18")) {
        {}
      } else {
        stryCov_9fa48("18");
        const type = (stryMutAct_9fa48("21") ? typeof value === 'object' || value !== null : stryMutAct_9fa48("20") ? false : stryMutAct_9fa48("19") ? true : (stryCov_9fa48("19", "20", "21"), (stryMutAct_9fa48("23") ? typeof value !== 'object' : stryMutAct_9fa48("22") ? true : (stryCov_9fa48("22", "23"), typeof value === (stryMutAct_9fa48("24") ? "" : (stryCov_9fa48("24"), 'object')))) && (stryMutAct_9fa48("26") ? value === null : stryMutAct_9fa48("25") ? true : (stryCov_9fa48("25", "26"), value !== null)))) ? (value as {
          t?: unknown;
        }).t : undefined;
        if (stryMutAct_9fa48("29") ? typeof type !== 'string' && !SEALED_FRAME_TYPES.has(type) : stryMutAct_9fa48("28") ? false : stryMutAct_9fa48("27") ? true : (stryCov_9fa48("27", "28", "29"), (stryMutAct_9fa48("31") ? typeof type === 'string' : stryMutAct_9fa48("30") ? false : (stryCov_9fa48("30", "31"), typeof type !== (stryMutAct_9fa48("32") ? "" : (stryCov_9fa48("32"), 'string')))) || (stryMutAct_9fa48("33") ? SEALED_FRAME_TYPES.has(type) : (stryCov_9fa48("33"), !SEALED_FRAME_TYPES.has(type))))) return stryMutAct_9fa48("34") ? "" : (stryCov_9fa48("34"), 'unknown-type');
        return v.safeParse(SealedFrame, value, PARSE_CONFIG);
      }
    });
  }
}
type Parse<T> = (value: unknown) => v.SafeParseResult<v.GenericSchema<unknown, T>> | 'unknown-type';
function validate<T>(body: Uint8Array, parse: Parse<T>): Decoded<T> {
  if (stryMutAct_9fa48("35")) {
    {}
  } else {
    stryCov_9fa48("35");
    const shape = scanStructure(body, FRAME_STRUCTURE);
    if (stryMutAct_9fa48("38") ? false : stryMutAct_9fa48("37") ? true : stryMutAct_9fa48("36") ? shape.ok : (stryCov_9fa48("36", "37", "38"), !shape.ok)) return reject(stryMutAct_9fa48("39") ? "" : (stryCov_9fa48("39"), 'malformed'), shape.detail);
    let value: unknown;
    try {
      if (stryMutAct_9fa48("40")) {
        {}
      } else {
        stryCov_9fa48("40");
        value = decode(body, DECODE_LIMITS);
      }
    } catch (error) {
      if (stryMutAct_9fa48("41")) {
        {}
      } else {
        stryCov_9fa48("41");
        return reject(stryMutAct_9fa48("42") ? "" : (stryCov_9fa48("42"), 'malformed'), error instanceof Error ? error.message : stryMutAct_9fa48("43") ? "" : (stryCov_9fa48("43"), 'undecodable'));
      }
    }
    const result = parse(value);
    if (stryMutAct_9fa48("46") ? result !== 'unknown-type' : stryMutAct_9fa48("45") ? false : stryMutAct_9fa48("44") ? true : (stryCov_9fa48("44", "45", "46"), result === (stryMutAct_9fa48("47") ? "" : (stryCov_9fa48("47"), 'unknown-type')))) return reject(stryMutAct_9fa48("48") ? "" : (stryCov_9fa48("48"), 'unknown-type'), describeType(value));
    if (stryMutAct_9fa48("51") ? false : stryMutAct_9fa48("50") ? true : stryMutAct_9fa48("49") ? result.success : (stryCov_9fa48("49", "50", "51"), !result.success)) return reject(stryMutAct_9fa48("52") ? "" : (stryCov_9fa48("52"), 'invalid'), describeIssue(result.issues[0]));
    return stryMutAct_9fa48("53") ? {} : (stryCov_9fa48("53"), {
      ok: stryMutAct_9fa48("54") ? false : (stryCov_9fa48("54"), true),
      frame: result.output
    });
  }
}
function describeType(value: unknown): string {
  if (stryMutAct_9fa48("55")) {
    {}
  } else {
    stryCov_9fa48("55");
    const type = (stryMutAct_9fa48("58") ? typeof value === 'object' || value !== null : stryMutAct_9fa48("57") ? false : stryMutAct_9fa48("56") ? true : (stryCov_9fa48("56", "57", "58"), (stryMutAct_9fa48("60") ? typeof value !== 'object' : stryMutAct_9fa48("59") ? true : (stryCov_9fa48("59", "60"), typeof value === (stryMutAct_9fa48("61") ? "" : (stryCov_9fa48("61"), 'object')))) && (stryMutAct_9fa48("63") ? value === null : stryMutAct_9fa48("62") ? true : (stryCov_9fa48("62", "63"), value !== null)))) ? (value as {
      t?: unknown;
    }).t : undefined;
    return (stryMutAct_9fa48("66") ? typeof type !== 'string' : stryMutAct_9fa48("65") ? false : stryMutAct_9fa48("64") ? true : (stryCov_9fa48("64", "65", "66"), typeof type === (stryMutAct_9fa48("67") ? "" : (stryCov_9fa48("67"), 'string')))) ? stryMutAct_9fa48("68") ? `` : (stryCov_9fa48("68"), `type "${stryMutAct_9fa48("69") ? type : (stryCov_9fa48("69"), type.slice(0, 16))}"`) : stryMutAct_9fa48("70") ? "" : (stryCov_9fa48("70"), 'no type field');
  }
}

/** Parsing stops at the first issue, so that one is the whole story. */
function describeIssue(issue: v.BaseIssue<unknown>): string {
  if (stryMutAct_9fa48("71")) {
    {}
  } else {
    stryCov_9fa48("71");
    return stryMutAct_9fa48("72") ? `` : (stryCov_9fa48("72"), `${stryMutAct_9fa48("73") ? v.getDotPath(issue) && '(root)' : (stryCov_9fa48("73"), v.getDotPath(issue) ?? (stryMutAct_9fa48("74") ? "" : (stryCov_9fa48("74"), '(root)')))}: ${issue.message}`);
  }
}
function reject(reason: RejectReason, detail: string): {
  ok: false;
  reason: RejectReason;
  detail: string;
} {
  if (stryMutAct_9fa48("75")) {
    {}
  } else {
    stryCov_9fa48("75");
    return stryMutAct_9fa48("76") ? {} : (stryCov_9fa48("76"), {
      ok: stryMutAct_9fa48("77") ? true : (stryCov_9fa48("77"), false),
      reason,
      detail
    });
  }
}