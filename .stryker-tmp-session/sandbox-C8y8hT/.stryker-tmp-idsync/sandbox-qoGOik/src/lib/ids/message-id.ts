/**
 * Message ids are UUIDv7: 48 bits of milliseconds then 74 random bits. Globally unique without
 * coordination, and they sort by creation time, which keeps IndexedDB primary-key inserts local.
 */
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
export type MessageId = string & {
  readonly __brand: 'MessageId';
};
const UUID_V7_PATTERN = stryMutAct_9fa48("152") ? /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[^0-9a-f]{12}$/ : stryMutAct_9fa48("151") ? /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]$/ : stryMutAct_9fa48("150") ? /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][^0-9a-f]{3}-[0-9a-f]{12}$/ : stryMutAct_9fa48("149") ? /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]-[0-9a-f]{12}$/ : stryMutAct_9fa48("148") ? /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[^89ab][0-9a-f]{3}-[0-9a-f]{12}$/ : stryMutAct_9fa48("147") ? /^[0-9a-f]{8}-[0-9a-f]{4}-7[^0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/ : stryMutAct_9fa48("146") ? /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/ : stryMutAct_9fa48("145") ? /^[0-9a-f]{8}-[^0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/ : stryMutAct_9fa48("144") ? /^[0-9a-f]{8}-[0-9a-f]-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/ : stryMutAct_9fa48("143") ? /^[^0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/ : stryMutAct_9fa48("142") ? /^[0-9a-f]-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/ : stryMutAct_9fa48("141") ? /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/ : stryMutAct_9fa48("140") ? /[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/ : (stryCov_9fa48("140", "141", "142", "143", "144", "145", "146", "147", "148", "149", "150", "151", "152"), /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
export type RandomBytes = (length: number) => Uint8Array;
const defaultRandom: RandomBytes = stryMutAct_9fa48("153") ? () => undefined : (stryCov_9fa48("153"), (() => {
  const defaultRandom: RandomBytes = length => crypto.getRandomValues(new Uint8Array(length));
  return defaultRandom;
})());
export function newMessageId(now = Date.now(), random: RandomBytes = defaultRandom): MessageId {
  if (stryMutAct_9fa48("154")) {
    {}
  } else {
    stryCov_9fa48("154");
    const bytes = random(16);
    let ms = stryMutAct_9fa48("155") ? Math.min(0, Math.floor(now)) : (stryCov_9fa48("155"), Math.max(0, Math.floor(now)));
    for (let i = 5; stryMutAct_9fa48("158") ? i < 0 : stryMutAct_9fa48("157") ? i > 0 : stryMutAct_9fa48("156") ? false : (stryCov_9fa48("156", "157", "158"), i >= 0); stryMutAct_9fa48("159") ? i++ : (stryCov_9fa48("159"), i--)) {
      if (stryMutAct_9fa48("160")) {
        {}
      } else {
        stryCov_9fa48("160");
        bytes[i] = stryMutAct_9fa48("161") ? ms * 256 : (stryCov_9fa48("161"), ms % 256);
        ms = Math.floor(stryMutAct_9fa48("162") ? ms * 256 : (stryCov_9fa48("162"), ms / 256));
      }
    }
    bytes[6] = (stryMutAct_9fa48("163") ? bytes[6] && 0 : (stryCov_9fa48("163"), bytes[6] ?? 0)) & 0x0f | 0x70;
    bytes[8] = (stryMutAct_9fa48("164") ? bytes[8] && 0 : (stryCov_9fa48("164"), bytes[8] ?? 0)) & 0x3f | 0x80;
    const hex = Array.from(bytes, stryMutAct_9fa48("165") ? () => undefined : (stryCov_9fa48("165"), b => b.toString(16).padStart(2, stryMutAct_9fa48("166") ? "" : (stryCov_9fa48("166"), '0')))).join(stryMutAct_9fa48("167") ? "Stryker was here!" : (stryCov_9fa48("167"), ''));
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}` as MessageId;
  }
}
export function parseMessageId(text: unknown): MessageId | null {
  if (stryMutAct_9fa48("168")) {
    {}
  } else {
    stryCov_9fa48("168");
    return (stryMutAct_9fa48("171") ? typeof text === 'string' || UUID_V7_PATTERN.test(text) : stryMutAct_9fa48("170") ? false : stryMutAct_9fa48("169") ? true : (stryCov_9fa48("169", "170", "171"), (stryMutAct_9fa48("173") ? typeof text !== 'string' : stryMutAct_9fa48("172") ? true : (stryCov_9fa48("172", "173"), typeof text === (stryMutAct_9fa48("174") ? "" : (stryCov_9fa48("174"), 'string')))) && UUID_V7_PATTERN.test(text))) ? text as MessageId : null;
  }
}