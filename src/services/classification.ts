/**
 * The mapping of unclassified texts to standard categories (issue 9 #3, decision 0013): what is still unclassified,
 * and a mapping — saved as a local synonym of the deployment and applied at once, in one transaction, to every
 * person who holds the text (their category set, the text cleared; the audit log keeps it) with the statistics
 * moved from 未归类 to the category. Every later import reads the local synonyms (services/imports.ts).
 */
import type { Ctx } from './context.js';
import { actorId, can, deployment } from '../domain/access/policy.js';
import { AppError } from '../shared/errors.js';
import { CLASSIFIED, CLASSIFIED_FIELDS, type ClassifiedField } from '../shared/classification.js';
import { labelOf } from '../shared/codes.js';
import type {
  ClassificationMap,
  ClassificationMapResult,
  ClassificationOverview,
} from '../shared/schemas.js';
import {
  localSynonyms,
  lockHolders,
  reclassify,
  saveLocalSynonym,
  unclassifiedTexts,
  unclassifiedValues,
} from '../db/repositories/classification.js';
import { applyDelta, holdStats } from '../db/repositories/stats.js';
import { StatDelta, memberKeys, pathIds } from '../domain/stats/keys.js';
import {
  cleanText,
  lookupKey,
  normalizeEducation,
  normalizeEthnicity,
  normalizeOccupation,
  type Normalizer,
} from '../io/normalize.js';

/** The code table and built-in synonyms of each field (what an import knows before the local synonyms). */
const STANDARD: Record<ClassifiedField, Normalizer<string>> = {
  ethnicity: normalizeEthnicity,
  education: normalizeEducation,
  occupation: normalizeOccupation,
};

function requireClassify(ctx: Ctx): void {
  if (!can(ctx.actor, 'classify', deployment)) throw new AppError('FORBIDDEN');
}

/** What is still unclassified (with how many persons hold each text) and the local synonyms. */
export async function classificationOverview(ctx: Ctx): Promise<ClassificationOverview> {
  requireClassify(ctx);
  const values = await unclassifiedValues(ctx.db, null);
  const synonyms = await localSynonyms(ctx.db);
  return {
    fields: CLASSIFIED_FIELDS.map((field) => ({
      field,
      zh: CLASSIFIED[field].zh,
      codes: CLASSIFIED[field].codes.map((c) => ({ code: c.code, zh: c.zh })),
      values: values
        .filter((v) => v.field === field)
        .map((v) => ({ raw: v.raw, persons: v.persons, onRoster: v.onRoster })),
    })),
    synonyms: synonyms.map((s) => ({
      id: s.id,
      field: s.field,
      raw: s.raw,
      code: s.code,
      codeZh: labelOf(CLASSIFIED[s.field].codes, s.code),
      mappedBy: s.mappedBy,
      updatedAt: s.updatedAt,
    })),
  };
}

/**
 * Maps a text of a field to a category: saves it as a local synonym (or changes the one there is) and gives every
 * person who holds the text — or a spelling of it that differs only in width, spacing or case — the category, with
 * the statistics of those on the roster moved from 未归类 to it, all in one transaction.
 */
export async function mapClassification(
  ctx: Ctx,
  input: ClassificationMap,
): Promise<ClassificationMapResult> {
  requireClassify(ctx);
  const { field, code } = input;
  const spec = CLASSIFIED[field];
  if (!spec.codes.some((c) => c.code === code))
    throw new AppError('CLASSIFICATION_CODE_UNKNOWN', `${spec.zh}没有代码为“${code}”的标准类别`);
  const raw = cleanText(input.raw);
  const rawKey = lookupKey(raw);
  const standard = STANDARD[field](raw);
  if (standard.ok && standard.value !== null && standard.value !== code)
    throw new AppError(
      'CLASSIFICATION_STANDARD',
      `${spec.zh}“${raw}”已按标准对应为“${labelOf(spec.codes, standard.value)}”，不能另行对应`,
    );
  const codeZh = labelOf(spec.codes, code);
  return ctx.db.transaction(async (db) => {
    const today = ctx.clock.today();
    const texts = (await unclassifiedTexts(db, field)).filter((t) => lookupKey(t) === rawKey);
    // the persons first, then the aggregates: the order every member write keeps (decision 0009)
    const holders = texts.length ? await lockHolders(db, field, texts) : [];
    const stats = await holdStats(db, today);
    const delta = new StatDelta();
    for (const h of holders) {
      const ids = pathIds(h.path);
      delta.add(ids, memberKeys(h, stats.asOf), -1);
      const after = { ...h, [field]: code, [spec.rawField]: null };
      delta.add(ids, memberKeys(after, stats.asOf), 1);
    }
    const reclassified = texts.length ? await reclassify(db, field, texts, code) : 0;
    await applyDelta(db, delta);
    const previousCode = await saveLocalSynonym(db, {
      field,
      raw,
      rawKey,
      code,
      mappedBy: actorId(ctx.actor),
    });
    return { field, raw, code, codeZh, previousCode, reclassified, onRoster: holders.length };
  });
}
