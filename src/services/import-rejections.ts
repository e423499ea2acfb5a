/**
 * The rejections of one import, collected in bounded memory. A file can hold a million bad rows; what a person
 * needs is what is wrong (grouped by problem: code and column), how often, and some rows to look at. So each
 * group keeps its count and only its first KEPT_PER_GROUP rejections (lowest row numbers); the distinct bad rows
 * are counted in a bitmap (one bit per row number). Memory grows with the number of groups — a few codes times the
 * columns of the sheet — not with the number of bad rows.
 */
import type {
  ImportProblem,
  ImportRejection,
  ImportResult,
  ImportWarning,
  ImportWarningGroup,
} from '../shared/schemas.js';
import { ERROR_CODES } from '../shared/errors.js';
import { importHeadline, warningLine } from '../shared/import-summary.js';

/** Rejections kept (listed, and paged through by the API) per problem group; the others are only counted. */
export const KEPT_PER_GROUP = 200;

/** Row numbers given as examples in a summary line. */
export const SUMMARY_ROWS = 10;

/**
 * Codes of rows rejected only because a row they depend on was rejected (a child org whose parent's row was
 * bad): reported as their own groups, after the problems that caused them.
 */
export const DEPENDENT_CODES: ReadonlySet<string> = new Set(['ORG_PARENT_REJECTED']);

/**
 * What a group says when its rows' messages differ (they quote the row's value or another row's number): the
 * problem without the particulars. Groups whose rows all say the same keep that message.
 */
const GENERIC_ZH: Record<string, string> = {
  DUPLICATE_IN_FILE: '与文件中前面的某一行重复，同一文件中只能出现一次',
  ORG_NOT_FOUND: '党组织编码不存在，或不在您的管理范围内',
  ORG_PARENT_INVALID: '上级组织在系统和本文件中都不存在、不在您的管理范围内，或已撤销',
  ORG_PARENT_REJECTED: '上级组织在本文件中的行未能导入，这些行因此未导入',
  ORG_DISSOLVED: '党组织已撤销，不能编入党员',
  ORG_CODE_TAKEN: '组织编码已被您管理范围以外的组织使用',
  SEX_CONFLICT: '性别与身份证号不一致',
  BIRTH_DATE_CONFLICT: '出生日期与身份证号不一致',
  JOIN_UNDER_AGE: '入党时未满规定年龄，请核对入党日期或身份证号',
  DATE_INVALID: '日期不存在，请核对月份和日期',
  DATE_OUT_OF_RANGE: '日期的年份不合理',
  DATE_FORMAT: '无法识别的日期，请填写为“2020-03-05”或“2020年3月5日”这样的格式',
  DATE_NO_DAY: '日期只有年月、没有具体日期，请补全为“年-月-日”，如 2020-03-05',
  CODE_NOT_ALLOWED: '填写的值不能用于这一列',
  CODE_UNKNOWN: '填写的值无法识别，可填写的值见模板的“填写说明”',
  YES_NO_UNKNOWN: '无法识别，请填写“是”或“否”',
  NUMBER_PRECISION_LOST: '单元格被 Excel 存成了数字，后几位可能已经丢失；请把该列设置为“文本”格式后重新填写',
  REQUIRED: '不能为空',
  INVALID: '填写不正确',
};

/** Distinct row numbers, one bit each (a million rows: 128 KB). */
class RowSet {
  private bits = new Uint8Array(1024);
  private readonly other = new Set<number>();
  size = 0;

  add(row: number): void {
    if (!Number.isInteger(row) || row < 0 || row >= 2 ** 31) {
      if (!this.other.has(row)) {
        this.other.add(row);
        this.size++;
      }
      return;
    }
    const byte = row >>> 3;
    if (byte >= this.bits.length) {
      let n = this.bits.length;
      while (n <= byte) n *= 2;
      const grown = new Uint8Array(n);
      grown.set(this.bits);
      this.bits = grown;
    }
    const bit = 1 << (row & 7);
    if (!(this.bits[byte]! & bit)) {
      this.bits[byte]! |= bit;
      this.size++;
    }
  }
}

interface Group {
  code: string;
  column: string;
  /** the message of the first rejection seen, and whether any other differs */
  message: string;
  varied: boolean;
  count: number;
  /** at most KEPT_PER_GROUP: the lowest row numbers seen */
  kept: ImportRejection[];
  /** index in kept of its highest row (the one to give up for a lower row) */
  top: number;
}

/**
 * An import's counts while it runs, and its rejections (bounded). Structurally an ImportResult (the demo
 * generator reads it as one); `toResult()` gives the plain result an import returns.
 */
