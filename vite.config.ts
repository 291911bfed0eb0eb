import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The station renderer: one page; client routes in the hash (#/projector for the room).
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    chunkSizeWarningLimit: 2000,
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
});
