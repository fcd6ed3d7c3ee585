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
import { parsePeerId, type PeerId } from './peer-id';
import { MAX_NAME_CHARS } from '../protocol/limits';

/** Links carry everything in the fragment, which browsers never send to a server. */
export const MAX_CONTACT_INPUT_CHARS = 512;
export interface ContactRef {
  peerId: PeerId;
  name?: string;
}
export function contactLink(origin: string, peerId: PeerId, name: string): string {
  if (stryMutAct_9fa48("0")) {
    {}
  } else {
    stryCov_9fa48("0");
    const params = new URLSearchParams(stryMutAct_9fa48("1") ? {} : (stryCov_9fa48("1"), {
      add: peerId,
      name: stryMutAct_9fa48("2") ? name : (stryCov_9fa48("2"), name.slice(0, MAX_NAME_CHARS))
    }));
    return stryMutAct_9fa48("3") ? `` : (stryCov_9fa48("3"), `${origin}/#${params.toString()}`);
  }
}

/** Accepts a bare peer id, a contact link, or just a link's fragment. */
export function parseContactInput(input: string): ContactRef | null {
  if (stryMutAct_9fa48("4")) {
    {}
  } else {
    stryCov_9fa48("4");
    const text = stryMutAct_9fa48("5") ? input : (stryCov_9fa48("5"), input.trim());
    if (stryMutAct_9fa48("8") ? !text && text.length > MAX_CONTACT_INPUT_CHARS : stryMutAct_9fa48("7") ? false : stryMutAct_9fa48("6") ? true : (stryCov_9fa48("6", "7", "8"), (stryMutAct_9fa48("9") ? text : (stryCov_9fa48("9"), !text)) || (stryMutAct_9fa48("12") ? text.length <= MAX_CONTACT_INPUT_CHARS : stryMutAct_9fa48("11") ? text.length >= MAX_CONTACT_INPUT_CHARS : stryMutAct_9fa48("10") ? false : (stryCov_9fa48("10", "11", "12"), text.length > MAX_CONTACT_INPUT_CHARS)))) return null;
    const bare = parsePeerId(text);
    if (stryMutAct_9fa48("14") ? false : stryMutAct_9fa48("13") ? true : (stryCov_9fa48("13", "14"), bare)) return stryMutAct_9fa48("15") ? {} : (stryCov_9fa48("15"), {
      peerId: bare
    });
    const hashAt = text.indexOf(stryMutAct_9fa48("16") ? "" : (stryCov_9fa48("16"), '#'));
    if (stryMutAct_9fa48("20") ? hashAt >= 0 : stryMutAct_9fa48("19") ? hashAt <= 0 : stryMutAct_9fa48("18") ? false : stryMutAct_9fa48("17") ? true : (stryCov_9fa48("17", "18", "19", "20"), hashAt < 0)) return null;
    return parseFragment(stryMutAct_9fa48("21") ? text : (stryCov_9fa48("21"), text.slice(stryMutAct_9fa48("22") ? hashAt - 1 : (stryCov_9fa48("22"), hashAt + 1))));
  }
}
export function parseFragment(fragment: string): ContactRef | null {
  if (stryMutAct_9fa48("23")) {
    {}
  } else {
    stryCov_9fa48("23");
    if (stryMutAct_9fa48("27") ? fragment.length <= MAX_CONTACT_INPUT_CHARS : stryMutAct_9fa48("26") ? fragment.length >= MAX_CONTACT_INPUT_CHARS : stryMutAct_9fa48("25") ? false : stryMutAct_9fa48("24") ? true : (stryCov_9fa48("24", "25", "26", "27"), fragment.length > MAX_CONTACT_INPUT_CHARS)) return null;
    const params = new URLSearchParams(fragment.replace(stryMutAct_9fa48("28") ? /#/ : (stryCov_9fa48("28"), /^#/), stryMutAct_9fa48("29") ? "Stryker was here!" : (stryCov_9fa48("29"), '')));
    const peerId = parsePeerId(params.get(stryMutAct_9fa48("30") ? "" : (stryCov_9fa48("30"), 'add')));
    if (stryMutAct_9fa48("33") ? false : stryMutAct_9fa48("32") ? true : stryMutAct_9fa48("31") ? peerId : (stryCov_9fa48("31", "32", "33"), !peerId)) return null;
    const name = stryMutAct_9fa48("36") ? params.get('name').trim().slice(0, MAX_NAME_CHARS) : stryMutAct_9fa48("35") ? params.get('name').slice(0, MAX_NAME_CHARS) : stryMutAct_9fa48("34") ? params.get('name')?.trim() : (stryCov_9fa48("34", "35", "36"), params.get(stryMutAct_9fa48("37") ? "" : (stryCov_9fa48("37"), 'name'))?.trim().slice(0, MAX_NAME_CHARS));
    return name ? stryMutAct_9fa48("38") ? {} : (stryCov_9fa48("38"), {
      peerId,
      name
    }) : stryMutAct_9fa48("39") ? {} : (stryCov_9fa48("39"), {
      peerId
    });
  }
}