/**
 * "The county" of an org for the health indicators (decision 0032, 0042): the subtree whose members' ages the
 * ageing indicator compares against, and whose division table the coverage indicator reads. Pure.
 */

/** An ancestor of an org (itself included) as the rule reads it. */
export interface CountyAncestor {
  path: string;
  kind: string;
  depth: number;
  division: string | null;
}

/** The kinds that may lead a county-level division: a 县委, or a 工作委员会 (as in the province demo). */
const isCommittee = (kind: string) => kind === 'local_committee' || kind === 'working_committee';

/**
 * The path of the org's county committee (itself included) — the highest ancestor that leads a county-level division
 * (a 县委, or in a deployment above the county, as the province demo, a county's 工作委员会: a six-digit division code
 * not ending in 00) — else of its nearest 县委 ancestor, else of the root; `path` itself when none is known.
 */
export function countyPath(path: string, ancestors: readonly CountyAncestor[]): string {
  const byDepth = [...ancestors].sort((a, b) => b.depth - a.depth);
  const county = byDepth.findLast(
    (r) => isCommittee(r.kind) && r.division !== null && /^\d{4}(?!00)\d{2}$/.test(r.division),
  );
  return (
    county?.path ??
    byDepth.find((r) => r.kind === 'local_committee')?.path ??
    byDepth[byDepth.length - 1]?.path ??
    path
  );
}

/**
 * The county path of each of the paths (`countyPath`), their ancestors (themselves included) taken by id from `byId`.
 * An org that is no committee has its parent's county (the rule picks among committees, else the root): judged once
 * per parent rather than once per org (a batch of the daily evaluation is ~2,000 branches under ~100 parents).
 */
export function countyPathsOf(
  paths: readonly string[],
  byId: ReadonlyMap<number, CountyAncestor>,
): Map<string, string> {
  const of = (p: string) =>
    countyPath(
      p,
      p
        .split('/')
        .filter(Boolean)
        .map((id) => byId.get(Number(id)))
        .filter((r) => r !== undefined),
    );
  const byParent = new Map<string, string | null>();
  const out = new Map<string, string>();
  for (const p of paths) {
    const cut = p.lastIndexOf('/', p.length - 2) + 1;
    const self = byId.get(Number(p.slice(cut, -1)));
    const parent = p.slice(0, cut);
    if (!self || isCommittee(self.kind) || parent.length < 2) {
      out.set(p, of(p));
      continue;
    }
    let c = byParent.get(parent);
    if (c === undefined) {
      // (null: none of the parent's ancestors is known, where the org's own path is the answer)
      c = parent.split('/').some((id) => id && byId.has(Number(id))) ? of(parent) : null;
      byParent.set(parent, c);
    }
    out.set(p, c ?? of(p));
  }
  return out;
}
