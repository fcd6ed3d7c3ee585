import { afterEach, describe, expect, it } from 'vitest';
import { RelayControl, relayChannelName, type RelaySwitch } from '../../../src/lib/app/relay-control';
import type { RelayProblem } from '../../../src/lib/net/relay-watch';

class FakeSwitch implements RelaySwitch {
	relayOnly = false;
	relayProblem: RelayProblem | null = null;
	readonly set: boolean[] = [];
	setRelayOnly(relayOnly: boolean): void {
		this.relayOnly = relayOnly;
		this.set.push(relayOnly);
	}
	on(): () => void {
		return () => {};
	}
}

const channels: BroadcastChannel[] = [];
function tab(name = relayChannelName('parley-test')) {
	const channel = new BroadcastChannel(name);
	channels.push(channel);
	const transport = new FakeSwitch();
	const control = new RelayControl(transport, channel);
	const heard: boolean[] = [];
	control.onRelayOnly((value) => void heard.push(value));
	return { channel, transport, control, heard };
}

afterEach(() => {
	for (const channel of channels.splice(0)) channel.close();
});

describe('RelayControl across tabs', () => {
	it('applies the switch here and in the tab that owns the network', async () => {
		const here = tab();
		const owner = tab();
		here.control.setRelayOnly(true);
		expect(here.transport.set).toEqual([true]);
		expect(here.control.relayOnly).toBe(true);
		await expect.poll(() => owner.transport.set).toEqual([true]);
		expect(owner.heard).toEqual([true]);
		owner.control.setRelayOnly(false);
		await expect.poll(() => here.transport.set).toEqual([true, false]);
	});

	it('takes nothing but { hideIp: boolean } from another tab', async () => {
		const owner = tab();
		const sender = new BroadcastChannel(relayChannelName('parley-test'));
		channels.push(sender);
		for (const data of [null, 5, 'true', {}, { hideIp: 'yes' }, { hideIp: 1 }]) sender.postMessage(data);
		sender.postMessage({ hideIp: true });
		await expect.poll(() => owner.transport.set).toEqual([true]);
		expect(owner.heard).toEqual([true]);
	});

	it('keeps identities apart: another database’s tabs are not told', async () => {
		const mine = tab(relayChannelName('parley-a'));
		const other = tab(relayChannelName('parley-b'));
		const same = tab(relayChannelName('parley-a'));
		mine.control.setRelayOnly(true);
		await expect.poll(() => same.transport.set).toEqual([true]);
		expect(other.transport.set).toEqual([]);
	});
});
