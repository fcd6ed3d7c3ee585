import type { IncomingMessage } from 'node:http';
import { clientKey, RateLimiter } from './directory/rate-limit';

/** Express's compiled "trust proxy" setting: is the hop at `index` (0 = the socket peer) trusted? */
export type TrustProxy = (address: string, index: number) => boolean;

export const TRUST_NOBODY: TrustProxy = () => false;

/**
 * The client's address as Express computes `req.ip`, for requests Express never sees (WebSocket
 * upgrades): walk X-Forwarded-For from the nearest hop while each hop is a trusted proxy. A
 * header from anyone else is ignored, so a client reaching the port directly cannot choose the
 * address that per-address limits count.
 */
export function clientAddress(req: IncomingMessage, trust: TrustProxy): string | undefined {
	const socketAddress = req.socket.remoteAddress;
	if (socketAddress === undefined) return undefined;
	const header = req.headers['x-forwarded-for'];
	const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
		.split(',')
		.map((hop) => hop.trim())
		.filter(Boolean)
		.reverse();
	const chain = [socketAddress, ...forwarded];
	for (let index = 0; index < chain.length - 1; index++) {
		if (!trust(chain[index] ?? '', index)) return chain[index];
	}
	return chain.at(-1);
}

export interface AddressLimitRules {
	readonly maxSockets: number;
	readonly registrationsPerMinute: number;
}

export type AddressRefusal = 'too many connections from this address' | 'too many registrations from this address; retry in a minute';

/**
 * The count of open sockets from one address, shared by those sockets: each holds this one
 * object until it closes, instead of a release closure of its own (issue 16: memory per idle client).
 */
export interface AddressCharge {
	readonly key: string;
	open: number;
}

/**
 * Per-address caps on signalling sockets: how many are open at once, and how many are opened per
 * minute. Addresses are keyed like the directory's rate limits (IPv4, or the IPv6 /64).
 */
export class AddressLimits {
	readonly #open = new Map<string, AddressCharge>();
	readonly #registrations: RateLimiter;

	constructor(
		private readonly rules: AddressLimitRules,
		now: () => number
	) {
		this.#registrations = new RateLimiter({ perMinute: rules.registrationsPerMinute }, now);
	}

	/** Counts a new socket from `address`; on success pass the charge to `release` once, when it closes. */
	admit(address: string | undefined): { readonly ok: true; readonly charge: AddressCharge } | { readonly ok: false; readonly refusal: AddressRefusal } {
		const key = clientKey(address);
		const charge = this.#open.get(key);
		// Not charged to the registration bucket: clients past the cap behind one NAT retry every
		// ≤ 30 s, and charging them would empty the bucket for the address's connected clients,
		// which could then not re-register after a blip. A refusal here registers nothing.
		if ((charge?.open ?? 0) >= this.rules.maxSockets) return { ok: false, refusal: 'too many connections from this address' };
		// Refused registrations still cost a token: hammering must not pay off.
		if (!this.#registrations.take(key).ok) return { ok: false, refusal: 'too many registrations from this address; retry in a minute' };
		if (charge) {
			charge.open += 1;
			return { ok: true, charge };
		}
		const first: AddressCharge = { key, open: 1 };
		this.#open.set(key, first);
		return { ok: true, charge: first };
	}

	/** Gives back one socket of `charge`'s address. */
	release(charge: AddressCharge): void {
		charge.open -= 1;
		// Only the address's current charge is dropped: one released to zero earlier and replaced stays gone.
		if (charge.open <= 0 && this.#open.get(charge.key) === charge) this.#open.delete(charge.key);
	}
}