export class ImportTally implements ImportResult {
  total = 0;
  inserted = 0;
  updated = 0;
  unchanged = 0;
  /** every rejection, listed or not */
  rejectedTotal = 0;
  private readonly groups = new Map<string, Group>();
  private readonly rows = new RowSet();
  /** warnings, by cause: code, column and the value (one root cause, one line) */
  private readonly warned = new Map<string, { w: ImportWarning; count: number; kept: ImportWarning[] }>();
  warningTotal = 0;

  /** A row imported with something to say about it (a value kept unclassified). Rows come in order. */
  warn(w: ImportWarning): void {
    this.warningTotal++;
    const key = `${w.code}\u0000${w.column}\u0000${w.value}`;
    let g = this.warned.get(key);
    if (!g) this.warned.set(key, (g = { w, count: 0, kept: [] }));
    g.count++;
    if (g.kept.length < KEPT_PER_GROUP) g.kept.push(w);
  }

  /** the warnings of each cause, most frequent first */
  get warningSummary(): ImportWarningGroup[] {
    return [...this.warned.values()]
      .map(({ w, count, kept }) => ({
        code: w.code,
        column: w.column,
        field: w.field,
        value: w.value,
        message: warningLine(count, w.column, w.value, w.code),
        count,
        rows: kept.slice(0, SUMMARY_ROWS).map((k) => k.row),
      }))
      .sort((a, b) => b.count - a.count || a.rows[0]! - b.rows[0]!);
  }

  /** the kept warnings, in row order */
  get warnings(): ImportWarning[] {
    const out: ImportWarning[] = [];
    for (const g of this.warned.values()) for (const w of g.kept) out.push(w);
    return out.sort((a, b) => a.row - b.row);
  }

  reject(r: ImportRejection): void {
    this.rejectedTotal++;
    this.rows.add(r.row);
    const key = `${r.code}\u0000${r.column}`;
    let g = this.groups.get(key);
    if (!g) {
      g = { code: r.code, column: r.column, message: r.message, varied: false, count: 0, kept: [], top: 0 };
      this.groups.set(key, g);
    } else if (!g.varied && r.message !== g.message) {
      g.varied = true;
    }
    g.count++;
    if (g.kept.length < KEPT_PER_GROUP) {
      g.kept.push(r);
      if (r.row > g.kept[g.top]!.row) g.top = g.kept.length - 1;
      return;
    }
    // rows mostly come in order, so this is rare: a lower row than the highest kept takes its place
    if (r.row >= g.kept[g.top]!.row) return;
    g.kept[g.top] = r;
    let top = 0;
    for (let i = 1; i < g.kept.length; i++) if (g.kept[i]!.row > g.kept[top]!.row) top = i;
    g.top = top;
  }

  /** distinct rows with at least one rejection */
  get badRows(): number {
    return this.rows.size;
  }

  /** the kept rejections, in row order */
  get rejected(): ImportRejection[] {
    const out: ImportRejection[] = [];
    for (const g of this.groups.values()) for (const r of g.kept) out.push(r);
    return out.sort((a, b) => a.row - b.row);
  }

  /** one line per problem group: the causes, most frequent first, then the rows that depend on them */
  get summary(): ImportProblem[] {
    const lines: ImportProblem[] = [];
    for (const g of this.groups.values()) {
      const rows = [...new Set(g.kept.map((r) => r.row))].sort((a, b) => a - b);
      const generic = GENERIC_ZH[g.code] ?? (ERROR_CODES as Record<string, { zh: string }>)[g.code]?.zh;
      lines.push({
        code: g.code,
        column: g.column,
        message: g.varied && generic ? generic : g.message,
        count: g.count,
        rows: rows.slice(0, SUMMARY_ROWS),
        dependent: DEPENDENT_CODES.has(g.code),
      });
    }
    return lines.sort(
      (a, b) => Number(a.dependent) - Number(b.dependent) || b.count - a.count || a.rows[0]! - b.rows[0]!,
    );
  }

  /** The plain result: counts, totals, summary and the kept rejections. */
  toResult(): ImportResult {
    const summary = this.summary;
    return {
      total: this.total,
      inserted: this.inserted,
      updated: this.updated,
      unchanged: this.unchanged,
      rejectedTotal: this.rejectedTotal,
      badRows: this.badRows,
      headline: importHeadline(summary),
      summary,
      rejected: this.rejected,
      warningTotal: this.warningTotal,
      warningSummary: this.warningSummary,
      warnings: this.warnings,
    };
  }
}
