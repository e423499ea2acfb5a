/** The history as people read it: each entry names the org it concerns (issue 10 #7: "班子成员 · 纪检委员" of which org?). */
import { expect, it } from 'vitest';
import { describeDb } from '../helpers/db.js';
import { member, smallCounty } from '../helpers/factory.js';
import { listAudit } from '../../src/services/audit.js';
import { updateMember } from '../../src/services/members.js';
import { withAuditSession } from '../../src/db/client.js';

describeDb('audit entries name their org', (h) => {
  it('gives the org of a change to a member', async () => {
    const ctx = { ...h.ctx(), db: withAuditSession(h.db, { actorId: null, label: 'tester', ip: null }) };
    await smallCounty(ctx);
    const m = await member(ctx, 'V21', '审计对象');
    await updateMember(ctx, m.id, { name: '审计对象乙' });
    const page = await listAudit(h.ctx(), { page: 1, pageSize: 200 });
    const changes = page.items.filter((e) => e.memberId === m.id && e.action === 'update');
    expect(changes.length).toBeGreaterThan(0);
    for (const e of changes) expect(e.orgName).toBe('丙村党支部');
  });
});
