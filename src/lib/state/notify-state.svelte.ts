import type { NoticePermission, Notifier } from '../app/notifier';

/** What the notification settings show and change; one instance, on AppState. */
export class NotifyState {
	permission = $state<NoticePermission>('default');
	/** Whether notifications include the message's text (off by default: docs/SECURITY.md). */
	showText = $state(false);

	constructor(private readonly notifier: Notifier) {
		this.permission = notifier.permission;
		notifier.watchPermission((permission) => (this.permission = permission));
		notifier.showText().then(
			(show) => (this.showText = show),
			() => undefined
		);
	}

	async ask(): Promise<void> {
		this.permission = await this.notifier.ask();
	}

	async setShowText(show: boolean): Promise<void> {
		this.showText = show;
		await this.notifier.setShowText(show);
	}
}
