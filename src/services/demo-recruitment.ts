/**
 * The demo county's recruitment (发展党员, issue 13 item 7, decision 0025): people at every stage in five village
 * branches of the first two townships — applicants, activists, candidates, probationary members, some confirmed
 * years ago — with a few overdue steps (a talk, a half-yearly review, an approval). Every case is written through
 * the use cases with the clock set to each step's date, so each step is judged by the rules in force on it and the
 * history is one that could have happened: steps in order and at the rules' intervals, after the branch existed,
 * applicants at least 18 on the day they applied, mentors and sponsors who were full members then, votes with the
 * branch's full members of the day. The villages the demo generator left without admissions keep that history.
 */
import { addDays, addYears } from '../shared/dates.js';
import { checkChar } from '../shared/id-number.js';
import type { StepKind } from '../shared/recruitment-codes.js';
import type { StepCreate } from '../shared/recruitment.js';
import type { Ctx } from './context.js';
import { fixedClock } from './context.js';
import { openCase, recordStep } from './recruitment.js';
import { demoTownships } from '../db/repositories/lifecycle.js';
import {
  demoIdPrefix,
  demoRecruitmentBranches,
  demoSteadyMembers,
  firstVillageBranch,
} from '../db/repositories/demo.js';
import { entitledOn } from '../db/repositories/recruitment.js';
import { rngFor } from '../domain/demo/random.js';
import { givenName, surname } from '../domain/demo/names.js';

/** One step of the demo's timeline: days after the application, and what it carries. */
interface Planned {
  kind: StepKind;
  day: number;
  body?: Partial<StepCreate>;
  /** the step names the township committee (filing, pre-review, approval) */
  township?: boolean;
  mentors?: boolean;
  vote?: boolean;
}

/**
 * A case from application to archive at the 2014 rules' intervals: the talk within a month, reviews every half year,
 * the candidate a year and more after the activist, the approval within three months of the vote, the confirmation
 * vote a year and more after it.
 */
const TIMELINE: readonly Planned[] = [
  { kind: 'apply', day: 0 },
  { kind: 'talk', day: 18 },
  { kind: 'activist', day: 70 },
  { kind: 'activist_filed', day: 77, township: true },
  { kind: 'mentors', day: 78, mentors: true },
  { kind: 'review', day: 240 },
  { kind: 'review', day: 410 },
  { kind: 'candidate', day: 442 },
  { kind: 'candidate_filed', day: 446, township: true },
  { kind: 'sponsors', day: 448, mentors: true },
  { kind: 'political_review', day: 480, body: { outcome: 'passed' } },
  { kind: 'training', day: 495, body: { days: 3, hours: 24 } },
  { kind: 'committee_review', day: 510 },
  { kind: 'pre_review', day: 520, township: true },
  { kind: 'application_form', day: 527 },
  { kind: 'admission_vote', day: 540, vote: true },
  { kind: 'higher_talk', day: 552 },
  { kind: 'admission_approval', day: 590, township: true, body: { outcome: 'approved' } },
  { kind: 'assigned', day: 595 },
  { kind: 'admission_filed', day: 600 },
  { kind: 'oath', day: 605 },
  { kind: 'probation_review', day: 720 },
  { kind: 'confirmation_request', day: 880 },
  { kind: 'confirmation_vote', day: 915, vote: true, body: { decision: 'confirm' } },
  { kind: 'confirmation_approval', day: 950, township: true, body: { outcome: 'approved' } },
  { kind: 'archived', day: 975 },
];

/** A case: applied `ago` days before today, every planned step up to yesterday, stopping before `stop` if given. */
interface DemoCase {
  ago: number;
  stop?: StepKind;
  female?: boolean;
  /** age in years on the day of the application */
  age: number;
  education: string;
  occupation: 'farmer' | 'worker' | 'professional' | 'manager' | 'student' | 'other';
  minority?: boolean;
}

/**
 * The five branches' cases (about 100 steps: the e2e journeys seed the demo): the demo branch's board has every stage
 * and two overdue steps.
 */
