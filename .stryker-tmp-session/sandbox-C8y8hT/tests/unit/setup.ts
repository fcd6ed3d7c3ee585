// @ts-nocheck
// Dexie code runs against an in-memory IndexedDB in Node.
import 'fake-indexeddb/auto';
