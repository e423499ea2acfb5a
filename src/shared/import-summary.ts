/**
 * The one sentence an import's report opens with (issue 9): each cause with how many rows it stopped, then the rows
 * that were not imported only because a row they depend on was not — "16 行“所在领域”为空；另有 791 行因其上级组织
 * 未能导入而未导入". The web import wizard, the CLI and the API (ImportResult.headline) say the same words.
 */
import type { ImportProblem } from './schemas.js';

/** What a dependent group's rows have in common, by code. */
const DEPENDENT_ZH: Record<string, string> = {
  ORG_PARENT_REJECTED: '因其上级组织未能导入而未导入',
};

/** Causes named one by one in the headline; the others are counted. */
const HEADLINE_CAUSES = 3;

function cause(p: ImportProblem): string {
  if (p.code === 'REQUIRED') return `${p.count} 行“${p.column}”为空`;
  return `${p.count} 行“${p.column}”：${p.message}`;
}

export function importHeadline(summary: readonly ImportProblem[]): string {
  const causes = summary.filter((p) => !p.dependent);
  const dependent = summary.filter((p) => p.dependent);
  const parts = causes.slice(0, HEADLINE_CAUSES).map(cause);
  const rest = causes.slice(HEADLINE_CAUSES);
  if (rest.length) parts.push(`另有 ${rest.length} 类问题共 ${rest.reduce((n, p) => n + p.count, 0)} 处`);
  const byPhrase = new Map<string, number>();
  for (const p of dependent) {
    const phrase = DEPENDENT_ZH[p.code] ?? '因所依赖的行未能导入而未导入';
    byPhrase.set(phrase, (byPhrase.get(phrase) ?? 0) + p.count);
  }
  for (const [phrase, n] of byPhrase) parts.push(`${parts.length ? '另有 ' : ''}${n} 行${phrase}`);
  return parts.join('；');
}

/** Ledger warnings one line per cause: "3 行 缺席人员不在名册上" (the import summary, CLI and web). */
export const LEDGER_WARNING_ZH: Record<string, string> = {
  ABSENTEE_NOT_ON_ROSTER: '缺席人员会议当天不在该组织名册上（未计入缺席）',
  ABSENTEE_AMBIGUOUS: '缺席人员同名，无法确定是谁（按出席记录）',
  PRESENT_COUNT_MISMATCH: '实到人数与名册人数减缺席人数不符',
  EXPECTED_COUNT_MISMATCH: '应到人数与会议当天名册人数不符',
  ALREADY_RECORDED_DIFFERENT: '会议已记录，台账与已有记录的缺席人员不同（未改动已有记录）',
  SAME_DAY_MEETING: '同一天已记录了同类会议（主题不同，作为另一次会议导入）',
  DUES_LATE_MAKE_UP: '补交的月份距缴纳日期超过6个月（第十二条：补交一般不超过6个月），已导入，请核实',
  DUES_AMOUNT_DIFFERS: '缴纳金额与应交党费不一致，已导入，请核实',
  DUES_TO_CENTRE: '自愿一次多交1000元以上，按第十一条全部上缴中央',
};

/**
 * One line per cause of the warnings (issue 9 #3): "611 行的工作岗位为“企事业单位管理人员”，无法对应标准类别" — the
 * column as the file names it, the value as the file has it.
 */
export function warningLine(count: number, column: string, value: string, code = 'UNCLASSIFIED'): string {
  const ledger = LEDGER_WARNING_ZH[code];
  if (ledger) return `${count} 行${ledger}`;
  return `${count} 行的${column}为“${value}”，无法对应标准类别`;
}
