/** Why an inbound frame or handshake was refused. Logged with the peer id, never with content. */
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
export type RejectReason = 'not-binary' | 'oversized' | 'malformed' | 'unknown-type' | 'invalid' | 'unexpected' | 'undecryptable' | 'replayed' | 'version' | 'bad-signature' | 'wrong-key' | 'blocked' | 'not-author'
/** A message or edit id that is already taken (one of ours, or a message reused as an edit). */ | 'id-taken'
/** An edit of a message this device does not have (not acked: the author retries later). */ | 'unknown-target'
/** A stranger's request is over its storage quota, or all requests together are. */ | 'over-quota'
/** Written while blocked by the receiver's clock, or claiming a time outside the allowed skew. */ | 'blocked-span'
/** The peer sends faster than the per-peer frame/byte budget, or floods the inbound queue. */ | 'rate-limited'
/** Too many rejected frames from one peer: link closed and handshakes refused for a while. */ | 'penalized'
/** The handshake could not derive keys (e.g. an all-zero or low-order ephemeral key). */ | 'bad-key';
export interface ProtocolLog {
  reject(reason: RejectReason, fields: {
    peer: string;
    detail?: string;
  }): void;
  info(event: string, fields?: Record<string, string | number | boolean>): void;
}
export const silentLog: ProtocolLog = stryMutAct_9fa48("123") ? {} : (stryCov_9fa48("123"), {
  reject() {},
  info() {}
});
export function consoleLog(prefix = stryMutAct_9fa48("124") ? "" : (stryCov_9fa48("124"), 'parley')): ProtocolLog {
  if (stryMutAct_9fa48("125")) {
    {}
  } else {
    stryCov_9fa48("125");
    return stryMutAct_9fa48("126") ? {} : (stryCov_9fa48("126"), {
      reject(reason, fields) {
        if (stryMutAct_9fa48("127")) {
          {}
        } else {
          stryCov_9fa48("127");
          console.warn(stryMutAct_9fa48("128") ? `` : (stryCov_9fa48("128"), `[${prefix}] frame rejected: ${reason}`), fields);
        }
      },
      info(event, fields) {
        if (stryMutAct_9fa48("129")) {
          {}
        } else {
          stryCov_9fa48("129");
          console.info(stryMutAct_9fa48("130") ? `` : (stryCov_9fa48("130"), `[${prefix}] ${event}`), stryMutAct_9fa48("131") ? fields && {} : (stryCov_9fa48("131"), fields ?? {}));
        }
      }
    });
  }
}