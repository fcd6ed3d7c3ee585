import type { Foundation } from './boot';
import { loadTransport } from './boot';
import type { Identity } from '../crypto/identity';
import { consoleLog } from '../protocol/reject';
import { loadClientConfig } from '../pwa/offline-config';
import type { ClientConfig } from '../net/client-config';
import { makeRegistrationToken } from '../directory/registration-token';
import { Messenger } from '../messenger/messenger';
import { browserJournalServices, openSendJournal, recoverSendJournals } from './send-journal';
import { TabNetwork, browserTabServices } from './tab-network';
import { getSetting } from '../db/settings-queries';
import { HIDE_IP_SETTING } from '../net/relay-watch';
import { RelayControl, relayChannelName } from './relay-control';
import { TurnCredentials } from '../net/turn-credentials';
import { isRetired, RETIRED_STORAGE_KEY } from './retired-device';


/**
 * Wires the real network: config from the serving origin, PeerJS on the same origin.
 * Offline, the config comes from the service worker's cache or the last saved copy, else the
 * defaults: it never fails because of config, so the app opens and queues messages offline.
 */
export async function connectMessenger(
	foundation: Foundation,
	identity: Identity,
	displayName: () => string
): Promise<{ messenger: Messenger; relay: boolean; relayControl: RelayControl; tabs: TabNetwork }> {
	const [{ config }, { PeerJsTransport, locationOf }, relayOnly] = await Promise.all([
		loadClientConfig(),
		loadTransport(),
		getSetting(foundation.db, HIDE_IP_SETTING, false).catch(() => false)
	]);
	const turn = config.turn ? new TurnCredentials(config.turn.path) : null;
	const transport = new PeerJsTransport(
		config,
		locationOf(new URL(location.href)),
		() => makeRegistrationToken(foundation.sodium, identity, config.deployment.id, Date.now()),
		consoleLog(),
		{ turn, relayOnly: relayOnly === true }
	);
	transport.watchPage(window);
	// Messages a closed or crashed tab sent ahead of their commit are written first, so the clock
	// and the outbox see them (send-journal.ts).
	const { storage, locks } = browserJournalServices();
	const recovered = await recoverSendJournals(foundation.db, storage, locks).catch((error: unknown) => {
		console.error('could not recover sent messages from the journal', error);
		return null;
	});
	if (recovered?.restored || recovered?.dropped) console.info('send journal', recovered);
	const journal = await openSendJournal(foundation.db.name, storage, locks);
	// Only the tab holding the network lock runs this transport (see tab-network.ts).
	const dbName = foundation.db.name;
	const tabs = await TabNetwork.open({ db: foundation.db, transport, usable: () => !isRetired(dbName), ...browserTabServices(dbName) });
	// Another tab of this browser moved the identity to a new device: this one goes offline at once.
	addEventListener('storage', (event) => {
		if (event.key === RETIRED_STORAGE_KEY) tabs.gate.recheck();
	});
	const messenger = new Messenger({
		db: foundation.db,
		transport: tabs.gate,
		sodium: foundation.sodium,
		identity,
		displayName,
		log: consoleLog(),
		now: tabs.clock.now,
		journal
	});
	tabs.follow(messenger);
	// The switch may have changed in another tab while this one did not own the network.
	tabs.onOwnerChange((owner) => {
		if (owner) void getSetting(foundation.db, HIDE_IP_SETTING, false).then((value) => transport.setRelayOnly(value === true));
	});
	const relayControl = new RelayControl(transport, typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(relayChannelName(foundation.db.name)));
	return { messenger, relay: offersTurnRelay(config), relayControl, tabs };
}

/** Whether the server hands out a TURN relay: without one, whoever connects to us sees our IP address. */
export function offersTurnRelay(config: ClientConfig): boolean {
	return config.turn !== undefined || config.iceServers.some((server) => [server.urls].flat().some((url) => /^turns?:/i.test(url)));
}
