/**
 * The demo county's weak-org screening and rectification cases (decision 0033) are a possible history: the
 * confirmed villages the indicators suggest were red before they were confirmed; the cases stand at different
 * stages (planned with an overdue measure, closed out under the watch, relapsed); the relapse is the warning the
 * indicators opened after the close-out (marked as relapse on the warnings list), never written on the case; no
 * step is dated after today. The county of county.ts, on both engines.
 */
import { expect, it } from 'vitest';
import { TODAY } from '../../helpers/db.js';
import { getCase, listCases, screening } from '../../../src/services/screening.js';
import { warningSummary } from '../../../src/services/warnings.js';
import type { County } from './county.js';

export function screeningChecks({ h, summary }: County) {
  it('seeds a screening round and cases at their stages, the relapse derived from the warnings', async () => {
    const ctx = h.ctx();
    const root = summary().rootCode!;
    const year = Number(TODAY.slice(0, 4));
    const view = await screening(ctx, root, year);
    expect(view.table.confirmed).toBeGreaterThanOrEqual(3);
    // suggestions remain for the county to confirm
    expect(view.orgs.some((o) => o.suggested.length > 0 && o.confirmed.length === 0)).toBe(true);
    const list = await listCases(ctx, root);
    const stages = new Set(list.cases.map((c) => c.stage));
    for (const s of ['rectifying', 'watching', 'relapsed', 'planning'] as const) expect(stages).toContain(s);
    expect(list.overdue.length).toBeGreaterThan(0);
    // nothing after today; the relapse is not stored on the case
    const [late] = await h.db.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM screening_confirmation WHERE confirmed_on > $1::date)
            + (SELECT count(*) FROM screening_observation WHERE observed_on > $1::date)
            + (SELECT count(*) FROM rectification_case WHERE closed_on > $1::date OR relapsed_on IS NOT NULL)
            + (SELECT count(*) FROM rectification_acceptance WHERE held_on > $1::date)
            + (SELECT count(*) FROM rectification_measure WHERE done_on > $1::date) AS n`,
      [TODAY],
    );
    expect(Number(late!.n)).toBe(0);
    const relapsed = list.cases.find((c) => c.stage === 'relapsed')!;
    const c = await getCase(ctx, relapsed.id);
    expect(c.relapsedOn! >= c.closedOn!).toBe(true);
    expect(c.relapseNote).toContain('再次变红');
    const warnings = await warningSummary(ctx, root);
    const marked = warnings.warnings.filter((w) => w.relapse?.caseId === relapsed.id);
    expect(marked.length).toBeGreaterThan(0);
    expect(marked.every((w) => w.level === 'red' && w.since >= c.closedOn!)).toBe(true);
    // a confirmed village the indicators suggested was red before the county confirmed it
    const planned = view.orgs.find((o) => o.stage === '整顿中')!;
    expect(planned.suggested.length).toBeGreaterThan(0);
    const redSince = warnings.warnings
      .filter((w) => w.org === planned.code && w.level === 'red')
      .map((w) => w.since)
      .sort()[0]!;
    expect(redSince <= planned.confirmedOn!).toBe(true);
  }, 600_000);
}
