/**
 * When to dial whom. Pure, so the policy can be tested without timers or a network.
 *
 * A peer that comes online cannot know who holds messages for it, so it dials its contacts
 * (most recently active first, bounded). A peer holding pending messages also retries the
 * recipient with backoff, so delivery does not depend on the other side dialling.
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
export const RETRY_BASE_MS = 1_000;
export const RETRY_MAX_MS = 60_000;
export const MAX_CONTACTS_DIALLED_ON_CONNECT = 32;
/**
 * Handshakes dial-on-connect keeps under way at once; the rest start as those finish. Coming
 * online must stay inside the signalling server's per-client burst. A dial the user asked for
 * (opening a chat, sending) never waits for this.
 */
export const MAX_DIALS_IN_FLIGHT = 8;

/** Exponential backoff with equal jitter: never sooner than half the step, never in lockstep. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  if (stryMutAct_9fa48("209")) {
    {}
  } else {
    stryCov_9fa48("209");
    const step = stryMutAct_9fa48("210") ? Math.max(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempt)) : (stryCov_9fa48("210"), Math.min(RETRY_MAX_MS, stryMutAct_9fa48("211") ? RETRY_BASE_MS / 2 ** Math.max(0, attempt) : (stryCov_9fa48("211"), RETRY_BASE_MS * 2 ** (stryMutAct_9fa48("212") ? Math.min(0, attempt) : (stryCov_9fa48("212"), Math.max(0, attempt))))));
    return Math.round(stryMutAct_9fa48("213") ? step / 2 - random() * (step / 2) : (stryCov_9fa48("213"), (stryMutAct_9fa48("214") ? step * 2 : (stryCov_9fa48("214"), step / 2)) + (stryMutAct_9fa48("215") ? random() / (step / 2) : (stryCov_9fa48("215"), random() * (stryMutAct_9fa48("216") ? step * 2 : (stryCov_9fa48("216"), step / 2))))));
  }
}
export interface DialCandidate {
  peerId: string;
  lastActivity: number;
  isContact: boolean;
  hasPending: boolean;
}

/** Everyone we owe messages to, then contacts by recent activity, up to the cap. */
export function peersToDialOnConnect(candidates: readonly DialCandidate[], cap = MAX_CONTACTS_DIALLED_ON_CONNECT): string[] {
  if (stryMutAct_9fa48("217")) {
    {}
  } else {
    stryCov_9fa48("217");
    const owed = stryMutAct_9fa48("218") ? candidates : (stryCov_9fa48("218"), candidates.filter(stryMutAct_9fa48("219") ? () => undefined : (stryCov_9fa48("219"), c => c.hasPending)));
    const contacts = stryMutAct_9fa48("222") ? candidates.sort((a, b) => b.lastActivity - a.lastActivity).slice(0, Math.max(0, cap - owed.length)) : stryMutAct_9fa48("221") ? candidates.filter(c => c.isContact && !c.hasPending).slice(0, Math.max(0, cap - owed.length)) : stryMutAct_9fa48("220") ? candidates.filter(c => c.isContact && !c.hasPending).sort((a, b) => b.lastActivity - a.lastActivity) : (stryCov_9fa48("220", "221", "222"), candidates.filter(stryMutAct_9fa48("223") ? () => undefined : (stryCov_9fa48("223"), c => stryMutAct_9fa48("226") ? c.isContact || !c.hasPending : stryMutAct_9fa48("225") ? false : stryMutAct_9fa48("224") ? true : (stryCov_9fa48("224", "225", "226"), c.isContact && (stryMutAct_9fa48("227") ? c.hasPending : (stryCov_9fa48("227"), !c.hasPending))))).sort(stryMutAct_9fa48("228") ? () => undefined : (stryCov_9fa48("228"), (a, b) => stryMutAct_9fa48("229") ? b.lastActivity + a.lastActivity : (stryCov_9fa48("229"), b.lastActivity - a.lastActivity))).slice(0, stryMutAct_9fa48("230") ? Math.min(0, cap - owed.length) : (stryCov_9fa48("230"), Math.max(0, stryMutAct_9fa48("231") ? cap + owed.length : (stryCov_9fa48("231"), cap - owed.length)))));
    return (stryMutAct_9fa48("232") ? [] : (stryCov_9fa48("232"), [...(stryMutAct_9fa48("233") ? owed : (stryCov_9fa48("233"), owed.sort(stryMutAct_9fa48("234") ? () => undefined : (stryCov_9fa48("234"), (a, b) => stryMutAct_9fa48("235") ? b.lastActivity + a.lastActivity : (stryCov_9fa48("235"), b.lastActivity - a.lastActivity))))), ...contacts])).map(stryMutAct_9fa48("236") ? () => undefined : (stryCov_9fa48("236"), c => c.peerId));
  }
}