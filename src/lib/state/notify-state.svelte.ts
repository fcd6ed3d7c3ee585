import type { NoticePermission, Notifier } from '../app/notifier';

/** What the notification settings show and change; one instance, on AppState. */
export class NotifyState {
	permission = $state<NoticePermission>('default');
	/** Whether notifications include the message's text (off by default: docs/SECURITY.md). */
	showText = $state(false);

	constructor(private readonly notifier: Notifier) {
		this.permission = notifier.permission;
		notifier.watchPermission((permission) => (this.permission = permission));
		this.showText = notifier.showText;
	}

	async ask(): Promise<void> {
		this.permission = await this.notifier.ask();
	}

	setShowText(show: boolean): void {
		this.showText = show;
		this.notifier.showText = show;
	}
}
