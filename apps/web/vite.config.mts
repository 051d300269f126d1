import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const here = import.meta.dirname;

/**
 * The browser application, built into dist/web, which the gateway serves at `/`. JSX is compiled by
 * Vite's own transformer (oxc); no framework plugin is needed for a production build.
 */
export default defineConfig({
  root: here,
  base: '/',
  // The browser evaluates include conditions and draws routes with the server's own pure rules.
  resolve: { alias: { '@domain': resolve(here, '../../libs/domain/index.ts') } },
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: resolve(here, '../../dist/web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      // antd marks its modules "use client" for React Server Components; irrelevant in a browser bundle.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    // `npx vite --config apps/web/vite.config.ts` during development: the API is the running gateway.
    proxy: { '/api': 'http://127.0.0.1:3000' },
    fs: { allow: [resolve(here, '../..')] },
  },
});
