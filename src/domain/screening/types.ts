/**
 * The code table of weak and lax party organisations (软弱涣散基层党组织, issue 14 item 3, decision 0033) as data:
 * the 10 official types with the exact wording of the party-statistics form 整顿软弱涣散基层党组织情况 (主要类型),
 * from 中组发〔2014〕5号, and the local additions seen in a county's form (numbered from 11, marked `local`). A
 * deployment adds a local type by adding an entry here: the screening, the import and the statistics table read
 * only this list. Pure data and parsing, no IO.
 */

export interface WeakType {
  /** 1–10: the number of the official list; 11 and above: a local addition */
  type: number;
  /** the wording of the statistics form */
  zh: string;
  /** a short name for narrow screens and chips */
  short: string;
  /** where it comes from, in Chinese */
  source: string;
  /** a local addition, not one of the 10 official types */
  local: boolean;
  /**
   * what can suggest it: `indicators` (the org's health indicators, issue 14 item 1), `records` (other records of
   * the platform), `people` (observations, petition counts, satisfaction surveys recorded by township officers)
   */
  suggestedBy: readonly ('indicators' | 'records' | 'people')[];
}

const OFFICIAL =
  '中组部、中央教育实践活动领导小组《关于在第二批教育实践活动中整顿软弱涣散基层党组织的通知》（中组发〔2014〕5号）；党内统计表“整顿软弱涣散基层党组织情况”主要类型';
const LOCAL = '本地增列类型（见于某县村级党组织评定表选项），非中央规定的10类';

export const WEAK_TYPES: readonly WeakType[] = [
  {
    type: 1,
    zh: '党组织班子配备不齐、书记长期缺职、工作处于停滞状态的',
    short: '班子不齐、书记缺职',
    source: OFFICIAL,
    local: false,
    suggestedBy: ['indicators', 'people'],
  },
  {
    type: 2,
    zh: '党组织书记不胜任现职、工作不在状态、严重影响班子整体战斗力的',
    short: '书记不胜任',
    source: OFFICIAL,
    local: false,
    suggestedBy: ['records', 'people'],
  },
  {
    type: 3,
    zh: '班子不团结、内耗严重、工作不能正常开展的',
    short: '班子不团结',
    source: OFFICIAL,
    local: false,
    suggestedBy: ['people'],
  },
  {
    type: 4,
    zh: '组织制度形同虚设、不开展党组织活动的',
    short: '不开展组织活动',
    source: OFFICIAL,
    local: false,
    suggestedBy: ['indicators', 'people'],
  },
  {
    type: 5,
    zh: '换届选举拉票贿选问题突出的',
    short: '拉票贿选',
    source: OFFICIAL,
    local: false,
    suggestedBy: ['people'],
  },
  {
    type: 6,
    zh: '宗族宗教和黑恶势力干扰渗透严重的',
    short: '宗族黑恶干扰',
    source: OFFICIAL,
    local: false,
    suggestedBy: ['people'],
  },
  {
    type: 7,
    zh: '村务居务财务公开和民主管理混乱的',
    short: '村务财务混乱',
    source: OFFICIAL,
    local: false,
    suggestedBy: ['records', 'people'],
  },
  {
    type: 8,
    zh: '社会治安问题和信访矛盾纠纷集中的',
    short: '治安信访集中',
    source: OFFICIAL,
    local: false,
    suggestedBy: ['people'],
  },
  {
    type: 9,
    zh: '无固定办公活动场所及便民服务设施的',
    short: '无活动场所',
    source: OFFICIAL,
    local: false,
    suggestedBy: ['records', 'people'],
  },
  {
    type: 10,
    zh: '党组织服务意识差、服务能力弱、群众意见大的',
    short: '服务差、群众意见大',
    source: OFFICIAL,
    local: false,
    suggestedBy: ['people'],
  },
  { type: 11, zh: '存在“村霸”问题的', short: '村霸', source: LOCAL, local: true, suggestedBy: ['people'] },
  {
    type: 12,
    zh: '存在“微腐败”“蝇贪”现象的',
    short: '微腐败',
    source: LOCAL,
    local: true,
    suggestedBy: ['people'],
  },
  {
    type: 13,
    zh: '无集体经济收入的',
    short: '无集体经济收入',
    source: LOCAL,
    local: true,
    suggestedBy: ['people'],
  },
];

