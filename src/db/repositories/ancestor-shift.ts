/**
 * An org move shifts every maintained rollup (`life_roll`, `dues_roll`, `warning_roll`): the moved subtree's totals
 * leave the ancestors it no longer has and join those it gains. Each rollup's shift statement takes these two lists
 * as `$2` (left, sign −1) and `$3` (joined, sign +1).
 */
export function ancestorShift(
  oldAncestors: readonly number[],
  newAncestors: readonly number[],
): { gone: number[]; come: number[] } | null {
  const gone = oldAncestors.filter((a) => !newAncestors.includes(a));
  const come = newAncestors.filter((a) => !oldAncestors.includes(a));
  return gone.length || come.length ? { gone, come } : null;
}
