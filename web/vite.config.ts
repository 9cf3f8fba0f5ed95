import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
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

/**
 * Writes a brotli (`.br`) and a gzip (`.gz`) copy next to every compressible file of the build,
 * once, at the highest settings: the server sends the one the browser accepts (precompressed,
 * so no CPU is spent per request). Files under 1 KB, and copies that would not be smaller, are skipped.
 */
function precompress(): Plugin {
  const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|webmanifest|txt|map)$/;
  let outDir = '';
  return {
    name: 'yiwang-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir.startsWith('/') ? config.build.outDir : join(config.root, config.build.outDir);
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir).flatMap((name) => {
          const p = join(dir, name);
          return statSync(p).isDirectory() ? walk(p) : [p];
        });
      for (const file of walk(outDir)) {
        if (!COMPRESSIBLE.test(file)) continue;
        const raw = readFileSync(file);
        if (raw.length < 1024) continue;
        const br = brotliCompressSync(raw, {
          params: {
            [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY,
            [zlib.BROTLI_PARAM_SIZE_HINT]: raw.length,
          },
        });
        const gz = gzipSync(raw, { level: 9 });
        if (br.length < raw.length) writeFileSync(`${file}.br`, br);
        if (gz.length < raw.length) writeFileSync(`${file}.gz`, gz);
      }
    },
  };
}

/**
 * Puts the built stylesheets before the scripts in each page's <head>. Vite writes them
 * after the entry script and its modulepreload hints; on a slow link (HTTP/1.1's six connections
 * per host) the CSS then queues behind about 150 KB of JavaScript, and the static home shell in
 * index.html, which needs only the CSS, paints late.
 */
function stylesFirst(): Plugin {
  return {
    name: 'yiwang-styles-first',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        const styles = html.match(/\s*<link rel="stylesheet"[^>]*>/g) ?? [];
        const firstScript = html.indexOf('<script type="module"');
        if (styles.length === 0 || firstScript < 0) return html;
        let out = html;
        for (const s of styles) out = out.replace(s, '');
        const at = out.indexOf('<script type="module"');
        return out.slice(0, at) + styles.map((s) => s.trim()).join('\n    ') + '\n    ' + out.slice(at);
      },
    },
  };
}

export default defineConfig({
  base: '/',
  root: here('.'),
  plugins: [react(), stylesFirst(), citizenServiceWorker(), precompress()],
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
