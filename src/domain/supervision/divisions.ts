/**
 * A county's village-level division table (统计用区划代码和城乡划分代码 style; issue 14 part 1, decision 0039): the
 * rows checked for identity before anything is stored — the code's shape (12 digits, a township 9 digits or 12 ending
 * in 000), the county it belongs to, its township present in the same table, no code twice, the urban-rural class
 * code from the statistics bureau's list — and what the coverage indicator reads from it. Pure.
 */

/** 城乡分类代码 of the statistics bureau's 统计用区划代码和城乡划分代码 (国统字〔2008〕60号 《统计用区划和城乡划分代码编制规则》). */
export const URBAN_RURAL_CODES = [
  { code: '111', zh: '主城区' },
  { code: '112', zh: '城乡结合区' },
  { code: '121', zh: '镇中心区' },
  { code: '122', zh: '镇乡结合区' },
  { code: '123', zh: '特殊区域' },
  { code: '210', zh: '乡中心区' },
  { code: '220', zh: '村庄' },
] as const;
export type UrbanRural = (typeof URBAN_RURAL_CODES)[number]['code'];
const URBAN_RURAL = new Set<string>(URBAN_RURAL_CODES.map((c) => c.code));

/** A row as read from the file (already trimmed; null when the cell was empty). */
export interface DivisionInput {
  row: number;
  code: string;
  name: string;
  urbanRural: string | null;
  townshipCode: string | null;
}

export interface DivisionEntry {
  code: string;
  name: string;
  level: 'township' | 'village';
  townshipCode: string;
  urbanRural: UrbanRural | null;
}

export interface DivisionProblem {
  row: number;
  field: 'code' | 'name' | 'urbanRural' | 'townshipCode';
  code: string;
  message: string;
}

/** Village-level class from the code's 10th digit: 001–199 居委会 (community), 200–399 村委会 (village), else virtual. */
export function villageClass(code: string): 'community' | 'village' | null {
  const d = code[9];
  if (d === '0' || d === '1') return 'community';
  if (d === '2' || d === '3') return 'village';
  return null;
}

/**
 * A code as the table means it: a township's 9 digits (also written as 12 ending in 000), a village's 12, the county
 * itself (6 digits, or 12 ending in 000000), or nothing recognisable.
 */
export function divisionCodeKind(
  raw: string,
): { kind: 'county' | 'township' | 'village'; code: string } | null {
  if (!/^\d+$/.test(raw)) return null;
  if (raw.length === 6) return { kind: 'county', code: raw };
  if (raw.length === 9) return raw.endsWith('000') ? null : { kind: 'township', code: raw };
  if (raw.length !== 12) return null;
  if (raw.endsWith('000000')) return { kind: 'county', code: raw.slice(0, 6) };
  if (raw.endsWith('000'))
    return raw.slice(6, 9) === '000' ? null : { kind: 'township', code: raw.slice(0, 9) };
  if (raw.slice(6, 9) === '000') return null;
  return { kind: 'village', code: raw };
}

const NAME_MAX = 100;

/**
 * Checks a table's rows for the county `countyCode`: every problem with its row, and the entries of the good rows.
 * The county's own row, when the file lists it, is skipped (`skipped`). A village whose township row is missing or
 * was rejected is rejected too, naming it; the caller stores nothing when any row is rejected.
 */
