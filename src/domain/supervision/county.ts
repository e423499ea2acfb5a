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

/**
 * The path of the org's county committee (itself included) — the highest ancestor that leads a county-level division
 * (a 县委, or in a deployment above the county, as the province demo, a county's 工作委员会: a six-digit division code
 * not ending in 00) — else of its nearest 县委 ancestor, else of the root; `path` itself when none is known.
 */
export function countyPath(path: string, ancestors: readonly CountyAncestor[]): string {
  const byDepth = [...ancestors].sort((a, b) => b.depth - a.depth);
  const county = byDepth.findLast(
    (r) =>
      (r.kind === 'local_committee' || r.kind === 'working_committee') &&
      r.division !== null &&
      /^\d{4}(?!00)\d{2}$/.test(r.division),
  );
  return (
    county?.path ??
    byDepth.find((r) => r.kind === 'local_committee')?.path ??
    byDepth[byDepth.length - 1]?.path ??
    path
  );
}
