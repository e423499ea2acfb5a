/**
 * Importing the recruitment ledger (入党申请人/积极分子/发展对象台账, issue 13 item 6, decision 0025) in the members
 * import's shape: every row read and checked, applied in one transaction, `dryRun` rolls back, `allOrNothing`
 * writes nothing when any row is bad, `warnings` for rows kept. Rejected with the reason: an unknown org or one
 * outside the account's scope, dates in an impossible order or not matching the stage, under 18 at the
 * application, an ID number already on the roster as a member, a person already in another case. Kept with a
 * warning: dates that break an interval rule of the rule set in force on them. A row of a person whose case from
 * the same application is already recorded changes nothing. A 预备党员 row enters the person on the roster through
 * the members' write path, from the date of the general meeting.
 */
import type { Ctx } from './context.js';
import type { ImportResult } from '../shared/schemas.js';
import type { TableSource } from '../io/read-table.js';
import { fieldsOf } from '../io/headers.js';
import { parseApplicantRows, type ApplicantImport } from '../io/parse-sheet.js';
import { ImportTally } from './import-rejections.js';
import { inTransaction } from './dues-imports.js';
import type { ImportOptions } from './imports.js';
import { orgByCode } from '../db/repositories/orgs.js';
import { personsByIdNumbers } from '../db/repositories/members.js';
import {
  insertCase,
  insertPerson,
  insertStep,
  openCaseOf,
  orgsAbove,
  stepsOf,
  updateCase,
} from '../db/repositories/recruitment.js';
import { checkMemberOrg } from '../domain/member/write.js';
import { ledgerProblems, ledgerWarnings } from '../domain/recruitment/ledger.js';
import { approverOf, caseStatus, type RecordedStep } from '../domain/recruitment/judge.js';
import { nameKeys } from '../domain/member/names.js';
import { actorId, orgResource } from '../domain/access/policy.js';
import { allowed } from './access.js';
import { parseIdNumber } from '../shared/id-number.js';
import { isCurrentMembership } from '../shared/codes.js';
import { judgeDue, rulesLookup } from './recruitment.js';
import { enterKnownPerson } from './members.js';
import type { StepKind } from '../policy/recruitment.js';

