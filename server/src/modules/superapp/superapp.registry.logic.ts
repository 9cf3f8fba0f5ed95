/**
 * The registry's rules beyond the manifest's JSON Schema (which the routes check at the edge):
 * where an app may live, its redirect URIs' origin, a sane icon, and which scopes a new version
 * adds over the live one (docs/superapp-registry.md).
 */
import type { ErrorDetail } from '../../platform/errors.ts';
import type { Manifest } from './superapp.manifest.ts';
import type { Scope } from './superapp.scopes.ts';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** https anywhere, or http on this machine (development and tests). */
export function isSecureOrLocal(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname));
}

const parse = (value: string): URL | null => {
  try {
    return new URL(value);
  } catch {
    return null;
  }
};

const ICON_MAX_DATA_BYTES = 12_000;

/** The problems of a manifest the schema cannot see (empty when there are none). */
export function manifestProblems(m: Manifest): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const add = (path: string, code: string, message: string) => problems.push({ path, code, message });
  const entry = parse(m.entryUrl);
  if (!entry) {
    add('/entryUrl', 'url', 'The entry URL is not a URL');
    return problems;
  }
  if (!isSecureOrLocal(entry)) add('/entryUrl', 'https', 'The entry URL must be https (or http on localhost)');
  if (entry.username || entry.password) add('/entryUrl', 'credentials', 'The entry URL may not carry credentials');
  const sameOrigin = (list: string[] | undefined, field: string) =>
    (list ?? []).forEach((value, i) => {
      const u = parse(value);
      if (!u) add(`/${field}/${i}`, 'url', 'Not a URL');
      else if (u.origin !== entry.origin)
        add(`/${field}/${i}`, 'origin', `Must be on the entry URL's origin (${entry.origin})`);
      else if (u.hash) add(`/${field}/${i}`, 'fragment', 'A redirect URI may not have a fragment');
    });
  sameOrigin(m.redirectUris, 'redirectUris');
  sameOrigin(m.postLogoutRedirectUris, 'postLogoutRedirectUris');
  const privacy = parse(m.privacyPolicyUrl);
  if (!privacy || !isSecureOrLocal(privacy))
    add('/privacyPolicyUrl', 'https', 'The privacy policy must be https (or http on localhost)');
  problems.push(...iconProblems(m.icon));
  const scopes: string[] = m.scopes.map((s) => s.scope as string);
  if (new Set(scopes).size !== scopes.length) add('/scopes', 'duplicate', 'Each scope may be listed once');
  if (!scopes.includes('openid')) add('/scopes', 'openid', 'Every app asks for openid (it signs people in)');
  return problems;
}

function iconProblems(icon: string): ErrorDetail[] {
  const bad = (code: string, message: string) => [{ path: '/icon', code, message }];
  if (icon.startsWith('data:')) {
    const comma = icon.indexOf(',');
    if (comma < 0) return bad('data', 'A data: icon needs its data');
    const head = icon.slice(5, comma);
    const data = icon.slice(comma + 1);
    const base64 = head.endsWith(';base64');
    const bytes = base64 ? Buffer.from(data, 'base64') : Buffer.from(decodeURIComponent(data), 'utf8');
    if (bytes.length === 0) return bad('data', 'The icon is empty');
    if (bytes.length > ICON_MAX_DATA_BYTES) return bad('size', `The icon is larger than ${ICON_MAX_DATA_BYTES} bytes`);
    if (head.startsWith('image/png')) {
      const png = bytes.subarray(0, 8).toString('hex') === '89504e470d0a1a0a';
      return png ? [] : bad('png', 'The icon is not a PNG');
    }
    const svg = bytes.toString('utf8');
    if (!/<svg[\s>]/i.test(svg)) return bad('svg', 'The icon is not an SVG');
    if (/<script|\son\w+\s*=|javascript:|<foreignObject/i.test(svg))
      return bad('svg-active', 'An SVG icon may not carry scripts, event handlers or foreign objects');
    return [];
  }
  const u = parse(icon);
  if (!u || !isSecureOrLocal(u)) return bad('https', 'The icon must be https (or http on localhost)');
  return [];
}

/** The scopes `next` asks for that `live` did not (a version adding any needs a fresh review). */
export function addedScopes(live: Manifest | null, next: Manifest): Scope[] {
  const before = new Set<string>(live?.scopes.map((s) => s.scope as string) ?? []);
  return next.scopes.map((s) => s.scope as Scope).filter((s) => !before.has(s));
}
