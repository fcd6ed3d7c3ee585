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
const OK: ScanResult = stryMutAct_9fa48("132") ? {} : (stryCov_9fa48("132"), {
  ok: stryMutAct_9fa48("133") ? false : (stryCov_9fa48("133"), true)
});
export function scanStructure(bytes: Uint8Array, limits: StructureLimits): ScanResult {
  if (stryMutAct_9fa48("134")) {
    {}
  } else {
    stryCov_9fa48("134");
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // remaining[d] = values still expected inside the container open at depth d (0 = top level).
    const remaining = new Int32Array(stryMutAct_9fa48("135") ? limits.maxDepth - 1 : (stryCov_9fa48("135"), limits.maxDepth + 1));
    // 1 where the container at that depth is a map: every other value in it is a key.
    const inMap = new Uint8Array(stryMutAct_9fa48("136") ? limits.maxDepth - 1 : (stryCov_9fa48("136"), limits.maxDepth + 1));
    remaining[0] = 1;
    let depth = 0;
    let offset = 0;
    let items = 0;
    const fail = stryMutAct_9fa48("137") ? () => undefined : (stryCov_9fa48("137"), (() => {
      const fail = (detail: string): ScanResult => stryMutAct_9fa48("138") ? {} : (stryCov_9fa48("138"), {
        ok: stryMutAct_9fa48("139") ? true : (stryCov_9fa48("139"), false),
        detail
      });
      return fail;
    })());
    while (stryMutAct_9fa48("142") ? depth < 0 : stryMutAct_9fa48("141") ? depth > 0 : stryMutAct_9fa48("140") ? false : (stryCov_9fa48("140", "141", "142"), depth >= 0)) {
      if (stryMutAct_9fa48("143")) {
        {}
      } else {
        stryCov_9fa48("143");
        if (stryMutAct_9fa48("146") ? remaining[depth] !== 0 : stryMutAct_9fa48("145") ? false : stryMutAct_9fa48("144") ? true : (stryCov_9fa48("144", "145", "146"), remaining[depth] === 0)) {
          if (stryMutAct_9fa48("147")) {
            {}
          } else {
            stryCov_9fa48("147");
            stryMutAct_9fa48("148") ? depth += 1 : (stryCov_9fa48("148"), depth -= 1);
            continue;
          }
        }
        const isKey = stryMutAct_9fa48("151") ? inMap[depth] === 1 || (remaining[depth] ?? 0) % 2 === 0 : stryMutAct_9fa48("150") ? false : stryMutAct_9fa48("149") ? true : (stryCov_9fa48("149", "150", "151"), (stryMutAct_9fa48("153") ? inMap[depth] !== 1 : stryMutAct_9fa48("152") ? true : (stryCov_9fa48("152", "153"), inMap[depth] === 1)) && (stryMutAct_9fa48("155") ? (remaining[depth] ?? 0) % 2 !== 0 : stryMutAct_9fa48("154") ? true : (stryCov_9fa48("154", "155"), (stryMutAct_9fa48("156") ? (remaining[depth] ?? 0) * 2 : (stryCov_9fa48("156"), (stryMutAct_9fa48("157") ? remaining[depth] && 0 : (stryCov_9fa48("157"), remaining[depth] ?? 0)) % 2)) === 0)));
        remaining[depth] = stryMutAct_9fa48("158") ? (remaining[depth] ?? 0) + 1 : (stryCov_9fa48("158"), (stryMutAct_9fa48("159") ? remaining[depth] && 0 : (stryCov_9fa48("159"), remaining[depth] ?? 0)) - 1);
        if (stryMutAct_9fa48("163") ? ++items <= limits.maxItems : stryMutAct_9fa48("162") ? ++items >= limits.maxItems : stryMutAct_9fa48("161") ? false : stryMutAct_9fa48("160") ? true : (stryCov_9fa48("160", "161", "162", "163"), (stryMutAct_9fa48("164") ? --items : (stryCov_9fa48("164"), ++items)) > limits.maxItems)) return fail(stryMutAct_9fa48("165") ? `` : (stryCov_9fa48("165"), `more than ${limits.maxItems} items`));
        if (stryMutAct_9fa48("169") ? offset < bytes.length : stryMutAct_9fa48("168") ? offset > bytes.length : stryMutAct_9fa48("167") ? false : stryMutAct_9fa48("166") ? true : (stryCov_9fa48("166", "167", "168", "169"), offset >= bytes.length)) return fail(stryMutAct_9fa48("170") ? "" : (stryCov_9fa48("170"), 'truncated'));
        const head = stryMutAct_9fa48("171") ? bytes[offset] && 0 : (stryCov_9fa48("171"), bytes[offset] ?? 0);
        stryMutAct_9fa48("172") ? offset -= 1 : (stryCov_9fa48("172"), offset += 1);
        let skip = 0;
        let children = stryMutAct_9fa48("173") ? +1 : (stryCov_9fa48("173"), -1);
        let kind: 'str' | 'bin' | 'array' | 'map' | 'scalar' = stryMutAct_9fa48("174") ? "" : (stryCov_9fa48("174"), 'scalar');
        const need = stryMutAct_9fa48("175") ? () => undefined : (stryCov_9fa48("175"), (() => {
          const need = (n: number): boolean => stryMutAct_9fa48("179") ? offset + n > bytes.length : stryMutAct_9fa48("178") ? offset + n < bytes.length : stryMutAct_9fa48("177") ? false : stryMutAct_9fa48("176") ? true : (stryCov_9fa48("176", "177", "178", "179"), (stryMutAct_9fa48("180") ? offset - n : (stryCov_9fa48("180"), offset + n)) <= bytes.length);
          return need;
        })());
        if (stryMutAct_9fa48("183") ? (head <= 0x7f || head >= 0xe0 || head === 0xc0 || head === 0xc2) && head === 0xc3 : stryMutAct_9fa48("182") ? false : stryMutAct_9fa48("181") ? true : (stryCov_9fa48("181", "182", "183"), (stryMutAct_9fa48("185") ? (head <= 0x7f || head >= 0xe0 || head === 0xc0) && head === 0xc2 : stryMutAct_9fa48("184") ? false : (stryCov_9fa48("184", "185"), (stryMutAct_9fa48("187") ? (head <= 0x7f || head >= 0xe0) && head === 0xc0 : stryMutAct_9fa48("186") ? false : (stryCov_9fa48("186", "187"), (stryMutAct_9fa48("189") ? head <= 0x7f && head >= 0xe0 : stryMutAct_9fa48("188") ? false : (stryCov_9fa48("188", "189"), (stryMutAct_9fa48("192") ? head > 0x7f : stryMutAct_9fa48("191") ? head < 0x7f : stryMutAct_9fa48("190") ? false : (stryCov_9fa48("190", "191", "192"), head <= 0x7f)) || (stryMutAct_9fa48("195") ? head < 0xe0 : stryMutAct_9fa48("194") ? head > 0xe0 : stryMutAct_9fa48("193") ? false : (stryCov_9fa48("193", "194", "195"), head >= 0xe0)))) || (stryMutAct_9fa48("197") ? head !== 0xc0 : stryMutAct_9fa48("196") ? false : (stryCov_9fa48("196", "197"), head === 0xc0)))) || (stryMutAct_9fa48("199") ? head !== 0xc2 : stryMutAct_9fa48("198") ? false : (stryCov_9fa48("198", "199"), head === 0xc2)))) || (stryMutAct_9fa48("201") ? head !== 0xc3 : stryMutAct_9fa48("200") ? false : (stryCov_9fa48("200", "201"), head === 0xc3)))) {
          // fixint, nil, booleans: nothing follows
        } else if (stryMutAct_9fa48("204") ? head >= 0xa0 || head <= 0xbf : stryMutAct_9fa48("203") ? false : stryMutAct_9fa48("202") ? true : (stryCov_9fa48("202", "203", "204"), (stryMutAct_9fa48("207") ? head < 0xa0 : stryMutAct_9fa48("206") ? head > 0xa0 : stryMutAct_9fa48("205") ? true : (stryCov_9fa48("205", "206", "207"), head >= 0xa0)) && (stryMutAct_9fa48("210") ? head > 0xbf : stryMutAct_9fa48("209") ? head < 0xbf : stryMutAct_9fa48("208") ? true : (stryCov_9fa48("208", "209", "210"), head <= 0xbf)))) {
          if (stryMutAct_9fa48("211")) {
            {}
          } else {
            stryCov_9fa48("211");
            kind = stryMutAct_9fa48("212") ? "" : (stryCov_9fa48("212"), 'str');
            skip = head & 0x1f;
          }
        } else if (stryMutAct_9fa48("215") ? head >= 0x90 || head <= 0x9f : stryMutAct_9fa48("214") ? false : stryMutAct_9fa48("213") ? true : (stryCov_9fa48("213", "214", "215"), (stryMutAct_9fa48("218") ? head < 0x90 : stryMutAct_9fa48("217") ? head > 0x90 : stryMutAct_9fa48("216") ? true : (stryCov_9fa48("216", "217", "218"), head >= 0x90)) && (stryMutAct_9fa48("221") ? head > 0x9f : stryMutAct_9fa48("220") ? head < 0x9f : stryMutAct_9fa48("219") ? true : (stryCov_9fa48("219", "220", "221"), head <= 0x9f)))) {
          if (stryMutAct_9fa48("222")) {
            {}
          } else {
            stryCov_9fa48("222");
            kind = stryMutAct_9fa48("223") ? "" : (stryCov_9fa48("223"), 'array');
            children = head & 0x0f;
          }
        } else if (stryMutAct_9fa48("226") ? head >= 0x80 || head <= 0x8f : stryMutAct_9fa48("225") ? false : stryMutAct_9fa48("224") ? true : (stryCov_9fa48("224", "225", "226"), (stryMutAct_9fa48("229") ? head < 0x80 : stryMutAct_9fa48("228") ? head > 0x80 : stryMutAct_9fa48("227") ? true : (stryCov_9fa48("227", "228", "229"), head >= 0x80)) && (stryMutAct_9fa48("232") ? head > 0x8f : stryMutAct_9fa48("231") ? head < 0x8f : stryMutAct_9fa48("230") ? true : (stryCov_9fa48("230", "231", "232"), head <= 0x8f)))) {
          if (stryMutAct_9fa48("233")) {
            {}
          } else {
            stryCov_9fa48("233");
            kind = stryMutAct_9fa48("234") ? "" : (stryCov_9fa48("234"), 'map');
            children = head & 0x0f;
          }
        } else {
          if (stryMutAct_9fa48("235")) {
            {}
          } else {
            stryCov_9fa48("235");
            switch (head) {
              case 0xcc:
              case 0xd0:
                if (stryMutAct_9fa48("236")) {} else {
                  stryCov_9fa48("236");
                  skip = 1;
                  break;
                }
              case 0xcd:
              case 0xd1:
                if (stryMutAct_9fa48("237")) {} else {
                  stryCov_9fa48("237");
                  skip = 2;
                  break;
                }
              case 0xca:
              case 0xce:
              case 0xd2:
                if (stryMutAct_9fa48("238")) {} else {
                  stryCov_9fa48("238");
                  skip = 4;
                  break;
                }
              case 0xcb:
              case 0xcf:
              case 0xd3:
                if (stryMutAct_9fa48("239")) {} else {
                  stryCov_9fa48("239");
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
                if (stryMutAct_9fa48("240")) {} else {
                  stryCov_9fa48("240");
                  {
                    if (stryMutAct_9fa48("241")) {
                      {}
                    } else {
                      stryCov_9fa48("241");
                      const width = (stryMutAct_9fa48("244") ? head === 0xd9 && head === 0xc4 : stryMutAct_9fa48("243") ? false : stryMutAct_9fa48("242") ? true : (stryCov_9fa48("242", "243", "244"), (stryMutAct_9fa48("246") ? head !== 0xd9 : stryMutAct_9fa48("245") ? false : (stryCov_9fa48("245", "246"), head === 0xd9)) || (stryMutAct_9fa48("248") ? head !== 0xc4 : stryMutAct_9fa48("247") ? false : (stryCov_9fa48("247", "248"), head === 0xc4)))) ? 1 : (stryMutAct_9fa48("251") ? (head === 0xda || head === 0xc5 || head === 0xdc) && head === 0xde : stryMutAct_9fa48("250") ? false : stryMutAct_9fa48("249") ? true : (stryCov_9fa48("249", "250", "251"), (stryMutAct_9fa48("253") ? (head === 0xda || head === 0xc5) && head === 0xdc : stryMutAct_9fa48("252") ? false : (stryCov_9fa48("252", "253"), (stryMutAct_9fa48("255") ? head === 0xda && head === 0xc5 : stryMutAct_9fa48("254") ? false : (stryCov_9fa48("254", "255"), (stryMutAct_9fa48("257") ? head !== 0xda : stryMutAct_9fa48("256") ? false : (stryCov_9fa48("256", "257"), head === 0xda)) || (stryMutAct_9fa48("259") ? head !== 0xc5 : stryMutAct_9fa48("258") ? false : (stryCov_9fa48("258", "259"), head === 0xc5)))) || (stryMutAct_9fa48("261") ? head !== 0xdc : stryMutAct_9fa48("260") ? false : (stryCov_9fa48("260", "261"), head === 0xdc)))) || (stryMutAct_9fa48("263") ? head !== 0xde : stryMutAct_9fa48("262") ? false : (stryCov_9fa48("262", "263"), head === 0xde)))) ? 2 : 4;
                      if (stryMutAct_9fa48("266") ? false : stryMutAct_9fa48("265") ? true : stryMutAct_9fa48("264") ? need(width) : (stryCov_9fa48("264", "265", "266"), !need(width))) return fail(stryMutAct_9fa48("267") ? "" : (stryCov_9fa48("267"), 'truncated length'));
                      const length = (stryMutAct_9fa48("270") ? width !== 1 : stryMutAct_9fa48("269") ? false : stryMutAct_9fa48("268") ? true : (stryCov_9fa48("268", "269", "270"), width === 1)) ? view.getUint8(offset) : (stryMutAct_9fa48("273") ? width !== 2 : stryMutAct_9fa48("272") ? false : stryMutAct_9fa48("271") ? true : (stryCov_9fa48("271", "272", "273"), width === 2)) ? view.getUint16(offset) : view.getUint32(offset);
                      stryMutAct_9fa48("274") ? offset -= width : (stryCov_9fa48("274"), offset += width);
                      kind = (stryMutAct_9fa48("277") ? (head === 0xd9 || head === 0xda) && head === 0xdb : stryMutAct_9fa48("276") ? false : stryMutAct_9fa48("275") ? true : (stryCov_9fa48("275", "276", "277"), (stryMutAct_9fa48("279") ? head === 0xd9 && head === 0xda : stryMutAct_9fa48("278") ? false : (stryCov_9fa48("278", "279"), (stryMutAct_9fa48("281") ? head !== 0xd9 : stryMutAct_9fa48("280") ? false : (stryCov_9fa48("280", "281"), head === 0xd9)) || (stryMutAct_9fa48("283") ? head !== 0xda : stryMutAct_9fa48("282") ? false : (stryCov_9fa48("282", "283"), head === 0xda)))) || (stryMutAct_9fa48("285") ? head !== 0xdb : stryMutAct_9fa48("284") ? false : (stryCov_9fa48("284", "285"), head === 0xdb)))) ? stryMutAct_9fa48("286") ? "" : (stryCov_9fa48("286"), 'str') : (stryMutAct_9fa48("289") ? (head === 0xc4 || head === 0xc5) && head === 0xc6 : stryMutAct_9fa48("288") ? false : stryMutAct_9fa48("287") ? true : (stryCov_9fa48("287", "288", "289"), (stryMutAct_9fa48("291") ? head === 0xc4 && head === 0xc5 : stryMutAct_9fa48("290") ? false : (stryCov_9fa48("290", "291"), (stryMutAct_9fa48("293") ? head !== 0xc4 : stryMutAct_9fa48("292") ? false : (stryCov_9fa48("292", "293"), head === 0xc4)) || (stryMutAct_9fa48("295") ? head !== 0xc5 : stryMutAct_9fa48("294") ? false : (stryCov_9fa48("294", "295"), head === 0xc5)))) || (stryMutAct_9fa48("297") ? head !== 0xc6 : stryMutAct_9fa48("296") ? false : (stryCov_9fa48("296", "297"), head === 0xc6)))) ? stryMutAct_9fa48("298") ? "" : (stryCov_9fa48("298"), 'bin') : (stryMutAct_9fa48("301") ? head === 0xdc && head === 0xdd : stryMutAct_9fa48("300") ? false : stryMutAct_9fa48("299") ? true : (stryCov_9fa48("299", "300", "301"), (stryMutAct_9fa48("303") ? head !== 0xdc : stryMutAct_9fa48("302") ? false : (stryCov_9fa48("302", "303"), head === 0xdc)) || (stryMutAct_9fa48("305") ? head !== 0xdd : stryMutAct_9fa48("304") ? false : (stryCov_9fa48("304", "305"), head === 0xdd)))) ? stryMutAct_9fa48("306") ? "" : (stryCov_9fa48("306"), 'array') : stryMutAct_9fa48("307") ? "" : (stryCov_9fa48("307"), 'map');
                      if (stryMutAct_9fa48("310") ? kind === 'array' && kind === 'map' : stryMutAct_9fa48("309") ? false : stryMutAct_9fa48("308") ? true : (stryCov_9fa48("308", "309", "310"), (stryMutAct_9fa48("312") ? kind !== 'array' : stryMutAct_9fa48("311") ? false : (stryCov_9fa48("311", "312"), kind === (stryMutAct_9fa48("313") ? "" : (stryCov_9fa48("313"), 'array')))) || (stryMutAct_9fa48("315") ? kind !== 'map' : stryMutAct_9fa48("314") ? false : (stryCov_9fa48("314", "315"), kind === (stryMutAct_9fa48("316") ? "" : (stryCov_9fa48("316"), 'map')))))) children = length;else skip = length;
                      break;
                    }
                  }
                }
              default:
                if (stryMutAct_9fa48("317")) {} else {
                  stryCov_9fa48("317");
                  // 0xc1 (never used) and every extension type: no frame carries one.
                  return fail(stryMutAct_9fa48("318") ? `` : (stryCov_9fa48("318"), `type byte 0x${head.toString(16)} not allowed`));
                }
            }
          }
        }
        // Every frame's keys are strings; anything else is never valid and decoders choke on it.
        if (stryMutAct_9fa48("321") ? isKey || kind !== 'str' : stryMutAct_9fa48("320") ? false : stryMutAct_9fa48("319") ? true : (stryCov_9fa48("319", "320", "321"), isKey && (stryMutAct_9fa48("323") ? kind === 'str' : stryMutAct_9fa48("322") ? true : (stryCov_9fa48("322", "323"), kind !== (stryMutAct_9fa48("324") ? "" : (stryCov_9fa48("324"), 'str')))))) return fail(stryMutAct_9fa48("325") ? "" : (stryCov_9fa48("325"), 'map key is not a string'));
        if (stryMutAct_9fa48("328") ? kind === 'str' || skip > limits.maxStringBytes : stryMutAct_9fa48("327") ? false : stryMutAct_9fa48("326") ? true : (stryCov_9fa48("326", "327", "328"), (stryMutAct_9fa48("330") ? kind !== 'str' : stryMutAct_9fa48("329") ? true : (stryCov_9fa48("329", "330"), kind === (stryMutAct_9fa48("331") ? "" : (stryCov_9fa48("331"), 'str')))) && (stryMutAct_9fa48("334") ? skip <= limits.maxStringBytes : stryMutAct_9fa48("333") ? skip >= limits.maxStringBytes : stryMutAct_9fa48("332") ? true : (stryCov_9fa48("332", "333", "334"), skip > limits.maxStringBytes)))) return fail(stryMutAct_9fa48("335") ? `` : (stryCov_9fa48("335"), `string of ${skip} bytes`));
        if (stryMutAct_9fa48("338") ? kind === 'bin' || skip > limits.maxBinaryBytes : stryMutAct_9fa48("337") ? false : stryMutAct_9fa48("336") ? true : (stryCov_9fa48("336", "337", "338"), (stryMutAct_9fa48("340") ? kind !== 'bin' : stryMutAct_9fa48("339") ? true : (stryCov_9fa48("339", "340"), kind === (stryMutAct_9fa48("341") ? "" : (stryCov_9fa48("341"), 'bin')))) && (stryMutAct_9fa48("344") ? skip <= limits.maxBinaryBytes : stryMutAct_9fa48("343") ? skip >= limits.maxBinaryBytes : stryMutAct_9fa48("342") ? true : (stryCov_9fa48("342", "343", "344"), skip > limits.maxBinaryBytes)))) return fail(stryMutAct_9fa48("345") ? `` : (stryCov_9fa48("345"), `binary of ${skip} bytes`));
        if (stryMutAct_9fa48("348") ? kind === 'array' || children > limits.maxArrayLength : stryMutAct_9fa48("347") ? false : stryMutAct_9fa48("346") ? true : (stryCov_9fa48("346", "347", "348"), (stryMutAct_9fa48("350") ? kind !== 'array' : stryMutAct_9fa48("349") ? true : (stryCov_9fa48("349", "350"), kind === (stryMutAct_9fa48("351") ? "" : (stryCov_9fa48("351"), 'array')))) && (stryMutAct_9fa48("354") ? children <= limits.maxArrayLength : stryMutAct_9fa48("353") ? children >= limits.maxArrayLength : stryMutAct_9fa48("352") ? true : (stryCov_9fa48("352", "353", "354"), children > limits.maxArrayLength)))) return fail(stryMutAct_9fa48("355") ? `` : (stryCov_9fa48("355"), `array of ${children}`));
        if (stryMutAct_9fa48("358") ? kind === 'map' || children > limits.maxMapSize : stryMutAct_9fa48("357") ? false : stryMutAct_9fa48("356") ? true : (stryCov_9fa48("356", "357", "358"), (stryMutAct_9fa48("360") ? kind !== 'map' : stryMutAct_9fa48("359") ? true : (stryCov_9fa48("359", "360"), kind === (stryMutAct_9fa48("361") ? "" : (stryCov_9fa48("361"), 'map')))) && (stryMutAct_9fa48("364") ? children <= limits.maxMapSize : stryMutAct_9fa48("363") ? children >= limits.maxMapSize : stryMutAct_9fa48("362") ? true : (stryCov_9fa48("362", "363", "364"), children > limits.maxMapSize)))) return fail(stryMutAct_9fa48("365") ? `` : (stryCov_9fa48("365"), `map of ${children}`));
        if (stryMutAct_9fa48("369") ? skip <= 0 : stryMutAct_9fa48("368") ? skip >= 0 : stryMutAct_9fa48("367") ? false : stryMutAct_9fa48("366") ? true : (stryCov_9fa48("366", "367", "368", "369"), skip > 0)) {
          if (stryMutAct_9fa48("370")) {
            {}
          } else {
            stryCov_9fa48("370");
            if (stryMutAct_9fa48("373") ? false : stryMutAct_9fa48("372") ? true : stryMutAct_9fa48("371") ? need(skip) : (stryCov_9fa48("371", "372", "373"), !need(skip))) return fail(stryMutAct_9fa48("374") ? "" : (stryCov_9fa48("374"), 'truncated value'));
            stryMutAct_9fa48("375") ? offset -= skip : (stryCov_9fa48("375"), offset += skip);
          }
        }
        if (stryMutAct_9fa48("379") ? children <= 0 : stryMutAct_9fa48("378") ? children >= 0 : stryMutAct_9fa48("377") ? false : stryMutAct_9fa48("376") ? true : (stryCov_9fa48("376", "377", "378", "379"), children > 0)) {
          if (stryMutAct_9fa48("380")) {
            {}
          } else {
            stryCov_9fa48("380");
            if (stryMutAct_9fa48("384") ? depth + 1 <= limits.maxDepth : stryMutAct_9fa48("383") ? depth + 1 >= limits.maxDepth : stryMutAct_9fa48("382") ? false : stryMutAct_9fa48("381") ? true : (stryCov_9fa48("381", "382", "383", "384"), (stryMutAct_9fa48("385") ? depth - 1 : (stryCov_9fa48("385"), depth + 1)) > limits.maxDepth)) return fail(stryMutAct_9fa48("386") ? `` : (stryCov_9fa48("386"), `nested deeper than ${limits.maxDepth}`));
            stryMutAct_9fa48("387") ? depth -= 1 : (stryCov_9fa48("387"), depth += 1);
            remaining[depth] = (stryMutAct_9fa48("390") ? kind !== 'map' : stryMutAct_9fa48("389") ? false : stryMutAct_9fa48("388") ? true : (stryCov_9fa48("388", "389", "390"), kind === (stryMutAct_9fa48("391") ? "" : (stryCov_9fa48("391"), 'map')))) ? stryMutAct_9fa48("392") ? children / 2 : (stryCov_9fa48("392"), children * 2) : children;
            inMap[depth] = (stryMutAct_9fa48("395") ? kind !== 'map' : stryMutAct_9fa48("394") ? false : stryMutAct_9fa48("393") ? true : (stryCov_9fa48("393", "394", "395"), kind === (stryMutAct_9fa48("396") ? "" : (stryCov_9fa48("396"), 'map')))) ? 1 : 0;
          }
        } else if (stryMutAct_9fa48("399") ? children === 0 || depth + 1 > limits.maxDepth : stryMutAct_9fa48("398") ? false : stryMutAct_9fa48("397") ? true : (stryCov_9fa48("397", "398", "399"), (stryMutAct_9fa48("401") ? children !== 0 : stryMutAct_9fa48("400") ? true : (stryCov_9fa48("400", "401"), children === 0)) && (stryMutAct_9fa48("404") ? depth + 1 <= limits.maxDepth : stryMutAct_9fa48("403") ? depth + 1 >= limits.maxDepth : stryMutAct_9fa48("402") ? true : (stryCov_9fa48("402", "403", "404"), (stryMutAct_9fa48("405") ? depth - 1 : (stryCov_9fa48("405"), depth + 1)) > limits.maxDepth)))) {
          if (stryMutAct_9fa48("406")) {
            {}
          } else {
            stryCov_9fa48("406");
            return fail(stryMutAct_9fa48("407") ? `` : (stryCov_9fa48("407"), `nested deeper than ${limits.maxDepth}`));
          }
        }
      }
    }
    return (stryMutAct_9fa48("410") ? offset !== bytes.length : stryMutAct_9fa48("409") ? false : stryMutAct_9fa48("408") ? true : (stryCov_9fa48("408", "409", "410"), offset === bytes.length)) ? OK : fail(stryMutAct_9fa48("411") ? "" : (stryCov_9fa48("411"), 'trailing bytes'));
  }
}