import { describe, expect, it } from 'vitest';
import { watchRelay, type RelayProblem, type WatchedConnection } from '../../../src/lib/net/relay-watch';

class FakeRtc extends EventTarget implements WatchedConnection {
	iceGatheringState = 'new';
	candidate(candidate: object | null): void {
		this.dispatchEvent(Object.assign(new Event('icecandidate'), { candidate }));
	}
	error(errorCode: number): void {
		this.dispatchEvent(Object.assign(new Event('icecandidateerror'), { errorCode, url: 'turn:127.0.0.1:3478' }));
	}
	gathered(): void {
		this.iceGatheringState = 'complete';
		this.dispatchEvent(new Event('icegatheringstatechange'));
	}
}

function watched() {
	const rtc = new FakeRtc();
	const reports: RelayProblem[] = [];
	watchRelay(rtc, (problem) => void reports.push(problem));
	return { rtc, reports };
}

describe('watchRelay', () => {
	it('reports a relay that refuses the credentials (401), once', () => {
		const { rtc, reports } = watched();
		rtc.error(401);
		rtc.error(401);
		rtc.candidate(null);
		rtc.gathered();
		expect(reports).toEqual(['relay-refused']);
	});

	it('reports a gathering that ends without a single relay candidate', () => {
		const { rtc, reports } = watched();
		rtc.error(701); // a host lookup failure alone says nothing about credentials
		expect(reports).toEqual([]);
		rtc.candidate(null);
		rtc.gathered();
		expect(reports).toEqual(['relay-refused']);
	});

	it('is quiet when the relay gave an address', () => {
		const { rtc, reports } = watched();
		rtc.candidate({ candidate: 'candidate:1 1 udp 1 127.0.0.1 50000 typ relay' });
		rtc.candidate(null);
		rtc.gathered();
		expect(reports).toEqual([]);
	});

	it('takes an end-of-candidates event (an empty candidate line, as Firefox 140 sends) for no candidate', () => {
		const { rtc, reports } = watched();
		rtc.candidate({ candidate: '', sdpMid: '0' });
		rtc.candidate(null);
		rtc.gathered();
		expect(reports).toEqual(['relay-refused']);
	});
});