export async function importApplicants(
  ctx: Ctx,
  source: TableSource,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  const today = ctx.clock.today();
  return inTransaction(ctx, opts, async (tx) => {
    const tally = new ImportTally();
    const canonical = new Map(fieldsOf('applicants').map((f) => [f.key, f.header]));
    const col = (key: string) => canonical.get(key) ?? key;
    const parsed: { row: number; value: ApplicantImport }[] = [];
    for await (const r of parseApplicantRows(
      source,
      opts.onProgress ? { onProgress: opts.onProgress } : {},
    )) {
      tally.total++;
      if (r.errors.length || !r.value) {
        for (const e of r.errors) tally.reject(e);
        continue;
      }
      parsed.push({ row: r.row, value: r.value });
    }
    const rulesOn = await rulesLookup(tx.db);
    const persons = await personsByIdNumbers(tx.db, [...new Set(parsed.map((p) => p.value.idNumber))]);
    const seen = new Map<string, number>();
    const judged: number[] = [];
    for (const { row, value: v } of parsed) {
      const reject = (field: string, code: string, message: string) =>
        tally.reject({ row, column: col(field), code, message });
      const first = seen.get(v.idNumber);
      if (first !== undefined) {
        reject('idNumber', 'DUPLICATE_IN_FILE', `与第${first}行是同一个人`);
        continue;
      }
      seen.set(v.idNumber, row);
      const id = parseIdNumber(v.idNumber, today);
      if (!id.ok) {
        reject('idNumber', id.problem, '身份证号无效');
        continue;
      }
      const org = await orgByCode(tx.db, v.orgCode, '/');
      const orgProblem = checkMemberOrg(ctx.actor, v.orgCode, org);
      if (orgProblem || !org || !allowed(ctx, 'recruitment.write', orgResource(org.path))) {
        reject(
          'orgCode',
          orgProblem?.code ?? 'FORBIDDEN',
          orgProblem?.message ?? `您没有权限记录党组织 ${v.orgCode} 的发展党员工作`,
        );
        continue;
      }
      const dates = { ...v, birthDate: id.info.birthDate };
      const problems = ledgerProblems(dates, today, rulesOn);
      if (problems.length) {
        for (const p of problems) reject(p.field, p.code, p.message);
        continue;
      }
      const known = persons.get(id.info.idNumber);
      // the same case again (a re-import): unchanged, whatever it became since
      const open = known ? await openCaseOf(tx.db, known.personId) : null;
      if (open) {
        const [apply] = await stepsOf(tx.db, [open.id]);
        if (open.orgPath === org.path && apply?.takenOn === v.appliedOn) {
          tally.unchanged++;
          continue;
        }
      }
      if (known?.memberships.some((m) => isCurrentMembership(m.status))) {
        reject('idNumber', 'MEMBER_ID_NUMBER_TAKEN', '该身份证号已是党员（在名册上），不能作为发展对象导入');
        continue;
      }
      if (open) {
        reject(
          'idNumber',
          'RECRUITMENT_PERSON_TAKEN',
          '该申请人已在发展程序中（另有一条记录），不能重复导入',
        );
        continue;
      }
      for (const w of ledgerWarnings(dates, rulesOn))
        tally.warn({
          row,
          column: col(w.field),
          code: w.code,
          message: w.message,
          field: w.field,
          value: String(dates[w.field] ?? ''),
        });
      const personId =
        known?.personId ??
        (await insertPerson(
          tx.db,
          {
            name: v.name,
            sex: id.info.sex,
            birthDate: id.info.birthDate,
            idNumber: id.info.idNumber,
            ethnicity: v.ethnicity,
            education: null,
            occupation: null,
            ethnicityRaw: null,
            educationRaw: null,
            occupationRaw: null,
            nativePlace: null,
            phone: v.phone,
            address: null,
            workUnit: null,
            jobTitle: null,
          },
          nameKeys(v.name),
        ))!;
      const caseId = await insertCase(
        tx.db,
        { personId, orgId: org.id, status: 'applicant' },
        actorId(ctx.actor),
      );
      const approver = approverOf(await orgsAbove(tx.db, org.path));
      const steps: RecordedStep[] = [];
      const add = async (kind: StepKind, on: string | null, data: RecordedStep['data'] = {}) => {
        if (!on) return;
        const d = { ...data, imported: true } as RecordedStep['data'];
        steps.push({ kind, on, data: d });
        await insertStep(
          tx.db,
          { caseId, orgId: org.id, kind, takenOn: on, data: d, rules: rulesOn(on).id, warnings: [] },
          actorId(ctx.actor),
        );
      };
      await add('apply', v.appliedOn);
      await add('talk', v.talkOn);
      await add('activist', v.activistOn);
      await add('candidate', v.candidateOn);
      if (v.stage === 'probationary') {
        await add('admission_vote', v.admittedOn, { outcome: 'passed' });
        await add('admission_approval', v.approvedOn ?? v.admittedOn, {
          outcome: 'approved',
          orgCode: approver?.code ?? null,
          ...(v.approvedOn ? {} : { note: '台账未填审批日期，按支部大会日期记录' }),
        });
      }
      let memberId: number | null = null;
      if (v.stage === 'probationary')
        memberId = await enterKnownPerson(
          tx,
          tx.db,
          personId,
          known?.memberships ?? [],
          org,
          {
            orgCode: org.code,
            status: 'probationary',
            name: v.name,
            idNumber: id.info.idNumber,
            ethnicity: v.ethnicity,
            phone: v.phone,
            joinedOn: v.admittedOn!,
          },
          { idNumber: id.info.idNumber, sex: id.info.sex, birthDate: id.info.birthDate },
        );
      await updateCase(tx.db, caseId, {
        status: caseStatus(steps),
        memberId,
        closedOn: null,
        closeReason: null,
      });
      judged.push(caseId);
      tally.inserted++;
    }
    // the imported cases' earliest deadlines (decision 0050), in the import's transaction
    await judgeDue(tx.db, judged, today);
    return tally;
  });
}
