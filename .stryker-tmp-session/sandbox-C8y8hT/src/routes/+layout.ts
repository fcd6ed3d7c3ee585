// @ts-nocheck
// A pure client-side app: keys and history live only in this browser's IndexedDB.
export const ssr = false;
export const prerender = false;
