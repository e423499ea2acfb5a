/**
 * Every package the lock file installs runs on the Node versions package.json promises (issue 10 point 7: `npm ci`
 * warned EBADENGINE for cookie 2 and content-disposition 3, which want Node ≥ 22, while the project says ≥ 20.19 and
 * the county's machines run Node 20). Reads package-lock.json's `engines` against ours: the lowest version we accept
 * and the last Node 20 must satisfy each. The range check covers the npm range forms the lock file holds
 * (`||`, comparators, `^`, `~`, x-ranges, hyphen ranges) and fails on anything else rather than passing it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

type Version = [number, number, number];

interface LockFile {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
}

const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as LockFile;

/** `20`, `20.19`, `20.19.0`, `20.x`: the numbers given (null where missing or a wildcard). */
function parts(text: string): [number | null, number | null, number | null] {
  const m =
    /^v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.exec(text);
  if (!m) throw new Error(`not a version: ${text}`);
  const n = (s: string | undefined) => (s === undefined || /^[xX*]$/.test(s) ? null : Number(s));
  const [maj, min, pat] = [n(m[1]), n(m[2]), n(m[3])];
  // 20.x.5 means 20.x
  return [maj, maj === null ? null : min, maj === null || min === null ? null : pat];
}

const cmp = (a: Version, b: Version) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
const floor = (p: ReturnType<typeof parts>): Version => [p[0] ?? 0, p[1] ?? 0, p[2] ?? 0];
/** The first version above a partial one: 20 → 21.0.0, 20.19 → 20.20.0. */
const above = (p: ReturnType<typeof parts>): Version | null =>
  p[0] === null ? null : p[1] === null ? [p[0] + 1, 0, 0] : p[2] === null ? [p[0], p[1] + 1, 0] : null;

function comparator(v: Version, c: string): boolean {
  const m = /^(<=|>=|<|>|=|\^|~)?(.+)$/.exec(c);
  if (!m) throw new Error(`not a comparator: ${c}`);
  const op = m[1] ?? '=';
  const p = parts(m[2]!);
  if (p[0] === null) return true; // *, x
  const lo = floor(p);
  const next = above(p);
  switch (op) {
    case '=':
      return next ? cmp(v, lo) >= 0 && cmp(v, next) < 0 : cmp(v, lo) === 0;
    case '>=':
      return cmp(v, lo) >= 0;
    case '>':
      return next ? cmp(v, next) >= 0 : cmp(v, lo) > 0;
    case '<':
      return cmp(v, lo) < 0;
    case '<=':
      return next ? cmp(v, next) < 0 : cmp(v, lo) <= 0;
    case '^': {
      const hi: Version =
        lo[0] > 0 || p[1] === null
          ? [lo[0] + 1, 0, 0]
          : lo[1] > 0 || p[2] === null
            ? [0, lo[1] + 1, 0]
            : [0, 0, lo[2] + 1];
      return cmp(v, lo) >= 0 && cmp(v, hi) < 0;
    }
    case '~': {
      const hi: Version = p[1] === null ? [lo[0] + 1, 0, 0] : [lo[0], lo[1] + 1, 0];
      return cmp(v, lo) >= 0 && cmp(v, hi) < 0;
    }
    default:
      throw new Error(`unknown operator in ${c}`);
  }
}

/** Does the version satisfy the npm range? */
export function satisfies(version: string, range: string): boolean {
  const v = floor(parts(version));
  return range.split('||').some((alternative) => {
    const set = alternative.trim();
    if (set === '' || set === '*') return true;
    const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(set);
    if (hyphen) return comparator(v, `>=${hyphen[1]}`) && comparator(v, `<=${hyphen[2]}`);
    return set
      .replace(/(<=|>=|<|>|=|\^|~)\s+/g, '$1')
      .split(/\s+/)
      .every((c) => comparator(v, c));
  });
}

describe('the range check', () => {
  it('reads the forms the lock file holds', () => {
    expect(satisfies('20.19.0', '>=20.19')).toBe(true);
    expect(satisfies('20.18.3', '>=20.19')).toBe(false);
    expect(satisfies('20.19.0', '>=22')).toBe(false);
    expect(satisfies('20.19.0', '^20.19.0 || ^22.13.0 || >=24')).toBe(true);
    expect(satisfies('22.5.0', '^20.19.0 || ^22.13.0 || >=24')).toBe(false);
    expect(satisfies('20.19.0', '18 || 20 || >=22')).toBe(true);
    expect(satisfies('21.0.0', '18 || 20 || >=22')).toBe(false);
    expect(satisfies('20.19.0', '>= 16.0.0')).toBe(true);
    expect(satisfies('20.19.0', '^18.18.0 || ^20.9.0 || >=21.1.0')).toBe(true);
    expect(satisfies('20.19.0', '~20.18.0')).toBe(false);
    expect(satisfies('20.19.0', '12 - 20')).toBe(true);
    expect(satisfies('20.19.0', '>=14 <20')).toBe(false);
    expect(satisfies('20.19.0', '*')).toBe(true);
    expect(() => satisfies('20.19.0', 'node20')).toThrow();
  });
});

describe('package-lock.json against our engines', () => {
  const min = /^>=\s*(\d+\.\d+(?:\.\d+)?)$/.exec(pkg.engines.node)?.[1];
  it('says the lowest Node it supports as >=X.Y', () => {
    expect(min, `engines.node is ${pkg.engines.node}`).toBeDefined();
  });

  it('installs nothing that wants a newer Node than ours (npm ci prints no EBADENGINE)', () => {
    const ours = [min!, `${min!.split('.')[0]}.999.0`];
    const wrong = Object.entries(lock.packages)
      .filter(([path]) => path !== '')
      .flatMap(([path, p]) => {
        const want = Array.isArray(p.engines) ? undefined : p.engines?.node;
        if (!want) return [];
        const bad = ours.filter((v) => !satisfies(v, want));
        return bad.length ? [`${path}@${p.version} wants node ${want} (not ${bad.join(', ')})`] : [];
      });
    expect(wrong).toEqual([]);
  });
});