const BY_NUMBER = new Map(WEAK_TYPES.map((t) => [t.type, t]));

export function weakType(type: number): WeakType | undefined {
  return BY_NUMBER.get(type);
}

export function isWeakType(type: number): boolean {
  return BY_NUMBER.has(type);
}

/** Fold a wording for comparison: no spaces, quotes or trailing 的, full-width ASCII folded, 居务/村务 kept. */
function wordingKey(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\s“”"'‘’「」()（）]/g, '')
    .replace(/的$/, '');
}

const BY_WORDING = new Map<string, number>();
for (const t of WEAK_TYPES) {
  BY_WORDING.set(wordingKey(t.zh), t.type);
  BY_WORDING.set(wordingKey(t.short), t.type);
}
// wordings seen in reports (the seed's county: 无村级组织活动场所的; 社会治安问题和信访矛盾纠纷集中 without 的)
BY_WORDING.set(wordingKey('无村级组织活动场所的'), 9);
BY_WORDING.set(wordingKey('无固定办公活动场所的'), 9);
BY_WORDING.set(wordingKey('村务财务公开和民主管理混乱的'), 7);

const CHINESE_NUMBERS: Record<string, number> = {
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  十: 10,
};

/** One type written as a number (1–13, 第3类, 三, "3.班子…") or a wording; undefined when unknown. */
function typeOfPart(p: string): number | undefined {
  const m = /^(?:第)?\s*(\d{1,2}|[一二三四五六七八九十])\s*(?:类|项)?[.．:：]?$/.exec(p);
  const lead = /^(\d{1,2})[.．:：]\s*(\S.*)$/.exec(p);
  const t = m
    ? /\d/.test(m[1]!)
      ? Number(m[1])
      : CHINESE_NUMBERS[m[1]!]
    : lead
      ? Number(lead[1])
      : BY_WORDING.get(wordingKey(p));
  if (t === undefined || !isWeakType(t)) return undefined;
  // "3.班子不团结…": the number and the wording must agree
  if (lead && BY_WORDING.has(wordingKey(lead[2]!)) && BY_WORDING.get(wordingKey(lead[2]!)) !== t)
    return undefined;
  return t;
}

export type TypeCellResult = { ok: true; types: number[] } | { ok: false; message: string };

/**
 * A cell of a screening ledger's 软弱涣散类型 column: several types separated by 、 ； ; or a line break, each the
 * official number (1–10, a local addition's number, 第3类, 三) or the wording. Unknown parts are reported.
 */
export function parseTypeCell(cell: string): TypeCellResult {
  // the wordings themselves hold 、 (types 1, 2, 3, 10): split on every separator, then join neighbouring
  // pieces back, longest first, wherever they make a known wording
  const pieces = cell
    .normalize('NFKC')
    .split(/([、;；\n]+)/)
    .reduce<{ text: string; sep: string }[]>((acc, x, i) => {
      if (i % 2 === 0) acc.push({ text: x.trim(), sep: '' });
      else acc[acc.length - 1]!.sep = x;
      return acc;
    }, [])
    .filter((p) => p.text);
  if (!pieces.length) return { ok: false, message: '软弱涣散类型不能为空' };
  const out: number[] = [];
  const unknown: string[] = [];
  let i = 0;
  while (i < pieces.length) {
    let found: { type: number; next: number } | null = null;
    for (let j = pieces.length; j > i && !found; j--) {
      const run = pieces.slice(i, j);
      // only 、 may sit inside a wording
      if (run.slice(0, -1).some((p) => !/^、+$/.test(p.sep))) continue;
      const t = typeOfPart(run.map((p) => p.text).join('、'));
      if (t !== undefined) found = { type: t, next: j };
    }
    if (found) {
      if (!out.includes(found.type)) out.push(found.type);
      i = found.next;
    } else {
      unknown.push(pieces[i]!.text);
      i++;
    }
  }
  if (unknown.length)
    return {
      ok: false,
      message: `软弱涣散类型“${unknown.join('、')}”无法识别：请填写1–10的类型序号或统计表中的类型表述，多个类型用“、”或“；”分隔`,
    };
  return { ok: true, types: out.sort((a, b) => a - b) };
}
