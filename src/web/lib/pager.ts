import type { Page } from '../../shared/schemas.js';

/**
 * The total the pager is given. An exact total is itself. A lower bound (the count stopped at the cap, decision
 * 0051: "超过 10,000 名") would stop the pager at the cap's page although the rows go on; the pager then reaches one
 * page past the current one while the current page comes back full, so every row stays reachable page by page.
 */
export function pagerTotal(
  data: Pick<Page<unknown>, 'total' | 'totalIsLowerBound' | 'items'> | undefined,
  page: number,
  pageSize: number,
): number {
  if (!data) return 0;
  if (!data.totalIsLowerBound) return data.total;
  const full = data.items.length >= pageSize;
  return Math.max(data.total, (page - 1) * pageSize + data.items.length + (full ? 1 : 0));
}
