// A pure client-side app: keys and history live only in this browser's IndexedDB.
export const ssr = false;
// Prerendering an ssr-less page writes the empty shell with the route's own chunks and styles
// named in it (modulepreload), so the browser fetches them in parallel with the entry instead
// of discovering them after it has run. No data is rendered into it.
export const prerender = true;
