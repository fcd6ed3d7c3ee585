/** package.json's version, put in at build time (vite.config.ts `define`). */
export const APP_VERSION: string = __APP_VERSION__;
