/**
 * A pass over MessagePack bytes that checks the SHAPE of a frame before anything is decoded:
 * nesting depth, container sizes, item count and string/binary sizes. It walks the bytes with an
 * explicit stack of remaining-item counters and allocates nothing per item, so a hostile frame
 * (64 KiB of nested arrays, an ack with a thousand ids) is refused in microseconds instead of
 * being materialised and then validated item by item.
 */
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
export interface StructureLimits {
  /** Containers inside containers: a frame is a map (1) holding a body map or id array (2). */
  readonly maxDepth: number;
  readonly maxArrayLength: number;
  readonly maxMapSize: number;
  /** Every value, keys included, counted once. */
  readonly maxItems: number;
  readonly maxStringBytes: number;
  readonly maxBinaryBytes: number;
}
export type ScanResult = {
  ok: true;
} | {
  ok: false;
  detail: string;
};
const OK: ScanResult = stryMutAct_9fa48("341") ? {} : (stryCov_9fa48("341"), {
  ok: stryMutAct_9fa48("342") ? false : (stryCov_9fa48("342"), true)
});
export function scanStructure(bytes: Uint8Array, limits: StructureLimits): ScanResult {
  if (stryMutAct_9fa48("343")) {
    {}
  } else {
    stryCov_9fa48("343");
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // remaining[d] = values still expected inside the container open at depth d (0 = top level).
    const remaining = new Int32Array(stryMutAct_9fa48("344") ? limits.maxDepth - 1 : (stryCov_9fa48("344"), limits.maxDepth + 1));
    // 1 where the container at that depth is a map: every other value in it is a key.
    const inMap = new Uint8Array(stryMutAct_9fa48("345") ? limits.maxDepth - 1 : (stryCov_9fa48("345"), limits.maxDepth + 1));
    remaining[0] = 1;
    let depth = 0;
    let offset = 0;
    let items = 0;
    const fail = stryMutAct_9fa48("346") ? () => undefined : (stryCov_9fa48("346"), (() => {
      const fail = (detail: string): ScanResult => stryMutAct_9fa48("347") ? {} : (stryCov_9fa48("347"), {
        ok: stryMutAct_9fa48("348") ? true : (stryCov_9fa48("348"), false),
        detail
      });
      return fail;
    })());
    while (stryMutAct_9fa48("351") ? depth < 0 : stryMutAct_9fa48("350") ? depth > 0 : stryMutAct_9fa48("349") ? false : (stryCov_9fa48("349", "350", "351"), depth >= 0)) {
      if (stryMutAct_9fa48("352")) {
        {}
      } else {
        stryCov_9fa48("352");
        if (stryMutAct_9fa48("355") ? remaining[depth] !== 0 : stryMutAct_9fa48("354") ? false : stryMutAct_9fa48("353") ? true : (stryCov_9fa48("353", "354", "355"), remaining[depth] === 0)) {
          if (stryMutAct_9fa48("356")) {
            {}
          } else {
            stryCov_9fa48("356");
            stryMutAct_9fa48("357") ? depth += 1 : (stryCov_9fa48("357"), depth -= 1);
            continue;
          }
        }
        const isKey = stryMutAct_9fa48("360") ? inMap[depth] === 1 || (remaining[depth] ?? 0) % 2 === 0 : stryMutAct_9fa48("359") ? false : stryMutAct_9fa48("358") ? true : (stryCov_9fa48("358", "359", "360"), (stryMutAct_9fa48("362") ? inMap[depth] !== 1 : stryMutAct_9fa48("361") ? true : (stryCov_9fa48("361", "362"), inMap[depth] === 1)) && (stryMutAct_9fa48("364") ? (remaining[depth] ?? 0) % 2 !== 0 : stryMutAct_9fa48("363") ? true : (stryCov_9fa48("363", "364"), (stryMutAct_9fa48("365") ? (remaining[depth] ?? 0) * 2 : (stryCov_9fa48("365"), (stryMutAct_9fa48("366") ? remaining[depth] && 0 : (stryCov_9fa48("366"), remaining[depth] ?? 0)) % 2)) === 0)));
        remaining[depth] = stryMutAct_9fa48("367") ? (remaining[depth] ?? 0) + 1 : (stryCov_9fa48("367"), (stryMutAct_9fa48("368") ? remaining[depth] && 0 : (stryCov_9fa48("368"), remaining[depth] ?? 0)) - 1);
        if (stryMutAct_9fa48("372") ? ++items <= limits.maxItems : stryMutAct_9fa48("371") ? ++items >= limits.maxItems : stryMutAct_9fa48("370") ? false : stryMutAct_9fa48("369") ? true : (stryCov_9fa48("369", "370", "371", "372"), (stryMutAct_9fa48("373") ? --items : (stryCov_9fa48("373"), ++items)) > limits.maxItems)) return fail(stryMutAct_9fa48("374") ? `` : (stryCov_9fa48("374"), `more than ${limits.maxItems} items`));
        if (stryMutAct_9fa48("378") ? offset < bytes.length : stryMutAct_9fa48("377") ? offset > bytes.length : stryMutAct_9fa48("376") ? false : stryMutAct_9fa48("375") ? true : (stryCov_9fa48("375", "376", "377", "378"), offset >= bytes.length)) return fail(stryMutAct_9fa48("379") ? "" : (stryCov_9fa48("379"), 'truncated'));
        const head = stryMutAct_9fa48("380") ? bytes[offset] && 0 : (stryCov_9fa48("380"), bytes[offset] ?? 0);
        stryMutAct_9fa48("381") ? offset -= 1 : (stryCov_9fa48("381"), offset += 1);
        let skip = 0;
        let children = stryMutAct_9fa48("382") ? +1 : (stryCov_9fa48("382"), -1);
        let kind: 'str' | 'bin' | 'array' | 'map' | 'scalar' = stryMutAct_9fa48("383") ? "" : (stryCov_9fa48("383"), 'scalar');
        const need = stryMutAct_9fa48("384") ? () => undefined : (stryCov_9fa48("384"), (() => {
          const need = (n: number): boolean => stryMutAct_9fa48("388") ? offset + n > bytes.length : stryMutAct_9fa48("387") ? offset + n < bytes.length : stryMutAct_9fa48("386") ? false : stryMutAct_9fa48("385") ? true : (stryCov_9fa48("385", "386", "387", "388"), (stryMutAct_9fa48("389") ? offset - n : (stryCov_9fa48("389"), offset + n)) <= bytes.length);
          return need;
        })());
        if (stryMutAct_9fa48("392") ? (head <= 0x7f || head >= 0xe0 || head === 0xc0 || head === 0xc2) && head === 0xc3 : stryMutAct_9fa48("391") ? false : stryMutAct_9fa48("390") ? true : (stryCov_9fa48("390", "391", "392"), (stryMutAct_9fa48("394") ? (head <= 0x7f || head >= 0xe0 || head === 0xc0) && head === 0xc2 : stryMutAct_9fa48("393") ? false : (stryCov_9fa48("393", "394"), (stryMutAct_9fa48("396") ? (head <= 0x7f || head >= 0xe0) && head === 0xc0 : stryMutAct_9fa48("395") ? false : (stryCov_9fa48("395", "396"), (stryMutAct_9fa48("398") ? head <= 0x7f && head >= 0xe0 : stryMutAct_9fa48("397") ? false : (stryCov_9fa48("397", "398"), (stryMutAct_9fa48("401") ? head > 0x7f : stryMutAct_9fa48("400") ? head < 0x7f : stryMutAct_9fa48("399") ? false : (stryCov_9fa48("399", "400", "401"), head <= 0x7f)) || (stryMutAct_9fa48("404") ? head < 0xe0 : stryMutAct_9fa48("403") ? head > 0xe0 : stryMutAct_9fa48("402") ? false : (stryCov_9fa48("402", "403", "404"), head >= 0xe0)))) || (stryMutAct_9fa48("406") ? head !== 0xc0 : stryMutAct_9fa48("405") ? false : (stryCov_9fa48("405", "406"), head === 0xc0)))) || (stryMutAct_9fa48("408") ? head !== 0xc2 : stryMutAct_9fa48("407") ? false : (stryCov_9fa48("407", "408"), head === 0xc2)))) || (stryMutAct_9fa48("410") ? head !== 0xc3 : stryMutAct_9fa48("409") ? false : (stryCov_9fa48("409", "410"), head === 0xc3)))) {
          // fixint, nil, booleans: nothing follows
        } else if (stryMutAct_9fa48("413") ? head >= 0xa0 || head <= 0xbf : stryMutAct_9fa48("412") ? false : stryMutAct_9fa48("411") ? true : (stryCov_9fa48("411", "412", "413"), (stryMutAct_9fa48("416") ? head < 0xa0 : stryMutAct_9fa48("415") ? head > 0xa0 : stryMutAct_9fa48("414") ? true : (stryCov_9fa48("414", "415", "416"), head >= 0xa0)) && (stryMutAct_9fa48("419") ? head > 0xbf : stryMutAct_9fa48("418") ? head < 0xbf : stryMutAct_9fa48("417") ? true : (stryCov_9fa48("417", "418", "419"), head <= 0xbf)))) {
          if (stryMutAct_9fa48("420")) {
            {}
          } else {
            stryCov_9fa48("420");
            kind = stryMutAct_9fa48("421") ? "" : (stryCov_9fa48("421"), 'str');
            skip = head & 0x1f;
          }
        } else if (stryMutAct_9fa48("424") ? head >= 0x90 || head <= 0x9f : stryMutAct_9fa48("423") ? false : stryMutAct_9fa48("422") ? true : (stryCov_9fa48("422", "423", "424"), (stryMutAct_9fa48("427") ? head < 0x90 : stryMutAct_9fa48("426") ? head > 0x90 : stryMutAct_9fa48("425") ? true : (stryCov_9fa48("425", "426", "427"), head >= 0x90)) && (stryMutAct_9fa48("430") ? head > 0x9f : stryMutAct_9fa48("429") ? head < 0x9f : stryMutAct_9fa48("428") ? true : (stryCov_9fa48("428", "429", "430"), head <= 0x9f)))) {
          if (stryMutAct_9fa48("431")) {
            {}
          } else {
            stryCov_9fa48("431");
            kind = stryMutAct_9fa48("432") ? "" : (stryCov_9fa48("432"), 'array');
            children = head & 0x0f;
          }
        } else if (stryMutAct_9fa48("435") ? head >= 0x80 || head <= 0x8f : stryMutAct_9fa48("434") ? false : stryMutAct_9fa48("433") ? true : (stryCov_9fa48("433", "434", "435"), (stryMutAct_9fa48("438") ? head < 0x80 : stryMutAct_9fa48("437") ? head > 0x80 : stryMutAct_9fa48("436") ? true : (stryCov_9fa48("436", "437", "438"), head >= 0x80)) && (stryMutAct_9fa48("441") ? head > 0x8f : stryMutAct_9fa48("440") ? head < 0x8f : stryMutAct_9fa48("439") ? true : (stryCov_9fa48("439", "440", "441"), head <= 0x8f)))) {
          if (stryMutAct_9fa48("442")) {
            {}
          } else {
            stryCov_9fa48("442");
            kind = stryMutAct_9fa48("443") ? "" : (stryCov_9fa48("443"), 'map');
            children = head & 0x0f;
          }
        } else {
          if (stryMutAct_9fa48("444")) {
            {}
          } else {
            stryCov_9fa48("444");
            switch (head) {
              case 0xcc:
              case 0xd0:
                if (stryMutAct_9fa48("445")) {} else {
                  stryCov_9fa48("445");
                  skip = 1;
                  break;
                }
              case 0xcd:
              case 0xd1:
                if (stryMutAct_9fa48("446")) {} else {
                  stryCov_9fa48("446");
                  skip = 2;
                  break;
                }
              case 0xca:
              case 0xce:
              case 0xd2:
                if (stryMutAct_9fa48("447")) {} else {
                  stryCov_9fa48("447");
                  skip = 4;
                  break;
                }
              case 0xcb:
              case 0xcf:
              case 0xd3:
                if (stryMutAct_9fa48("448")) {} else {
                  stryCov_9fa48("448");
                  skip = 8;
                  break;
                }
              case 0xd9:
              case 0xc4:
              case 0xdc:
              case 0xde:
              case 0xda:
              case 0xc5:
              case 0xdb:
              case 0xc6:
              case 0xdd:
              case 0xdf:
                if (stryMutAct_9fa48("449")) {} else {
                  stryCov_9fa48("449");
                  {
                    if (stryMutAct_9fa48("450")) {
                      {}
                    } else {
                      stryCov_9fa48("450");
                      const width = (stryMutAct_9fa48("453") ? head === 0xd9 && head === 0xc4 : stryMutAct_9fa48("452") ? false : stryMutAct_9fa48("451") ? true : (stryCov_9fa48("451", "452", "453"), (stryMutAct_9fa48("455") ? head !== 0xd9 : stryMutAct_9fa48("454") ? false : (stryCov_9fa48("454", "455"), head === 0xd9)) || (stryMutAct_9fa48("457") ? head !== 0xc4 : stryMutAct_9fa48("456") ? false : (stryCov_9fa48("456", "457"), head === 0xc4)))) ? 1 : (stryMutAct_9fa48("460") ? (head === 0xda || head === 0xc5 || head === 0xdc) && head === 0xde : stryMutAct_9fa48("459") ? false : stryMutAct_9fa48("458") ? true : (stryCov_9fa48("458", "459", "460"), (stryMutAct_9fa48("462") ? (head === 0xda || head === 0xc5) && head === 0xdc : stryMutAct_9fa48("461") ? false : (stryCov_9fa48("461", "462"), (stryMutAct_9fa48("464") ? head === 0xda && head === 0xc5 : stryMutAct_9fa48("463") ? false : (stryCov_9fa48("463", "464"), (stryMutAct_9fa48("466") ? head !== 0xda : stryMutAct_9fa48("465") ? false : (stryCov_9fa48("465", "466"), head === 0xda)) || (stryMutAct_9fa48("468") ? head !== 0xc5 : stryMutAct_9fa48("467") ? false : (stryCov_9fa48("467", "468"), head === 0xc5)))) || (stryMutAct_9fa48("470") ? head !== 0xdc : stryMutAct_9fa48("469") ? false : (stryCov_9fa48("469", "470"), head === 0xdc)))) || (stryMutAct_9fa48("472") ? head !== 0xde : stryMutAct_9fa48("471") ? false : (stryCov_9fa48("471", "472"), head === 0xde)))) ? 2 : 4;
                      if (stryMutAct_9fa48("475") ? false : stryMutAct_9fa48("474") ? true : stryMutAct_9fa48("473") ? need(width) : (stryCov_9fa48("473", "474", "475"), !need(width))) return fail(stryMutAct_9fa48("476") ? "" : (stryCov_9fa48("476"), 'truncated length'));
                      const length = (stryMutAct_9fa48("479") ? width !== 1 : stryMutAct_9fa48("478") ? false : stryMutAct_9fa48("477") ? true : (stryCov_9fa48("477", "478", "479"), width === 1)) ? view.getUint8(offset) : (stryMutAct_9fa48("482") ? width !== 2 : stryMutAct_9fa48("481") ? false : stryMutAct_9fa48("480") ? true : (stryCov_9fa48("480", "481", "482"), width === 2)) ? view.getUint16(offset) : view.getUint32(offset);
                      stryMutAct_9fa48("483") ? offset -= width : (stryCov_9fa48("483"), offset += width);
                      kind = (stryMutAct_9fa48("486") ? (head === 0xd9 || head === 0xda) && head === 0xdb : stryMutAct_9fa48("485") ? false : stryMutAct_9fa48("484") ? true : (stryCov_9fa48("484", "485", "486"), (stryMutAct_9fa48("488") ? head === 0xd9 && head === 0xda : stryMutAct_9fa48("487") ? false : (stryCov_9fa48("487", "488"), (stryMutAct_9fa48("490") ? head !== 0xd9 : stryMutAct_9fa48("489") ? false : (stryCov_9fa48("489", "490"), head === 0xd9)) || (stryMutAct_9fa48("492") ? head !== 0xda : stryMutAct_9fa48("491") ? false : (stryCov_9fa48("491", "492"), head === 0xda)))) || (stryMutAct_9fa48("494") ? head !== 0xdb : stryMutAct_9fa48("493") ? false : (stryCov_9fa48("493", "494"), head === 0xdb)))) ? stryMutAct_9fa48("495") ? "" : (stryCov_9fa48("495"), 'str') : (stryMutAct_9fa48("498") ? (head === 0xc4 || head === 0xc5) && head === 0xc6 : stryMutAct_9fa48("497") ? false : stryMutAct_9fa48("496") ? true : (stryCov_9fa48("496", "497", "498"), (stryMutAct_9fa48("500") ? head === 0xc4 && head === 0xc5 : stryMutAct_9fa48("499") ? false : (stryCov_9fa48("499", "500"), (stryMutAct_9fa48("502") ? head !== 0xc4 : stryMutAct_9fa48("501") ? false : (stryCov_9fa48("501", "502"), head === 0xc4)) || (stryMutAct_9fa48("504") ? head !== 0xc5 : stryMutAct_9fa48("503") ? false : (stryCov_9fa48("503", "504"), head === 0xc5)))) || (stryMutAct_9fa48("506") ? head !== 0xc6 : stryMutAct_9fa48("505") ? false : (stryCov_9fa48("505", "506"), head === 0xc6)))) ? stryMutAct_9fa48("507") ? "" : (stryCov_9fa48("507"), 'bin') : (stryMutAct_9fa48("510") ? head === 0xdc && head === 0xdd : stryMutAct_9fa48("509") ? false : stryMutAct_9fa48("508") ? true : (stryCov_9fa48("508", "509", "510"), (stryMutAct_9fa48("512") ? head !== 0xdc : stryMutAct_9fa48("511") ? false : (stryCov_9fa48("511", "512"), head === 0xdc)) || (stryMutAct_9fa48("514") ? head !== 0xdd : stryMutAct_9fa48("513") ? false : (stryCov_9fa48("513", "514"), head === 0xdd)))) ? stryMutAct_9fa48("515") ? "" : (stryCov_9fa48("515"), 'array') : stryMutAct_9fa48("516") ? "" : (stryCov_9fa48("516"), 'map');
                      if (stryMutAct_9fa48("519") ? kind === 'array' && kind === 'map' : stryMutAct_9fa48("518") ? false : stryMutAct_9fa48("517") ? true : (stryCov_9fa48("517", "518", "519"), (stryMutAct_9fa48("521") ? kind !== 'array' : stryMutAct_9fa48("520") ? false : (stryCov_9fa48("520", "521"), kind === (stryMutAct_9fa48("522") ? "" : (stryCov_9fa48("522"), 'array')))) || (stryMutAct_9fa48("524") ? kind !== 'map' : stryMutAct_9fa48("523") ? false : (stryCov_9fa48("523", "524"), kind === (stryMutAct_9fa48("525") ? "" : (stryCov_9fa48("525"), 'map')))))) children = length;else skip = length;
                      break;
                    }
                  }
                }
              default:
                if (stryMutAct_9fa48("526")) {} else {
                  stryCov_9fa48("526");
                  // 0xc1 (never used) and every extension type: no frame carries one.
                  return fail(stryMutAct_9fa48("527") ? `` : (stryCov_9fa48("527"), `type byte 0x${head.toString(16)} not allowed`));
                }
            }
          }
        }
        // Every frame's keys are strings; anything else is never valid and decoders choke on it.
        if (stryMutAct_9fa48("530") ? isKey || kind !== 'str' : stryMutAct_9fa48("529") ? false : stryMutAct_9fa48("528") ? true : (stryCov_9fa48("528", "529", "530"), isKey && (stryMutAct_9fa48("532") ? kind === 'str' : stryMutAct_9fa48("531") ? true : (stryCov_9fa48("531", "532"), kind !== (stryMutAct_9fa48("533") ? "" : (stryCov_9fa48("533"), 'str')))))) return fail(stryMutAct_9fa48("534") ? "" : (stryCov_9fa48("534"), 'map key is not a string'));
        if (stryMutAct_9fa48("537") ? kind === 'str' || skip > limits.maxStringBytes : stryMutAct_9fa48("536") ? false : stryMutAct_9fa48("535") ? true : (stryCov_9fa48("535", "536", "537"), (stryMutAct_9fa48("539") ? kind !== 'str' : stryMutAct_9fa48("538") ? true : (stryCov_9fa48("538", "539"), kind === (stryMutAct_9fa48("540") ? "" : (stryCov_9fa48("540"), 'str')))) && (stryMutAct_9fa48("543") ? skip <= limits.maxStringBytes : stryMutAct_9fa48("542") ? skip >= limits.maxStringBytes : stryMutAct_9fa48("541") ? true : (stryCov_9fa48("541", "542", "543"), skip > limits.maxStringBytes)))) return fail(stryMutAct_9fa48("544") ? `` : (stryCov_9fa48("544"), `string of ${skip} bytes`));
        if (stryMutAct_9fa48("547") ? kind === 'bin' || skip > limits.maxBinaryBytes : stryMutAct_9fa48("546") ? false : stryMutAct_9fa48("545") ? true : (stryCov_9fa48("545", "546", "547"), (stryMutAct_9fa48("549") ? kind !== 'bin' : stryMutAct_9fa48("548") ? true : (stryCov_9fa48("548", "549"), kind === (stryMutAct_9fa48("550") ? "" : (stryCov_9fa48("550"), 'bin')))) && (stryMutAct_9fa48("553") ? skip <= limits.maxBinaryBytes : stryMutAct_9fa48("552") ? skip >= limits.maxBinaryBytes : stryMutAct_9fa48("551") ? true : (stryCov_9fa48("551", "552", "553"), skip > limits.maxBinaryBytes)))) return fail(stryMutAct_9fa48("554") ? `` : (stryCov_9fa48("554"), `binary of ${skip} bytes`));
        if (stryMutAct_9fa48("557") ? kind === 'array' || children > limits.maxArrayLength : stryMutAct_9fa48("556") ? false : stryMutAct_9fa48("555") ? true : (stryCov_9fa48("555", "556", "557"), (stryMutAct_9fa48("559") ? kind !== 'array' : stryMutAct_9fa48("558") ? true : (stryCov_9fa48("558", "559"), kind === (stryMutAct_9fa48("560") ? "" : (stryCov_9fa48("560"), 'array')))) && (stryMutAct_9fa48("563") ? children <= limits.maxArrayLength : stryMutAct_9fa48("562") ? children >= limits.maxArrayLength : stryMutAct_9fa48("561") ? true : (stryCov_9fa48("561", "562", "563"), children > limits.maxArrayLength)))) return fail(stryMutAct_9fa48("564") ? `` : (stryCov_9fa48("564"), `array of ${children}`));
        if (stryMutAct_9fa48("567") ? kind === 'map' || children > limits.maxMapSize : stryMutAct_9fa48("566") ? false : stryMutAct_9fa48("565") ? true : (stryCov_9fa48("565", "566", "567"), (stryMutAct_9fa48("569") ? kind !== 'map' : stryMutAct_9fa48("568") ? true : (stryCov_9fa48("568", "569"), kind === (stryMutAct_9fa48("570") ? "" : (stryCov_9fa48("570"), 'map')))) && (stryMutAct_9fa48("573") ? children <= limits.maxMapSize : stryMutAct_9fa48("572") ? children >= limits.maxMapSize : stryMutAct_9fa48("571") ? true : (stryCov_9fa48("571", "572", "573"), children > limits.maxMapSize)))) return fail(stryMutAct_9fa48("574") ? `` : (stryCov_9fa48("574"), `map of ${children}`));
        if (stryMutAct_9fa48("578") ? skip <= 0 : stryMutAct_9fa48("577") ? skip >= 0 : stryMutAct_9fa48("576") ? false : stryMutAct_9fa48("575") ? true : (stryCov_9fa48("575", "576", "577", "578"), skip > 0)) {
          if (stryMutAct_9fa48("579")) {
            {}
          } else {
            stryCov_9fa48("579");
            if (stryMutAct_9fa48("582") ? false : stryMutAct_9fa48("581") ? true : stryMutAct_9fa48("580") ? need(skip) : (stryCov_9fa48("580", "581", "582"), !need(skip))) return fail(stryMutAct_9fa48("583") ? "" : (stryCov_9fa48("583"), 'truncated value'));
            stryMutAct_9fa48("584") ? offset -= skip : (stryCov_9fa48("584"), offset += skip);
          }
        }
        if (stryMutAct_9fa48("588") ? children <= 0 : stryMutAct_9fa48("587") ? children >= 0 : stryMutAct_9fa48("586") ? false : stryMutAct_9fa48("585") ? true : (stryCov_9fa48("585", "586", "587", "588"), children > 0)) {
          if (stryMutAct_9fa48("589")) {
            {}
          } else {
            stryCov_9fa48("589");
            if (stryMutAct_9fa48("593") ? depth + 1 <= limits.maxDepth : stryMutAct_9fa48("592") ? depth + 1 >= limits.maxDepth : stryMutAct_9fa48("591") ? false : stryMutAct_9fa48("590") ? true : (stryCov_9fa48("590", "591", "592", "593"), (stryMutAct_9fa48("594") ? depth - 1 : (stryCov_9fa48("594"), depth + 1)) > limits.maxDepth)) return fail(stryMutAct_9fa48("595") ? `` : (stryCov_9fa48("595"), `nested deeper than ${limits.maxDepth}`));
            stryMutAct_9fa48("596") ? depth -= 1 : (stryCov_9fa48("596"), depth += 1);
            remaining[depth] = (stryMutAct_9fa48("599") ? kind !== 'map' : stryMutAct_9fa48("598") ? false : stryMutAct_9fa48("597") ? true : (stryCov_9fa48("597", "598", "599"), kind === (stryMutAct_9fa48("600") ? "" : (stryCov_9fa48("600"), 'map')))) ? stryMutAct_9fa48("601") ? children / 2 : (stryCov_9fa48("601"), children * 2) : children;
            inMap[depth] = (stryMutAct_9fa48("604") ? kind !== 'map' : stryMutAct_9fa48("603") ? false : stryMutAct_9fa48("602") ? true : (stryCov_9fa48("602", "603", "604"), kind === (stryMutAct_9fa48("605") ? "" : (stryCov_9fa48("605"), 'map')))) ? 1 : 0;
          }
        } else if (stryMutAct_9fa48("608") ? children === 0 || depth + 1 > limits.maxDepth : stryMutAct_9fa48("607") ? false : stryMutAct_9fa48("606") ? true : (stryCov_9fa48("606", "607", "608"), (stryMutAct_9fa48("610") ? children !== 0 : stryMutAct_9fa48("609") ? true : (stryCov_9fa48("609", "610"), children === 0)) && (stryMutAct_9fa48("613") ? depth + 1 <= limits.maxDepth : stryMutAct_9fa48("612") ? depth + 1 >= limits.maxDepth : stryMutAct_9fa48("611") ? true : (stryCov_9fa48("611", "612", "613"), (stryMutAct_9fa48("614") ? depth - 1 : (stryCov_9fa48("614"), depth + 1)) > limits.maxDepth)))) {
          if (stryMutAct_9fa48("615")) {
            {}
          } else {
            stryCov_9fa48("615");
            return fail(stryMutAct_9fa48("616") ? `` : (stryCov_9fa48("616"), `nested deeper than ${limits.maxDepth}`));
          }
        }
      }
    }
    return (stryMutAct_9fa48("619") ? offset !== bytes.length : stryMutAct_9fa48("618") ? false : stryMutAct_9fa48("617") ? true : (stryCov_9fa48("617", "618", "619"), offset === bytes.length)) ? OK : fail(stryMutAct_9fa48("620") ? "" : (stryCov_9fa48("620"), 'trailing bytes'));
  }
}