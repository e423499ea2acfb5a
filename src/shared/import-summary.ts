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

/**
 * One line per cause of the warnings (issue 9 #3): "611 行的工作岗位为“企事业单位管理人员”，无法对应标准类别" — the
 * column as the file names it, the value as the file has it.
 */
export function warningLine(count: number, column: string, value: string): string {
  return `${count} 行的${column}为“${value}”，无法对应标准类别`;
}
