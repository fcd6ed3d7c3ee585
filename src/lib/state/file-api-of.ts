import type { FileApi } from '../messenger/files/file-api';
import type { Messenger } from '../messenger/messenger';

/**
 * The messenger's file transfer as the UI asks for it (messenger/files/file-api.ts). The one
 * place that reaches it: the Messenger implements FileApi once transfer is wired into it.
 */
export function fileApiOf(messenger: Messenger): FileApi {
	return messenger as unknown as FileApi;
}
