/**
 * Columns of a county's village-level division table (统计用区划代码和城乡划分代码 style, decision 0039): canonical
 * headers, the synonyms seen in the statistics bureau's lists and in counties' own sheets, and how each cell is read.
 * The identity checks (code shape, township present, duplicates) are `domain/supervision/divisions.ts`.
 */
import { normalizeCodeText, normalizeText } from './normalize.js';
import type { FieldDef } from './headers.js';
import { URBAN_RURAL_CODES } from '../domain/supervision/divisions.js';

export const DIVISION_FIELDS: readonly FieldDef[] = [
  {
    key: 'code',
    header: '统计用区划代码',
    synonyms: ['区划代码', '统计用区划码', '村级区划代码', '行政区划代码', '代码', '村（居）委会代码'],
    required: true,
    kind: 'text',
    width: 16,
    normalize: normalizeCodeText,
    note: '12位统计用区划代码；乡镇（街道）一行可写9位或以000结尾的12位',
    example: '421124100201',
  },
  {
    key: 'name',
    header: '名称',
    synonyms: ['区划名称', '村（居）委会名称', '村（社区）名称', '单位名称', '村级名称'],
    required: true,
    kind: 'text',
    width: 24,
    normalize: normalizeText,
    note: '按统计局公布的名称填写，不超过100字',
    example: '莲花村村民委员会',
  },
  {
    key: 'urbanRural',
    header: '城乡分类代码',
    synonyms: ['城乡分类', '城乡划分代码', '城乡属性代码'],
    required: false,
    kind: 'text',
    width: 12,
    normalize: normalizeCodeText,
    codes: URBAN_RURAL_CODES,
    note: `${URBAN_RURAL_CODES.map((c) => `${c.code}${c.zh}`).join('、')}；乡镇（街道）一行可不填`,
    example: '220',
  },
  {
    key: 'townshipCode',
    header: '所属乡镇代码',
    synonyms: ['所属乡镇（街道）代码', '乡镇（街道）代码', '乡镇代码', '上级区划代码', '上级代码'],
    required: false,
    kind: 'text',
    width: 16,
    normalize: normalizeCodeText,
    note: '村（居）委会所属乡镇（街道）的9位代码（或以000结尾的12位）；该乡镇须在表中有一行；乡镇一行不填',
    example: '421124100',
  },
];