const PLAN: readonly (readonly DemoCase[])[] = [
  [
    { ago: 10, age: 24, female: true, education: '31', occupation: 'farmer' },
    { ago: 45, stop: 'talk', age: 31, education: '61', occupation: 'worker' },
    { ago: 200, age: 27, female: true, education: '21', occupation: 'professional' },
    { ago: 470, age: 29, education: '71', occupation: 'farmer' },
    { ago: 750, age: 33, female: true, education: '31', occupation: 'manager', minority: true },
    { ago: 1000, age: 26, education: '41', occupation: 'farmer' },
  ],
  [
    { ago: 60, age: 22, education: '21', occupation: 'student' },
    { ago: 300, stop: 'review', age: 38, female: true, education: '71', occupation: 'farmer' },
  ],
  [
    { ago: 200, age: 35, education: '44', occupation: 'other' },
    { ago: 700, stop: 'admission_approval', age: 28, female: true, education: '31', occupation: 'farmer' },
  ],
  [{ ago: 10, age: 19, female: true, education: '61', occupation: 'farmer' }],
  [
    { ago: 60, age: 36, female: true, education: '71', occupation: 'farmer' },
    { ago: 545, age: 30, education: '61', occupation: 'worker' },
  ],
];

const OLDEST = Math.max(...PLAN.flat().map((c) => c.ago));

/** Writes the demo's recruitment cases; returns how many cases and steps it wrote. */
export async function seedDemoRecruitment(
  ctx: Ctx,
  rootCode: string,
): Promise<{ cases: number; steps: number }> {
  const today = ctx.clock.today();
  const existedBy = addDays(today, -OLDEST - 30);
  const towns = await demoTownships(ctx.db);
  if (!towns.length) return { cases: 0, steps: 0 };
  const branches: { id: number; code: string; town: string }[] = [];
  // the demo branch secretary's branch first (its board shows every stage), then others of its township
  const first = await firstVillageBranch(ctx.db, towns[0]!.path);
  for (const [t, upTo] of [
    [towns[0]!, 3],
    [towns[1] ?? towns[0]!, 5],
  ] as const) {
    const found = await demoRecruitmentBranches(ctx.db, t.path, existedBy, 5, 6, addYears(today, -5));
    const ordered = [...found].sort((a, b) => Number(b.id === first?.id) - Number(a.id === first?.id));
    for (const b of ordered)
      if (branches.length < upTo && !branches.some((x) => x.id === b.id))
        branches.push({ id: b.id, code: b.code, town: t.code });
  }
  const rng = rngFor(20261122, `recruitment:${rootCode}`);
  let cases = 0;
  let steps = 0;
  let serial = 0;
  for (const [i, branch] of branches.entries()) {
    const plan = PLAN[i] ?? [];
    const prefix = (await demoIdPrefix(ctx.db, branch.id)) ?? '420525';
    const mentors = await demoSteadyMembers(ctx.db, branch.id, existedBy, 4);
    if (mentors.length < 4) continue;
    for (const c of plan) {
      const applied = addDays(today, -c.ago);
      // born `age` years and some days before the application (at least 18 on the day)
      const birth = addDays(applied, -Math.round(c.age * 365.25) - 20 - serial);
      const birthYear = Number(birth.slice(0, 4));
      // the sequence digits 999 (men) and 000 (women) are never given by the generator: no clash with the roster
      const first17 = `${prefix}${birth.replace(/-/g, '')}${c.female ? '000' : '999'}`;
      serial++;
      const on = (d: string) => ({ ...ctx, clock: fixedClock(d) });
      const opened = await openCase(on(applied), {
        orgCode: branch.code,
        name: surname(rng, !!c.minority) + givenName(rng, birthYear, !!c.female),
        idNumber: first17 + checkChar(first17),
        ethnicity: c.minority ? '15' : '01',
        education: c.education,
        occupation: c.occupation,
        appliedOn: applied,
      });
      cases++;
      steps++;
      let pair = 0;
      for (const p of TIMELINE) {
        if (p.kind === 'apply') continue;
        if (p.kind === c.stop) break;
        const date = addDays(applied, p.day);
        if (date >= today) break;
        const body: StepCreate = { kind: p.kind, takenOn: date, ...p.body };
        if (p.township) body.orgCode = branch.town;
        if (p.mentors) body.memberIds = mentors.slice(pair, (pair += 2));
        if (p.vote) {
          const entitled = await entitledOn(ctx.db, branch.id, date);
          const present = Math.min(entitled, Math.floor(entitled * 0.75) + 1);
          const yes = present - (present - 1 > entitled / 2 ? 1 : 0);
          body.vote = {
            present,
            yes,
            no: present - yes,
            abstain: 0,
            writtenYes: 0,
            writtenNo: 0,
            ballot: 'show_of_hands',
          };
        }
        await recordStep(on(date), opened.id, body);
        steps++;
      }
    }
  }
  return { cases, steps };
}
