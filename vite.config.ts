import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

// The web app lives in web/ and is built to dist/web, which the Fastify server serves.
// Everything is bundled: the app must load nothing from outside (closed municipal networks).
export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  base: '/',
  plugins: [svelte()],
  resolve: {
    alias: {
      // frappe-gantt's CSS is not in its package "exports"; import it by file path.
      'frappe-gantt-css': fileURLToPath(new URL('./node_modules/frappe-gantt/dist/frappe-gantt.css', import.meta.url)),
    },
  },
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: true,
    chunkSizeWarningLimit: 600,
    // .vite/manifest.json: which chunks and styles a page needs, for the server-rendered pages' <head>
    manifest: true,
  },
  server: {
    port: 5173,
    host: '127.0.0.1',
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
