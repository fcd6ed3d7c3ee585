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
import { peerIdForKey, type Identity } from '../crypto/identity';
import { OpeningKey, SealingKey } from '../crypto/session-cipher';
import type { Sodium } from '../crypto/sodium';
import type { PeerId } from '../ids/peer-id';
import { decodeHello, decodeSealedPlaintext, encodeFrame, encodeHello } from '../protocol/codec';
import type { AppFrame, SealedFrame } from '../protocol/frames';
import { MAX_FRAME_BYTES, PROTOCOL_VERSION } from '../protocol/limits';
import type { ProtocolLog, RejectReason } from '../protocol/reject';
import { deriveSecrets, signTranscript, verifyTranscript, type EphemeralKeys, type SessionSecrets } from './handshake';

/** The byte pipe a session runs over (a data channel, or the in-memory fake). */
export interface WireLink {
  send(bytes: Uint8Array): void;
  close(): void;
}
export interface VerifiedPeer {
  readonly peerId: PeerId;
  readonly publicKey: Uint8Array;
}
export interface SessionHooks {
  ready(peer: VerifiedPeer): void;
  frame(frame: AppFrame): void;
  failed(reason: RejectReason, detail: string): void;
}
export interface SessionOptions {
  sodium: Sodium;
  identity: Identity;
  /** The id this link claims to reach; the handshake proves the peer holds its key. */
  expectedPeer: PeerId;
  link: WireLink;
  hooks: SessionHooks;
  log: ProtocolLog;
  /** Consulted once the peer's key is known, before any session key is derived. */
  accepts?: (peer: PeerId) => boolean;
}
export type SessionState = 'new' | 'hello-sent' | 'authenticating' | 'ready' | 'failed' | 'closed';
export class PeerSession {
  #state: SessionState = stryMutAct_9fa48("80") ? "" : (stryCov_9fa48("80"), 'new');
  #ephemeral: EphemeralKeys | null = null;
  #secrets: SessionSecrets | null = null;
  #peer: VerifiedPeer | null = null;
  #sealing: SealingKey | null = null;
  #opening: OpeningKey | null = null;
  constructor(private readonly options: SessionOptions) {}
  get state(): SessionState {
    if (stryMutAct_9fa48("81")) {
      {}
    } else {
      stryCov_9fa48("81");
      return this.#state;
    }
  }
  get peer(): VerifiedPeer | null {
    if (stryMutAct_9fa48("82")) {
      {}
    } else {
      stryCov_9fa48("82");
      return this.#peer;
    }
  }
  start(): void {
    if (stryMutAct_9fa48("83")) {
      {}
    } else {
      stryCov_9fa48("83");
      if (stryMutAct_9fa48("86") ? this.#state === 'new' : stryMutAct_9fa48("85") ? false : stryMutAct_9fa48("84") ? true : (stryCov_9fa48("84", "85", "86"), this.#state !== (stryMutAct_9fa48("87") ? "" : (stryCov_9fa48("87"), 'new')))) return;
      const {
        sodium,
        identity,
        link
      } = this.options;
      this.#ephemeral = sodium.crypto_kx_keypair();
      this.#state = stryMutAct_9fa48("88") ? "" : (stryCov_9fa48("88"), 'hello-sent');
      link.send(encodeHello(stryMutAct_9fa48("89") ? {} : (stryCov_9fa48("89"), {
        t: stryMutAct_9fa48("90") ? "" : (stryCov_9fa48("90"), 'hello'),
        v: PROTOCOL_VERSION,
        id: identity.publicKey,
        eph: this.#ephemeral.publicKey
      })));
    }
  }
  send(frame: AppFrame): boolean {
    if (stryMutAct_9fa48("91")) {
      {}
    } else {
      stryCov_9fa48("91");
      if (stryMutAct_9fa48("94") ? this.#state === 'ready' : stryMutAct_9fa48("93") ? false : stryMutAct_9fa48("92") ? true : (stryCov_9fa48("92", "93", "94"), this.#state !== (stryMutAct_9fa48("95") ? "" : (stryCov_9fa48("95"), 'ready')))) return stryMutAct_9fa48("96") ? true : (stryCov_9fa48("96"), false);
      this.#sendSealed(frame);
      return stryMutAct_9fa48("97") ? false : (stryCov_9fa48("97"), true);
    }
  }
  close(): void {
    if (stryMutAct_9fa48("98")) {
      {}
    } else {
      stryCov_9fa48("98");
      if (stryMutAct_9fa48("101") ? this.#state !== 'closed' : stryMutAct_9fa48("100") ? false : stryMutAct_9fa48("99") ? true : (stryCov_9fa48("99", "100", "101"), this.#state === (stryMutAct_9fa48("102") ? "" : (stryCov_9fa48("102"), 'closed')))) return;
      this.#state = stryMutAct_9fa48("103") ? "" : (stryCov_9fa48("103"), 'closed');
      this.options.link.close();
    }
  }

  /** Every inbound chunk of bytes goes through here; nothing from the wire is trusted. */
  receive(data: unknown): void {
    if (stryMutAct_9fa48("104")) {
      {}
    } else {
      stryCov_9fa48("104");
      try {
        if (stryMutAct_9fa48("105")) {
          {}
        } else {
          stryCov_9fa48("105");
          this.#receive(data);
        }
      } catch (error) {
        if (stryMutAct_9fa48("106")) {
          {}
        } else {
          stryCov_9fa48("106");
          // Nothing from the wire may throw past this point; an unexpected failure ends the session.
          this.#fail(stryMutAct_9fa48("107") ? "" : (stryCov_9fa48("107"), 'unexpected'), stryMutAct_9fa48("108") ? `` : (stryCov_9fa48("108"), `receive threw: ${stryMutAct_9fa48("109") ? String(error) : (stryCov_9fa48("109"), String(error).slice(0, 120))}`));
        }
      }
    }
  }
  #receive(data: unknown): void {
    if (stryMutAct_9fa48("110")) {
      {}
    } else {
      stryCov_9fa48("110");
      const bytes = asBytes(data);
      if (stryMutAct_9fa48("113") ? false : stryMutAct_9fa48("112") ? true : stryMutAct_9fa48("111") ? bytes : (stryCov_9fa48("111", "112", "113"), !bytes)) return this.#reject(stryMutAct_9fa48("114") ? "" : (stryCov_9fa48("114"), 'not-binary'), typeof data);
      if (stryMutAct_9fa48("118") ? bytes.length <= MAX_FRAME_BYTES : stryMutAct_9fa48("117") ? bytes.length >= MAX_FRAME_BYTES : stryMutAct_9fa48("116") ? false : stryMutAct_9fa48("115") ? true : (stryCov_9fa48("115", "116", "117", "118"), bytes.length > MAX_FRAME_BYTES)) return this.#reject(stryMutAct_9fa48("119") ? "" : (stryCov_9fa48("119"), 'oversized'), stryMutAct_9fa48("120") ? `` : (stryCov_9fa48("120"), `${bytes.length} bytes`));
      switch (this.#state) {
        case stryMutAct_9fa48("121") ? "" : (stryCov_9fa48("121"), 'new'):
        case stryMutAct_9fa48("123") ? "" : (stryCov_9fa48("123"), 'hello-sent'):
          if (stryMutAct_9fa48("122")) {} else {
            stryCov_9fa48("122");
            return this.#onHello(bytes);
          }
        case stryMutAct_9fa48("125") ? "" : (stryCov_9fa48("125"), 'authenticating'):
          if (stryMutAct_9fa48("124")) {} else {
            stryCov_9fa48("124");
            return this.#onAuth(bytes);
          }
        case stryMutAct_9fa48("127") ? "" : (stryCov_9fa48("127"), 'ready'):
          if (stryMutAct_9fa48("126")) {} else {
            stryCov_9fa48("126");
            return this.#onFrame(bytes);
          }
        default:
          if (stryMutAct_9fa48("128")) {} else {
            stryCov_9fa48("128");
            return this.#reject(stryMutAct_9fa48("129") ? "" : (stryCov_9fa48("129"), 'unexpected'), stryMutAct_9fa48("130") ? `` : (stryCov_9fa48("130"), `frame while ${this.#state}`));
          }
      }
    }
  }
  #onHello(bytes: Uint8Array): void {
    if (stryMutAct_9fa48("131")) {
      {}
    } else {
      stryCov_9fa48("131");
      this.start();
      const decoded = decodeHello(bytes);
      if (stryMutAct_9fa48("134") ? false : stryMutAct_9fa48("133") ? true : stryMutAct_9fa48("132") ? decoded.ok : (stryCov_9fa48("132", "133", "134"), !decoded.ok)) return this.#fail(decoded.reason, decoded.detail);
      const hello = decoded.frame;
      const {
        sodium,
        identity,
        expectedPeer
      } = this.options;
      if (stryMutAct_9fa48("137") ? hello.v === PROTOCOL_VERSION : stryMutAct_9fa48("136") ? false : stryMutAct_9fa48("135") ? true : (stryCov_9fa48("135", "136", "137"), hello.v !== PROTOCOL_VERSION)) return this.#fail(stryMutAct_9fa48("138") ? "" : (stryCov_9fa48("138"), 'version'), stryMutAct_9fa48("139") ? `` : (stryCov_9fa48("139"), `peer speaks v${hello.v}`));
      const peerId = peerIdForKey(sodium, hello.id);
      if (stryMutAct_9fa48("142") ? peerId === expectedPeer : stryMutAct_9fa48("141") ? false : stryMutAct_9fa48("140") ? true : (stryCov_9fa48("140", "141", "142"), peerId !== expectedPeer)) return this.#fail(stryMutAct_9fa48("143") ? "" : (stryCov_9fa48("143"), 'wrong-key'), stryMutAct_9fa48("144") ? "" : (stryCov_9fa48("144"), 'key does not match the id dialled'));
      if (stryMutAct_9fa48("147") ? this.options.accepts || !this.options.accepts(peerId) : stryMutAct_9fa48("146") ? false : stryMutAct_9fa48("145") ? true : (stryCov_9fa48("145", "146", "147"), this.options.accepts && (stryMutAct_9fa48("148") ? this.options.accepts(peerId) : (stryCov_9fa48("148"), !this.options.accepts(peerId))))) return this.#fail(stryMutAct_9fa48("149") ? "" : (stryCov_9fa48("149"), 'blocked'), stryMutAct_9fa48("150") ? "" : (stryCov_9fa48("150"), 'peer not accepted'));
      const ephemeral = this.#ephemeral;
      // Stryker disable next-line ConditionalExpression,StringLiteral: unreachable, start() above always draws the key; the guard is for the type checker.
      if (stryMutAct_9fa48("151") ? ephemeral : (stryCov_9fa48("151"), !ephemeral)) return this.#fail('unexpected', 'no ephemeral key');
      let secrets: SessionSecrets | null;
      try {
        if (stryMutAct_9fa48("156")) {
          {}
        } else {
          stryCov_9fa48("156");
          secrets = deriveSecrets(sodium, stryMutAct_9fa48("157") ? {} : (stryCov_9fa48("157"), {
            identity,
            ephemeral
          }), stryMutAct_9fa48("158") ? {} : (stryCov_9fa48("158"), {
            identityKey: hello.id,
            ephemeralKey: hello.eph
          }));
        }
      } catch {
        if (stryMutAct_9fa48("159")) {
          {}
        } else {
          stryCov_9fa48("159");
          // libsodium refuses an all-zero or low-order public key (the shared point would be known).
          return this.#fail(stryMutAct_9fa48("160") ? "" : (stryCov_9fa48("160"), 'bad-key'), stryMutAct_9fa48("161") ? "" : (stryCov_9fa48("161"), 'ephemeral key refused by key exchange'));
        }
      } finally {
        if (stryMutAct_9fa48("162")) {
          {}
        } else {
          stryCov_9fa48("162");
          sodium.memzero(ephemeral.privateKey);
        }
      }
      if (stryMutAct_9fa48("165") ? false : stryMutAct_9fa48("164") ? true : stryMutAct_9fa48("163") ? secrets : (stryCov_9fa48("163", "164", "165"), !secrets)) return this.#fail(stryMutAct_9fa48("166") ? "" : (stryCov_9fa48("166"), 'invalid'), stryMutAct_9fa48("167") ? "" : (stryCov_9fa48("167"), 'ephemeral key reflected'));
      this.#secrets = secrets;
      this.#peer = stryMutAct_9fa48("168") ? {} : (stryCov_9fa48("168"), {
        peerId,
        publicKey: hello.id
      });
      this.#sealing = new SealingKey(sodium, secrets.tx);
      this.#opening = new OpeningKey(sodium, secrets.rx);
      this.#state = stryMutAct_9fa48("169") ? "" : (stryCov_9fa48("169"), 'authenticating');
      this.#sendSealed(stryMutAct_9fa48("170") ? {} : (stryCov_9fa48("170"), {
        t: stryMutAct_9fa48("171") ? "" : (stryCov_9fa48("171"), 'auth'),
        sig: signTranscript(sodium, identity, secrets)
      }));
    }
  }
  #onAuth(bytes: Uint8Array): void {
    if (stryMutAct_9fa48("172")) {
      {}
    } else {
      stryCov_9fa48("172");
      const frame = this.#open(bytes, stryMutAct_9fa48("173") ? false : (stryCov_9fa48("173"), true));
      // Stryker disable next-line ConditionalExpression: equivalent, the session has failed already and a second failure is ignored.
      if (stryMutAct_9fa48("174") ? frame : (stryCov_9fa48("174"), !frame)) return;
      if (stryMutAct_9fa48("179") ? frame.t === 'auth' : stryMutAct_9fa48("178") ? false : stryMutAct_9fa48("177") ? true : (stryCov_9fa48("177", "178", "179"), frame.t !== (stryMutAct_9fa48("180") ? "" : (stryCov_9fa48("180"), 'auth')))) return this.#fail(stryMutAct_9fa48("181") ? "" : (stryCov_9fa48("181"), 'unexpected'), stryMutAct_9fa48("182") ? `` : (stryCov_9fa48("182"), `"${frame.t}" before auth`));
      const peer = this.#peer;
      const secrets = this.#secrets;
      // Stryker disable next-line ConditionalExpression,LogicalOperator: peer and secrets are always set in this state; the checks are for the type checker.
      if ((stryMutAct_9fa48("188") ? peer : (stryCov_9fa48("188"), !peer)) || (stryMutAct_9fa48("189") ? secrets : (stryCov_9fa48("189"), !secrets)) || (stryMutAct_9fa48("190") ? verifyTranscript(this.options.sodium, peer.publicKey, secrets, frame.sig) : (stryCov_9fa48("190"), !verifyTranscript(this.options.sodium, peer.publicKey, secrets, frame.sig)))) {
        if (stryMutAct_9fa48("191")) {
          {}
        } else {
          stryCov_9fa48("191");
          return this.#fail(stryMutAct_9fa48("192") ? "" : (stryCov_9fa48("192"), 'bad-signature'), stryMutAct_9fa48("193") ? "" : (stryCov_9fa48("193"), 'transcript signature invalid'));
        }
      }
      this.#state = stryMutAct_9fa48("194") ? "" : (stryCov_9fa48("194"), 'ready');
      this.options.hooks.ready(peer);
    }
  }
  #onFrame(bytes: Uint8Array): void {
    if (stryMutAct_9fa48("195")) {
      {}
    } else {
      stryCov_9fa48("195");
      const frame = this.#open(bytes, stryMutAct_9fa48("196") ? true : (stryCov_9fa48("196"), false));
      if (stryMutAct_9fa48("199") ? false : stryMutAct_9fa48("198") ? true : stryMutAct_9fa48("197") ? frame : (stryCov_9fa48("197", "198", "199"), !frame)) return;
      if (stryMutAct_9fa48("202") ? frame.t !== 'auth' : stryMutAct_9fa48("201") ? false : stryMutAct_9fa48("200") ? true : (stryCov_9fa48("200", "201", "202"), frame.t === (stryMutAct_9fa48("203") ? "" : (stryCov_9fa48("203"), 'auth')))) return this.#reject(stryMutAct_9fa48("204") ? "" : (stryCov_9fa48("204"), 'unexpected'), stryMutAct_9fa48("205") ? "" : (stryCov_9fa48("205"), 'second auth'));
      this.options.hooks.frame(frame);
    }
  }

  /** During the handshake any bad frame ends the session; afterwards it is only dropped. */
  #open(bytes: Uint8Array, fatal: boolean): SealedFrame | null {
    if (stryMutAct_9fa48("206")) {
      {}
    } else {
      stryCov_9fa48("206");
      // Stryker disable next-line OptionalChaining,ObjectLiteral,StringLiteral: the opening key exists in every state that calls this.
      const opened = stryMutAct_9fa48("207") ? this.#opening?.open(bytes) && {
        ok: false as const,
        reason: 'undecryptable' as const
      } : (stryCov_9fa48("207"), this.#opening?.open(bytes) ?? {
        ok: false as const,
        reason: 'undecryptable' as const
      });
      const decoded = opened.ok ? decodeSealedPlaintext(opened.plaintext) : stryMutAct_9fa48("210") ? {} : (stryCov_9fa48("210"), {
        ok: false as const,
        reason: opened.reason,
        detail: stryMutAct_9fa48("211") ? "Stryker was here!" : (stryCov_9fa48("211"), '')
      });
      if (stryMutAct_9fa48("213") ? false : stryMutAct_9fa48("212") ? true : (stryCov_9fa48("212", "213"), decoded.ok)) return decoded.frame;
      if (stryMutAct_9fa48("215") ? false : stryMutAct_9fa48("214") ? true : (stryCov_9fa48("214", "215"), fatal)) this.#fail(decoded.reason, decoded.detail);else this.#reject(decoded.reason, decoded.detail);
      return null;
    }
  }
  #sendSealed(frame: SealedFrame): void {
    if (stryMutAct_9fa48("216")) {
      {}
    } else {
      stryCov_9fa48("216");
      const sealing = this.#sealing;
      // Stryker disable next-line ConditionalExpression,StringLiteral: unreachable, every caller runs after the keys are set.
      if (stryMutAct_9fa48("217") ? sealing : (stryCov_9fa48("217"), !sealing)) throw new Error('session has no keys yet');
      this.options.link.send(sealing.seal(encodeFrame(frame)));
    }
  }
  #reject(reason: RejectReason, detail: string): void {
    if (stryMutAct_9fa48("221")) {
      {}
    } else {
      stryCov_9fa48("221");
      this.options.log.reject(reason, stryMutAct_9fa48("222") ? {} : (stryCov_9fa48("222"), {
        peer: this.options.expectedPeer,
        detail
      }));
    }
  }
  #fail(reason: RejectReason, detail: string): void {
    if (stryMutAct_9fa48("223")) {
      {}
    } else {
      stryCov_9fa48("223");
      if (stryMutAct_9fa48("226") ? this.#state === 'failed' && this.#state === 'closed' : stryMutAct_9fa48("225") ? false : stryMutAct_9fa48("224") ? true : (stryCov_9fa48("224", "225", "226"), (stryMutAct_9fa48("228") ? this.#state !== 'failed' : stryMutAct_9fa48("227") ? false : (stryCov_9fa48("227", "228"), this.#state === (stryMutAct_9fa48("229") ? "" : (stryCov_9fa48("229"), 'failed')))) || (stryMutAct_9fa48("231") ? this.#state !== 'closed' : stryMutAct_9fa48("230") ? false : (stryCov_9fa48("230", "231"), this.#state === (stryMutAct_9fa48("232") ? "" : (stryCov_9fa48("232"), 'closed')))))) return;
      this.#reject(reason, detail);
      this.#state = stryMutAct_9fa48("233") ? "" : (stryCov_9fa48("233"), 'failed');
      this.options.link.close();
      this.options.hooks.failed(reason, detail);
    }
  }
}
function asBytes(data: unknown): Uint8Array | null {
  if (stryMutAct_9fa48("234")) {
    {}
  } else {
    stryCov_9fa48("234");
    // Stryker disable next-line ConditionalExpression: equivalent, the view case below copies nothing either; this is the common fast path.
    if (data instanceof Uint8Array) return data;
    if (stryMutAct_9fa48("238") ? false : stryMutAct_9fa48("237") ? true : (stryCov_9fa48("237", "238"), data instanceof ArrayBuffer)) return new Uint8Array(data);
    if (stryMutAct_9fa48("240") ? false : stryMutAct_9fa48("239") ? true : (stryCov_9fa48("239", "240"), ArrayBuffer.isView(data))) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    return null;
  }
}