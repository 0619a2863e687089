import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { menuIcons } from './plugins/menu-icons';

// The gateway (port 8080) serves the API; in dev we proxy to it so the browser sees the console's origin as in
// production. ComfyUI instances open on the gateway's own ComfyUI origin (open_comfy's absolute url).
const gateway = process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react(), menuIcons()],
  resolve: {
    // The repo root hoists React 18 (pulled in by tap's reporter); the console must use its own React 19.
    dedupe: ['react', 'react-dom'],
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: {
      '/api': { target: gateway, changeOrigin: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/, priority: 20 },
          ],
        },
      },
    },
  },
});
