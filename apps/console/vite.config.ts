import { defineConfig } from 'vite';

// Built once (npm run dev, npm test, deploy) into dist/, which the Worker serves as static assets
// from the same origin as its API (wrangler.toml [assets]).
export default defineConfig({
  root: import.meta.dirname,
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', reportCompressedSize: true },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
});
