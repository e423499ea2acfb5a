/**
 * Use cases of sampling against falsification (抽查核实), issue 14 part 6, decision 0038. The county (or a township
 * for its villages) draws a sample of the records of a subtree and period — meetings, dues payments, recruitment
 * steps — weighted by their consistency signals (domain/sampling/sampling.ts); the draw is a record (who, when, the
 * parameters, the seed the server chose, the candidates' count and digest, the drawn list) and is never redrawn or
 * deleted. Each drawn record is verified on site (属实 / 部分属实 / 不属实, note, verifier, day); the latest entry is
 * the record's mark, and a meeting marked 不属实 stops counting toward compliance (its org's rollup is refreshed in
 * the same transaction). Everything needs `sampling` on the draw's org.
 */
import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../shared/errors.js';
import { yuan } from '../domain/dues/amounts.js';
import { MEETING_KINDS } from '../shared/codes.js';
import {
  DrawCreateSchema,
  VerificationCreateSchema,
  type DrawCreate,
  type DrawList,
  type DrawSummary,
  type DrawView,
  type SampleItemView,
  type VerificationCreate,
  type VerificationView,
} from '../shared/sampling.js';
import type { Ctx } from './context.js';
import { requireOrg } from './orgs.js';
import { allowed, scopes } from './access.js';
import { actorId, orgResource } from '../domain/access/policy.js';
import {
  RESULT_ZH,
  SAMPLE_KIND_ZH,
  SIGNAL_ZH,
  WEIGHTING,
  draw as drawSample,
  weigh,
  type Candidate,
  type Signal,
} from '../domain/sampling/sampling.js';
import { stepLabel, type StepKind } from '../policy/recruitment.js';
import {
  drawById,
  drawsIn,
  insertDraw,
  insertVerification,
  itemById,
  itemsOf,
  sampleCandidates,
  setMark,
  verificationsOfDraw,
  type CandidateRow,
  type DrawRow,
  type VerificationRow,
} from '../db/repositories/sampling.js';
import { refreshLifeOf } from './life-rollup.js';
import { refreshLifeRunsIn } from './life-runs.js';

const refused = (message: string, field?: string) =>
  new AppError(
    'SAMPLING_REFUSED',
    message,
    field ? [{ field, code: 'SAMPLING_REFUSED', message }] : undefined,
  );
const drawNotFound = () => new AppError('NOT_FOUND', '没有找到该抽查，或您无权查看');

const meetingKindZh = (k: string) => MEETING_KINDS.find((m) => m.code === k)?.zh ?? k;

/** What a candidate record says, as the draw keeps it (the record may change later; the draw shows what it drew). */
function summaryOf(r: CandidateRow): string {
  if (r.kind === 'meeting')
    return `${r.on} ${(r.a ?? '').split(',').map(meetingKindZh).join('、')}：${r.b ?? ''}`;
  if (r.kind === 'dues_payment')
    return `${r.on} ${r.name ?? ''} 缴纳${r.a === r.b ? r.a : `${r.a}至${r.b}`}党费 ${yuan(r.amountFen ?? 0)}元`;
  return `${r.on} ${r.name ?? ''} ${stepLabel(r.a as StepKind)}`;
}

function summaryView(d: DrawRow): DrawSummary {
  return {
    id: d.id,
    orgCode: d.orgCode,
    orgName: d.orgName,
    from: d.periodFrom,
    to: d.periodTo,
    kinds: d.kinds,
    size: d.size,
    seed: d.seed,
    weighting: d.weighting,
    candidates: d.candidates,
    candidatesDigest: d.candidatesDigest,
    drawnBy: d.drawnByName,
    drawnAt: d.drawnAt,
    items: d.items,
    verified: d.verified,
    falseCount: d.falseCount,
  };
}

function verificationView(v: VerificationRow): VerificationView {
  return {
    id: v.id,
    itemId: v.itemId,
    drawId: v.drawId,
    result: v.result,
    resultZh: RESULT_ZH[v.result],
    note: v.note,
    verifier: v.verifier,
    verifiedOn: v.verifiedOn,
    recordedAt: v.recordedAt,
  };
}

/** The digest of a candidate list in canonical order with its weights: a replay of the draw can be checked by it. */
export function candidatesDigest(cs: readonly Candidate[]): string {
  const h = createHash('sha256');
  for (const c of weigh(cs)) h.update(`${c.kind}:${c.recordId}:${c.weight}\n`);
  return h.digest('hex');
}

function requireSampling(ctx: Ctx, path: string): void {
  if (!allowed(ctx, 'sampling', orgResource(path)))
    throw new AppError('FORBIDDEN', '您没有权限对该党组织抽查核实');
}

