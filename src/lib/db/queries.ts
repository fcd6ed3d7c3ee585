// Queries are functions that take the database; components and services never build them inline.
export * from './contact-queries';
export * from './inbox-queries';
export * from './outbox-queries';
export * from './settings-queries';
export * from './thread-queries';
export * from './edit-queries';
export * from './search-queries';
export * from './mute-queries';
export * from './delete-queries';
export * from './receipt-queries';
