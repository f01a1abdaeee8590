import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The server serves dist/ at / (apps/server/src/http/static-ui.ts); in dev,
// Vite proxies the API and the stream to a server started with PORT=3100.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:3100', ws: true },
      '/widget.js': 'http://127.0.0.1:3100',
    },
  },
});
