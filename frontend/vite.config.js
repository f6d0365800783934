// Vite config. `npm run dev` and `npm run preview` proxy /api to the nginx gateway of `./imap run`.
import { defineConfig } from 'vite';

const GATEWAY = process.env.IMAP_GATEWAY ?? 'http://127.0.0.1:8080';

export default defineConfig(() => {
  const proxy = { '/api': { target: GATEWAY, changeOrigin: false } };
  return {
    base: './',
    server: { host: '127.0.0.1', port: 5173, proxy },
    preview: { host: '127.0.0.1', port: 4173, proxy },
    build: {
      outDir: 'dist',
      sourcemap: false,
      chunkSizeWarningLimit: 1500, // MapLibre alone is ~1 MB
      license: { fileName: 'licenses.md' }, // third-party licences, served beside the app
      rolldownOptions: {
        output: {
          comments: { legal: true },
          // MapLibre (JS and its CSS) in chunks of its own: cached apart from our code, which
          // changes far more often, and measured apart by bench/client_bench.py.
          codeSplitting: {
            groups: [{ name: 'maplibre-gl', test: /[\\/]node_modules[\\/]maplibre-gl[\\/]/ }],
          },
        },
      },
    },
  };
});
