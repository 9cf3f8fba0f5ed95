import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

/**
 * Emits `sw.js` from the hand-written template in `sw/sw.js`, filling in the list of
 * files that make up the citizen app shell (its HTML, entry chunk, their static imports
 * and CSS) and a version derived from the build, so each deploy gets a fresh cache.
 * The staff console is deliberately not precached.
 */
function citizenServiceWorker(): Plugin {
  return {
    name: 'yiwang-citizen-sw',
    apply: 'build',
    generateBundle(_options, bundle) {
      const shell = new Set<string>(['/', '/manifest.webmanifest', '/icons/icon-192.png', '/icons/icon.svg']);
      const entry = Object.values(bundle).find(
        (c) => c.type === 'chunk' && c.isEntry && c.facadeModuleId?.endsWith('/web/index.html'),
      );
      const visit = (fileName: string, seen = new Set<string>()): void => {
        if (seen.has(fileName)) return;
        seen.add(fileName);
        const c = bundle[fileName];
        if (!c) return;
        shell.add('/' + fileName);
        if (c.type === 'chunk') {
          for (const css of c.viteMetadata?.importedCss ?? []) shell.add('/' + css);
          for (const imp of c.imports) visit(imp, seen);
        }
      };
      if (entry) visit(entry.fileName);
      const files = [...shell].sort();
      let hash = 0;
      for (const ch of files.join('|')) hash = (Math.imul(hash, 31) + ch.charCodeAt(0)) | 0;
      const source = readFileSync(here('./sw/sw.js'), 'utf8')
        .replace(/\/\*__SHELL_FILES__\*\/ \[[^\]]*\]/, JSON.stringify(files))
        .replace('__VERSION__', (hash >>> 0).toString(36));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

export default defineConfig({
  base: '/',
  root: here('.'),
  plugins: [react(), citizenServiceWorker()],
  resolve: {
    // Make every package (antd, antd-mobile, react-router, ...) share web's React.
    dedupe: ['react', 'react-dom'],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      input: {
        citizen: here('./index.html'),
        console: here('./console/index.html'),
      },
      output: {
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router|i18next|react-i18next)[\\/]/,
              priority: 30,
            },
            { name: 'shared', test: /[\\/]web[\\/]src[\\/]shared[\\/]/, priority: 25 },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false },
      '/readyz': { target: 'http://127.0.0.1:8080' },
    },
  },
  preview: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
});