export function checkDivisionRows(
  rows: readonly DivisionInput[],
  countyCode: string,
): { entries: DivisionEntry[]; problems: DivisionProblem[]; skipped: number } {
  const problems: DivisionProblem[] = [];
  const seen = new Map<string, number>();
  const townships = new Map<string, DivisionEntry>();
  const villages: { row: number; entry: DivisionEntry }[] = [];
  let skipped = 0;
  for (const r of rows) {
    const bad = (field: DivisionProblem['field'], code: string, message: string) =>
      problems.push({ row: r.row, field, code, message });
    const k = divisionCodeKind(r.code);
    if (!k) {
      bad(
        'code',
        'DIVISION_CODE_INVALID',
        `区划代码“${r.code}”应为12位数字的统计用区划代码（乡镇、街道也可写9位）`,
      );
      continue;
    }
    if (!k.code.startsWith(countyCode)) {
      bad('code', 'DIVISION_OTHER_COUNTY', `区划代码 ${r.code} 不属于本县（${countyCode}）`);
      continue;
    }
    if (k.kind === 'county') {
      skipped++;
      continue;
    }
    const first = seen.get(k.code);
    if (first !== undefined) {
      bad('code', 'DUPLICATE_IN_FILE', `与第${first}行的区划代码重复`);
      continue;
    }
    seen.set(k.code, r.row);
    let ok = true;
    if ([...r.name].length > NAME_MAX) {
      bad('name', 'NAME_TOO_LONG', `名称不能超过${NAME_MAX}个字`);
      ok = false;
    }
    if (r.urbanRural !== null && !URBAN_RURAL.has(r.urbanRural)) {
      bad(
        'urbanRural',
        'URBAN_RURAL_INVALID',
        `城乡分类代码“${r.urbanRural}”应为${URBAN_RURAL_CODES.map((c) => c.code).join('、')}之一`,
      );
      ok = false;
    }
    const parent = r.townshipCode === null ? null : divisionCodeKind(r.townshipCode);
    if (k.kind === 'township') {
      // a township's own row names no township, or the county (or itself)
      const parentOk =
        r.townshipCode === null ||
        (parent !== null &&
          ((parent.kind === 'county' && parent.code === countyCode) ||
            (parent.kind === 'township' && parent.code === k.code)));
      if (!parentOk) {
        bad(
          'townshipCode',
          'DIVISION_PARENT_INVALID',
          `乡镇（街道）${k.code} 的上级应为本县（${countyCode}），不能填“${r.townshipCode}”`,
        );
        ok = false;
      }
      if (ok)
        townships.set(k.code, {
          code: k.code,
          name: r.name,
          level: 'township',
          townshipCode: k.code,
          urbanRural: r.urbanRural as UrbanRural | null,
        });
      continue;
    }
    if (r.townshipCode === null) {
      bad('townshipCode', 'REQUIRED', '村级区划须填写所属乡镇（街道）代码');
      continue;
    }
    if (!parent || parent.kind !== 'township') {
      bad(
        'townshipCode',
        'DIVISION_PARENT_INVALID',
        `所属乡镇代码“${r.townshipCode}”应为9位（或以000结尾的12位）乡镇（街道）代码`,
      );
      continue;
    }
    if (parent.code !== k.code.slice(0, 9)) {
      bad(
        'townshipCode',
        'DIVISION_PARENT_MISMATCH',
        `区划代码 ${k.code} 的前9位与所属乡镇代码 ${parent.code} 不一致`,
      );
      continue;
    }
    if (ok)
      villages.push({
        row: r.row,
        entry: {
          code: k.code,
          name: r.name,
          level: 'village',
          townshipCode: parent.code,
          urbanRural: r.urbanRural as UrbanRural | null,
        },
      });
  }
  // the township must be a (good) row of the same table, wherever it stands in the file
  const entries: DivisionEntry[] = [...townships.values()];
  for (const v of villages) {
    if (townships.has(v.entry.townshipCode)) entries.push(v.entry);
    else
      problems.push({
        row: v.row,
        field: 'townshipCode',
        code: 'DIVISION_PARENT_MISSING',
        message: seen.has(v.entry.townshipCode)
          ? `所属乡镇（街道）${v.entry.townshipCode} 一行有问题，未能导入`
          : `所属乡镇（街道）${v.entry.townshipCode} 不在本表中（表中须有该乡镇、街道的一行）`,
      });
  }
  problems.sort((a, b) => a.row - b.row);
  entries.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return { entries, problems, skipped };
}

export interface TownshipCount {
  code: string;
  name: string;
  /** village-level rows by their class: 居委会, 村委会, virtual areas (not counted by coverage) */
  communities: number;
  villages: number;
  other: number;
  /** of the rows: by urban-rural class code, and how many gave none */
  byUrbanRural: Record<string, number>;
}

/** The table's counts by township, in code order. */
export function countsByTownship(entries: readonly DivisionEntry[]): TownshipCount[] {
  const out = new Map<string, TownshipCount>();
  for (const e of entries)
    if (e.level === 'township')
      out.set(e.code, {
        code: e.code,
        name: e.name,
        communities: 0,
        villages: 0,
        other: 0,
        byUrbanRural: {},
      });
  for (const e of entries) {
    if (e.level !== 'village') continue;
    const t = out.get(e.townshipCode);
    if (!t) continue;
    const c = villageClass(e.code);
    if (c === 'community') t.communities++;
    else if (c === 'village') t.villages++;
    else t.other++;
    const u = e.urbanRural ?? 'none';
    t.byUrbanRural[u] = (t.byUrbanRural[u] ?? 0) + 1;
  }
  return [...out.values()];
}

/**
 * Whether coverage is judged for an org (decision 0039): the area's own committee — the county committee
 * (地方委员会) on the county's six digits, a township committee (乡镇党委) or a street working committee (街道党工委)
 * on a township's nine. Other orgs that carry an area's code (a county bureau's 机关工委, a township office's
 * branch) are not answerable for the area's villages.
 */
export function judgesCoverage(kind: string, divisionCode: string | null): boolean {
  if (divisionCode === null) return false;
  if (/^\d{6}$/.test(divisionCode)) return kind === 'local_committee';
  if (/^\d{9}$/.test(divisionCode)) return kind === 'township_committee' || kind === 'working_committee';
  return false;
}

/**
 * The villages and communities of an area (the county's code: the whole table; a township's: its rows) that no org
 * carries the code of. Virtual areas (4xx–5xx) are not villages and never counted. null: the area is not in the table.
 */
export function uncoveredIn(
  entries: readonly DivisionEntry[],
  countyCode: string,
  areaCode: string | null,
  taken: ReadonlySet<string>,
): { code: string; name: string }[] | null {
  if (!areaCode) return null;
  const whole = areaCode === countyCode;
  if (!whole && !entries.some((e) => e.level === 'township' && e.code === areaCode)) return null;
  return entries
    .filter(
      (e) =>
        e.level === 'village' &&
        (whole || e.townshipCode === areaCode) &&
        villageClass(e.code) !== null &&
        !taken.has(e.code),
    )
    .map((e) => ({ code: e.code, name: e.name }));
}
