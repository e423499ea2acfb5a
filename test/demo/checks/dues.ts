/**
 * The demo county's dues (decision 0022) are a possible history: every payment is for months the member owed (on
 * the roster on one of their days), paid on a day they were on the roster and not after today, at most three months
 * ahead, and passes the same checks a branch's payment passes (paymentProblems); the county shows members 未核定,
 * due for the yearly re-check, and flagged at three and at six months, and branches in arrears. The county of
 * county.ts, on both engines.
 */
import { expect, it } from 'vitest';
import { TODAY } from '../../helpers/db.js';
import { getDuesStatus, getDuesSummary } from '../../../src/services/dues.js';
import { paymentProblems } from '../../../src/domain/dues/payment.js';
import { rulesAt } from '../../../src/policy/rules.js';
import type { County } from './county.js';

export function duesChecks({ h, summary: seeded }: County) {
  it('seeds a possible year of bases and payments with arrears and flags', async () => {
    const ctx = h.ctx();
    const summary = seeded();
    const rows = await h.db.query<{
      id: number;
      memberId: number;
      fromMonth: string;
      toMonth: string;
      amountFen: number;
      voluntaryFen: number;
      paidOn: string;
      spans: [string, string | null][];
    }>(
      `SELECT p.id, p.member_id AS "memberId", to_char(p.from_month, 'YYYY-MM') AS "fromMonth",
              to_char(p.to_month, 'YYYY-MM') AS "toMonth", p.amount_fen AS "amountFen",
              p.voluntary_fen AS "voluntaryFen", p.paid_on::text AS "paidOn",
              (SELECT json_agg(json_build_array(per.valid_from::text, per.valid_to::text) ORDER BY per.valid_from)
                 FROM member_period per WHERE per.member_id = p.member_id
                  AND per.status IN ('full', 'probationary')) AS spans
         FROM dues_payment p ORDER BY p.id`,
    );
    expect(rows.length).toBeGreaterThan(summary.members * 3);
    const rules = rulesAt(TODAY).dues;
    const bad: unknown[] = [];
    for (const p of rows) {
      const owing = p.spans.map(([from, to]) => ({ from, to }));
      const problems = paymentProblems(
        {
          fromMonth: p.fromMonth,
          toMonth: p.toMonth,
          amountFen: p.amountFen,
          voluntaryFen: p.voluntaryFen,
          paidOn: p.paidOn,
        },
        { today: TODAY, owing, rules },
      );
      // paid on a day the member was on the roster (never before joining or after leaving)
      const onRoster = owing.some((s) => s.from <= p.paidOn && (s.to === null || p.paidOn < s.to));
      if (problems.length || !onRoster) bad.push({ ...p, problems, onRoster });
    }
    expect(bad.slice(0, 5)).toEqual([]);

    const month = TODAY.slice(0, 7);
    const status = await getDuesStatus(ctx, summary.rootCode!, { month });
    expect(status.counts.members).toBeGreaterThan(summary.members * 0.9);
    expect(status.counts.unknown).toBeGreaterThan(0);
    expect(status.counts.threeMonths).toBeGreaterThan(0);
    expect(status.counts.sixMonths).toBeGreaterThan(0);
    expect(status.members.filter((m) => m.recheckDue).length).toBeGreaterThan(0);
    // most members are paying: arrears are the exception
    expect(status.members.filter((m) => m.arrearsMonths === 0).length).toBeGreaterThan(
      status.counts.members / 2,
    );
    const sum = await getDuesSummary(ctx, summary.rootCode!, { month });
    expect(sum.total.arrears).toBe(status.totals.arrears);
    expect(sum.reconciliation.collected).toBeGreaterThan(0);
    const [rem] = await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM dues_remittance');
    expect(rem!.n).toBeGreaterThan(0);
  }, 600_000);
}