/** Draws a sample (the server chooses the seed, so a draw cannot be steered; every draw stays on the list). */
export async function createDraw(ctx: Ctx, body: DrawCreate): Promise<DrawView> {
  const input = DrawCreateSchema.parse(body);
  const today = ctx.clock.today();
  if (input.to > today) throw refused('抽查期间不能晚于今天', 'to');
  const seed = randomBytes(8).toString('hex');
  const id = await ctx.db.transaction(async (tx) => {
    const o = await requireOrg(ctx, tx, input.orgCode);
    requireSampling(ctx, o.path);
    const kinds = [...new Set(input.kinds)];
    const rows = await sampleCandidates(tx, o.path, input.from, input.to, kinds, ctx.settings.sampling);
    if (!rows.length) throw refused('该范围和期间内没有可抽查的记录', 'from');
    const byKey = new Map(rows.map((r) => [`${r.kind}:${r.recordId}`, r]));
    const candidates: Candidate[] = rows.map((r) => ({
      kind: r.kind,
      recordId: r.recordId,
      orgId: r.orgId,
      signals: r.signals,
    }));
    const drawn = drawSample(candidates, input.size, seed);
    return insertDraw(
      tx,
      {
        orgId: o.id,
        periodFrom: input.from,
        periodTo: input.to,
        kinds,
        size: input.size,
        seed,
        weighting: WEIGHTING,
        candidates: candidates.length,
        candidatesDigest: candidatesDigest(candidates),
        drawnBy: actorId(ctx.actor),
        drawnByName: ctx.actor.kind === 'user' ? ctx.actor.username : ctx.actor.label,
      },
      drawn.map((c, i) => ({
        position: i + 1,
        kind: c.kind,
        recordId: c.recordId,
        orgId: c.orgId,
        weight: c.weight,
        signals: c.signals,
        summary: summaryOf(byKey.get(`${c.kind}:${c.recordId}`)!),
      })),
    );
  });
  return showDraw(ctx, id);
}

/** A draw with its records, each with its mark and every verification of it. */
export async function showDraw(ctx: Ctx, id: number): Promise<DrawView> {
  const d = await drawById(ctx.db, id);
  if (!d || !allowed(ctx, 'sampling', orgResource(d.orgPath))) throw drawNotFound();
  const items = await itemsOf(ctx.db, id);
  const history = await verificationsOfDraw(ctx.db, id);
  const records: SampleItemView[] = items.map((i) => ({
    id: i.id,
    position: i.position,
    kind: i.kind,
    kindZh: SAMPLE_KIND_ZH[i.kind],
    recordId: i.recordId,
    orgCode: i.orgCode,
    orgName: i.orgName,
    weight: i.weight,
    signals: i.signals.map((s) => ({ code: s, zh: SIGNAL_ZH[s as Signal] ?? s })),
    summary: i.summary,
    exists: i.exists,
    mark: i.mark,
    history: history.filter((v) => v.kind === i.kind && v.recordId === i.recordId).map(verificationView),
  }));
  return { ...summaryView(d), records };
}

/** The draws the actor may see (over orgs where it may sample), newest first. */
export async function listDraws(ctx: Ctx): Promise<DrawList> {
  const rows = await drawsIn(ctx.db, scopes(ctx, 'sampling'), 200);
  return { draws: rows.map(summaryView) };
}

/**
 * Records an on-site verification of a drawn record. Never overwrites: the entry is added and becomes the record's
 * mark; a meeting's org is judged again in the same transaction (a meeting marked 不属实 no longer counts).
 */
export async function verifyItem(ctx: Ctx, itemId: number, body: VerificationCreate): Promise<DrawView> {
  const input = VerificationCreateSchema.parse(body);
  if (input.verifiedOn > ctx.clock.today()) throw refused('核实日期不能晚于今天', 'verifiedOn');
  const drawId = await ctx.db.transaction(async (tx) => {
    const item = await itemById(tx, itemId);
    const d = item ? await drawById(tx, item.drawId) : null;
    if (!item || !d || !allowed(ctx, 'sampling', orgResource(d.orgPath))) throw drawNotFound();
    if (!item.exists) throw refused('该记录已不存在，无法核实');
    if (input.result !== 'true' && !input.note) throw refused('核实为不属实或部分属实时，请写明情况', 'note');
    const vid = await insertVerification(
      tx,
      {
        itemId: item.id,
        kind: item.kind,
        recordId: item.recordId,
        orgId: item.orgId,
        result: input.result,
        note: input.note,
        verifier: input.verifier,
        verifiedOn: input.verifiedOn,
      },
      actorId(ctx.actor),
    );
    await setMark(tx, {
      kind: item.kind,
      recordId: item.recordId,
      orgId: item.orgId,
      result: input.result,
      verificationId: vid,
    });
    // the mark's trigger marked the org for the rollup: its and its ancestors' figures in this transaction
    if (item.kind === 'meeting') {
      await refreshLifeOf(tx, [item.orgId]);
      // and 党章第九条's maintained runs of the meeting's members (decision 0048)
      await refreshLifeRunsIn(tx, ctx.clock.today());
    }
    return d.id;
  });
  return showDraw(ctx, drawId);
}
