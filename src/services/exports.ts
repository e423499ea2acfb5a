/** Exports of roster and org-list views to .xlsx (streamed), and the import templates. */
import type { Ctx } from './context.js';
import type { MemberListQuery } from '../shared/schemas.js';
import { columnsFor, writeTemplate, writeXlsx, type XlsxTarget } from '../io/write-xlsx.js';
import { iterateMembers } from './members.js';
import { requireOrg } from './orgs.js';
import { activeOrgsUnder } from '../db/repositories/exports.js';
import { can, orgResource } from '../domain/access/policy.js';
import { maskIdNumber, maskPhone } from '../shared/id-number.js';
import {
  EDUCATIONS,
  ETHNICITIES,
  MEMBER_STATUSES,
  OCCUPATIONS,
  ORG_KINDS,
  SECTORS,
  SEXES,
  labelOf,
} from '../shared/codes.js';
import { AppError } from '../shared/errors.js';
import { writeAudit } from './audit.js';

export interface MemberExportOptions {
  /** full ID numbers and phones (a re-importable file) instead of masked ones */
  full?: boolean;
}

export async function exportMembers(
  ctx: Ctx,
  orgCode: string,
  filter: Omit<MemberListQuery, 'page' | 'pageSize' | 'sort'>,
  target: XlsxTarget,
  opts: MemberExportOptions = {},
): Promise<{ rows: number }> {
  const org = await requireOrg(ctx, ctx.db, orgCode);
  if (opts.full && !can(ctx.actor, 'reveal', orgResource(org.path)))
    throw new AppError('FORBIDDEN', '您的角色不能导出完整的身份证号和电话');
  // a past-date roster also lists members who have since left the actor's scope; of those it shows only
  // identity and history, in a full export too (decision 0005), and the audit entry counts them
  let withheld = 0;
  const rows = (async function* () {
    for await (const m of iterateMembers(ctx, orgCode, filter)) {
      const full = opts.full === true && m.view === 'current';
      if (m.view === 'history') withheld++;
      yield {
        orgCode: m.orgCode,
        orgName: m.orgName,
        name: m.name,
        idNumber: full ? m.idNumber : maskIdNumber(m.idNumber),
        sex: labelOf(SEXES, m.sex),
        birthDate: m.birthDate,
        // an unclassified value as it was imported: a re-import of the export keeps it as it is
        ethnicity: m.ethnicityRaw ?? labelOf(ETHNICITIES, m.ethnicity),
        education: m.educationRaw ?? labelOf(EDUCATIONS, m.education),
        occupation: m.occupationRaw ?? labelOf(OCCUPATIONS, m.occupation),
        status: labelOf(MEMBER_STATUSES, m.status),
        joinedOn: m.joinedOn,
        confirmedOn: m.confirmedOn,
        phone: full ? m.phone : maskPhone(m.phone),
        nativePlace: m.nativePlace,
        address: full ? m.address : null,
        workUnit: m.workUnit,
        jobTitle: m.jobTitle,
        isMobile: m.isMobile === null ? null : m.isMobile ? '是' : '否',
      };
    }
  })();
  const columns = columnsFor('members');
  const orgCol = columns.findIndex((c) => c.key === 'orgCode');
  columns.splice(orgCol + 1, 0, { header: '所在党组织', key: 'orgName', width: 28 });
  const out = await writeXlsx(
    target,
    { name: '党员名册', title: `${org.name}党员名册${filter.asOf ? `（截至${filter.asOf}）` : ''}`, columns },
    rows,
  );
  await writeAudit(ctx, ctx.db, {
    action: opts.full ? 'export_sensitive' : 'export',
    entity: 'member',
    entityId: null,
    orgPath: org.path,
    memberId: null,
    after: {
      org: org.code,
      rows: out.rows,
      filter: auditedFilter(filter),
      full: opts.full ?? false,
      withheld,
    },
  });
  return out;
}

export async function exportOrgs(ctx: Ctx, orgCode: string, target: XlsxTarget): Promise<{ rows: number }> {
  const org = await requireOrg(ctx, ctx.db, orgCode);
  // the whole subtree of an org the actor may read (requireOrg): grants and bindings reach whole subtrees
  const list = await activeOrgsUnder(ctx.db, org.path);
  const rows = list.map((o) => ({
    code: o.code,
    name: o.name,
    shortName: o.shortName,
    parentCode: o.parentCode,
    kind: labelOf(ORG_KINDS, o.kind),
    sector: labelOf(SECTORS, o.sector),
    divisionCode: o.divisionCode,
    foundedOn: o.foundedOn,
    address: o.address,
    contactPhone: o.contactPhone,
  }));
  return writeXlsx(
    target,
    { name: '党组织', title: `${org.name}及下级党组织`, columns: columnsFor('orgs') },
    rows,
  );
}

export { writeTemplate };

/**
 * The export's filter as the audit log keeps it: a search by digits is the tail of an ID number (personal data),
 * so only how many digits were searched is kept.
 */
function auditedFilter<F extends { q?: string | undefined }>(filter: F): F {
  if (!filter.q || !/\d/.test(filter.q)) return filter;
  return { ...filter, q: `（按身份证号${filter.q.replace(/[^\dxX]/g, '').length}位数字检索）` };
}
