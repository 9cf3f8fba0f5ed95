/**
 * First-load JavaScript of the web apps, gzip kB: what a browser fetches before the page
 * can render, i.e. the entry chunk of the page's HTML and every chunk it imports statically
 * (the `modulepreload` links). Figures:
 *  - citizen home page (`/`: the home page is part of the entry, not a lazy route);
 *  - staff console shell (`/console/`: layout, router, antd, before any page);
 *  - staff console sign-in (the shell plus the lazily loaded sign-in page, what a signed-out
 *    member of staff sees first).
 * The working tree is built and measured together with a baseline git ref (default `main`,
 * checked out in a temporary worktree that borrows this checkout's node_modules), in the same
 * run with the same Vite, so the two are compared like for like. Sizes do not depend on load.
 *
 * Run: npm run bench:web-size [-- --base <git ref>]   (`--base none` measures only the working tree)
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { machine, root, writeSection } from './lib.ts';

interface ManifestChunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
  isEntry?: boolean;
}
type Manifest = Record<string, ManifestChunk>;

interface Figures {
  citizenHome: number;
  consoleShell: number;
  consoleSignIn: number;
  /** gzip kB of every JavaScript file the build emits (all pages, lazy or not) */
  allJs: number;
}

const argBase = process.argv.indexOf('--base');
const baseRef = argBase > 0 ? process.argv[argBase + 1]! : 'main';
const vite = path.join(root, 'node_modules', '.bin', 'vite');

function build(checkout: string, outDir: string): Manifest {
  execFileSync(vite, ['build', path.join(checkout, 'web'), '--outDir', outDir, '--manifest', '--logLevel', 'warn'], {
    cwd: checkout,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return JSON.parse(fs.readFileSync(path.join(outDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
}

/** Files of a manifest entry and every chunk it imports statically. */
function closure(manifest: Manifest, key: string, seen = new Set<string>()): Set<string> {
  const chunk = manifest[key];
  if (!chunk) throw new Error(`no ${key} in the build manifest`);
  if (seen.has(chunk.file)) return seen;
  seen.add(chunk.file);
  for (const i of chunk.imports ?? []) closure(manifest, i, seen);
  return seen;
}

function measure(checkout: string): Figures {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-web-size-'));
  try {
    const manifest = build(checkout, out);
    const gz = (files: Iterable<string>) =>
      [...files].reduce((sum, f) => sum + gzipSync(fs.readFileSync(path.join(out, f))).length, 0) / 1024;
    const citizen = closure(manifest, 'index.html');
    const shell = closure(manifest, 'console/index.html');
    const signIn = closure(manifest, 'src/console/pages/Login.tsx', new Set(shell));
    const allJs = fs
      .readdirSync(path.join(out, 'assets'))
      .filter((f) => f.endsWith('.js'))
      .map((f) => `assets/${f}`);
    return { citizenHome: gz(citizen), consoleShell: gz(shell), consoleSignIn: gz(signIn), allJs: gz(allJs) };
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

function measureRef(ref: string): Figures {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-web-base-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  git('worktree', 'add', '--detach', dir, ref);
  try {
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
    fs.symlinkSync(path.join(root, 'web', 'node_modules'), path.join(dir, 'web', 'node_modules'));
    return measure(dir);
  } finally {
    git('worktree', 'remove', '--force', dir);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const commit = (ref: string) =>
  execFileSync('git', ['rev-parse', '--short', ref], { cwd: root, encoding: 'utf8' }).trim();
const base = baseRef === 'none' ? undefined : { ref: baseRef, commit: commit(baseRef), figures: measureRef(baseRef) };
const head = commit('HEAD');
const dirty = execFileSync('git', ['status', '--porcelain', 'web'], { cwd: root, encoding: 'utf8' }).trim() !== '';
const now = measure(root);

const rows: [string, keyof Figures][] = [
  ['citizen home page `/` (entry + static imports)', 'citizenHome'],
  ['staff console shell `/console/` (entry + static imports)', 'consoleShell'],
  ['staff console sign-in (shell + the sign-in page chunk)', 'consoleSignIn'],
  ['all JavaScript the build emits (every page, lazy or not)', 'allJs'],
];
const kb = (n: number) => n.toFixed(1);
const table = base
  ? [
      `| first-load JavaScript, gzip kB | ${base.ref} (${base.commit}) | this tree (${head}${dirty ? '+changes' : ''}) | change |`,
      '| --- | ---: | ---: | ---: |',
      ...rows.map(([label, k]) => {
        const d = now[k] - base.figures[k];
        return `| ${label} | ${kb(base.figures[k])} | ${kb(now[k])} | ${d >= 0 ? '+' : ''}${kb(d)} (${((d / base.figures[k]) * 100).toFixed(1)}%) |`;
      }),
    ]
  : [
      `| first-load JavaScript, gzip kB | this tree (${head}${dirty ? '+changes' : ''}) |`,
      '| --- | ---: |',
      ...rows.map(([label, k]) => `| ${label} | ${kb(now[k])} |`),
    ];

const md = `
## Web: first-load JavaScript

Command: \`npm run bench:web-size\` (${new Date().toISOString().slice(0, 10)}, ${machine()}): Vite production build of
the working tree${base ? ` and of \`${base.ref}\` (in a temporary git worktree, same node_modules), in the same run` : ''};
each figure is the JavaScript the page's HTML loads before it can render (its entry chunk and every chunk it imports
statically), each file gzip-compressed (zlib level 6) and summed. Sizes do not depend on the machine's load.

${table.join('\n')}
`;
console.log(md);
writeSection('web-size', md);
