/**
 * The console's build (npm run console:build → dist/console/), its dev server (npm run console:dev:
 * the same /api/<service>/ proxy and /config.json as the console server) and its tests (Vitest).
 */
import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vitest/config';
import { createApiProxy } from './server/api-proxy';
import { consoleOptionsFromEnv } from './server/settings';

const ROOT = join(__dirname, '..', '..');

/** /api/… and /config.json in the dev server, by the very code the console server runs. */
function oneOrigin(): Plugin {
  return {
    name: 'yiyang-one-origin',
    configureServer(server) {
      const options = consoleOptionsFromEnv();
      const proxy = createApiProxy(options.apis, (line) => server.config.logger.warn(line));
      server.middlewares.use((req, res, next) => {
        if (proxy(req, res)) return;
        if (req.url === '/config.json') {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify(options.client));
          return;
        }
        next();
      });
    },
  };
}

export default defineConfig({
  root: __dirname,
  plugins: [react(), oneOrigin()],
  resolve: {
    // the API's own pure rules (USCC, divisions) and vocabularies, imported rather than copied: only the
    // plain files (`@contracts/<aggregate>/vocabulary`, `@contracts/labels`), never an index that brings zod
    alias: [
      { find: /^@kernel\/(.*)$/, replacement: join(ROOT, 'libs', 'kernel', 'src', '$1') },
      { find: /^@contracts\/(.*)$/, replacement: join(ROOT, 'libs', 'contracts', 'src', '$1') },
    ],
  },
  server: { host: '127.0.0.1', port: 8080, strictPort: true, fs: { allow: [ROOT] } },
  build: {
    outDir: join(ROOT, 'dist', 'console'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
  },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', environment: 'jsdom', include: ['src/**/*.test.{ts,tsx}'], setupFiles: ['src/test/setup.ts'] },
      },
      {
        extends: true,
        test: { name: 'server', environment: 'node', include: ['server/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          environment: 'node',
          include: ['e2e/**/*.e2e.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
