/**
 * The 预警 page's tree and the county's analysis view (issue 14 part 2, decision 0039), from the open warnings of a
 * subtree's orgs read in one statement: each org's worst level and how many orgs below it have a red or only amber
 * warning; and, for the analysis view, per top-level unit (a township) and indicator how many of its orgs have a red
 * or amber warning and their share of its orgs. Never sorted by a value: tree order only. Pure.
 */
import { percentOf } from '../screening/table.js';

export interface TreeInput {
  id: number;
  code: string;
  name: string;
  kind: string;
  parentId: number | null;
  /** materialised path of ids, '/1/5/9/' */
  path: string;
  depth: number;
  reds: readonly string[];
  ambers: readonly string[];
}

export interface TreeNode {
  code: string;
  name: string;
  kind: string;
  parent: string | null;
  depth: number;
  level: 'red' | 'amber' | null;
  reds: string[];
  ambers: string[];
  below: { red: number; amber: number; orgs: number };
}

const levelOf = (r: TreeInput): 'red' | 'amber' | null =>
  r.reds.length ? 'red' : r.ambers.length ? 'amber' : null;

/** The tree under `root` (rows in tree order, the root's row among them), each org with the counts of its subtree. */
export function warningTree(rows: readonly TreeInput[], root: { id: number; depth: number }): TreeNode[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const below = new Map(rows.map((r) => [r.id, { red: 0, amber: 0, orgs: 0 }]));
  for (const r of rows) {
    const l = levelOf(r);
    // every ancestor inside the tree counts this org
    for (const a of r.path.split('/').filter(Boolean).map(Number)) {
      if (a === r.id) continue;
      const b = below.get(a);
      if (!b) continue;
      b.orgs++;
      if (l === 'red') b.red++;
      else if (l === 'amber') b.amber++;
    }
  }
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    kind: r.kind,
    parent: r.id === root.id || r.parentId === null ? null : (byId.get(r.parentId)?.code ?? null),
    depth: r.depth - root.depth,
    level: levelOf(r),
    reds: [...r.reds],
    ambers: [...r.ambers],
    below: below.get(r.id)!,
  }));
}

export interface IndicatorShare {
  indicator: string;
  /** orgs with a red / an amber warning of the indicator */
  red: number;
  amber: number;
  /** (red + amber) / orgs × 100, one decimal */
  percent: number;
}

export interface AnalysisGroup {
  code: string;
  name: string;
  /** orgs of the unit's subtree, itself included */
  orgs: number;
  /** orgs with a red warning / with only amber ones */
  red: number;
  amber: number;
  byIndicator: IndicatorShare[];
}

function group(
  code: string,
  name: string,
  members: readonly TreeInput[],
  keys: readonly string[],
): AnalysisGroup {
  const byIndicator = keys.map((indicator) => {
    let red = 0;
    let amber = 0;
    for (const m of members) {
      if (m.reds.includes(indicator)) red++;
      else if (m.ambers.includes(indicator)) amber++;
    }
    return { indicator, red, amber, percent: percentOf(red + amber, members.length) };
  });
  return {
    code,
    name,
    orgs: members.length,
    red: members.filter((m) => levelOf(m) === 'red').length,
    amber: members.filter((m) => levelOf(m) === 'amber').length,
    byIndicator,
  };
}

/**
 * The distribution of each indicator over the units directly under `root` (the county's townships and other units,
 * in tree order) and over the whole subtree. The root's own warnings count only in the total.
 */
export function distribution(
  rows: readonly TreeInput[],
  root: { id: number },
  keys: readonly string[],
): { groups: AnalysisGroup[]; total: AnalysisGroup } {
  const units = rows.filter((r) => r.parentId === root.id);
  const unitOf = (r: TreeInput) => {
    const ids = r.path.split('/').filter(Boolean).map(Number);
    const at = ids.indexOf(root.id);
    return at >= 0 ? ids[at + 1] : undefined;
  };
  const members = new Map<number, TreeInput[]>(units.map((u) => [u.id, []]));
  for (const r of rows) {
    const u = unitOf(r);
    if (u !== undefined) members.get(u)?.push(r);
  }
  const rootRow = rows.find((r) => r.id === root.id);
  return {
    groups: units.map((u) => group(u.code, u.name, members.get(u.id) ?? [], keys)),
    total: group(rootRow?.code ?? '', rootRow?.name ?? '', rows, keys),
  };
}
