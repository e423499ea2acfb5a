import { describe, it, expect } from 'vitest';
import {
  cleanText,
  excelSerialToIso,
  normalizeCodeText,
  normalizeDate,
  normalizeEducation,
  normalizeEthnicity,
  normalizeMemberStatus,
  normalizeOccupation,
  normalizeOrgKind,
  normalizeSector,
  normalizeSex,
  normalizeText,
  normalizeYesNo,
  type CellValue,
  type Normalized,
} from '../../src/io/normalize.js';
import { EDUCATIONS, ETHNICITIES, OCCUPATIONS, ORG_KINDS, SECTORS } from '../../src/shared/codes.js';

const value = <T>(n: Normalized<T>): T => {
  if (!n.ok) throw new Error(`expected ok, got ${n.code}: ${n.message}`);
  return n.value;
};
const problem = <T>(n: Normalized<T>): { code: string; message: string } => {
  if (n.ok) throw new Error(`expected a problem, got ${JSON.stringify(n.value)}`);
  return { code: n.code, message: n.message };
};

describe('normalizeText', () => {
  it('trims, collapses inner spaces and folds full-width characters', () => {
    expect(value(normalizeText('  张  三 '))).toBe('张 三');
    expect(value(normalizeText('ＡＢＣ１２３（一）'))).toBe('ABC123(一)');
    expect(value(normalizeText('\u3000王\u00A0五\u3000'))).toBe('王 五');
    expect(value(normalizeText('李\u200B四\uFEFF'))).toBe('李四');
    expect(value(normalizeText('第一行\n第二行'))).toBe('第一行 第二行');
  });

  it('turns blanks into null', () => {
    expect(value(normalizeText(null))).toBeNull();
    expect(value(normalizeText(undefined))).toBeNull();
    expect(value(normalizeText('   '))).toBeNull();
    expect(value(normalizeText('\u200B'))).toBeNull();
  });

  it('writes numbers, booleans and dates as text', () => {
    expect(value(normalizeText(13800000000))).toBe('13800000000');
    expect(value(normalizeText(1.5))).toBe('1.5');
    expect(value(normalizeText(true))).toBe('是');
    expect(value(normalizeText(new Date(Date.UTC(2020, 2, 5))))).toBe('2020-03-05');
  });

  it('cleanText is the same folding for plain strings', () => {
    expect(cleanText(' ｂ０１ ')).toBe('b01');
  });
});

describe('normalizeCodeText', () => {
  it('removes every space and folds full-width digits', () => {
    expect(value(normalizeCodeText(' 3301 02１２ '))).toBe('33010212');
  });

  it('refuses numbers Excel cannot hold exactly (an ID number typed into a number cell)', () => {
    const p = problem(normalizeCodeText(330102198503120000));
    expect(p.code).toBe('NUMBER_PRECISION_LOST');
    expect(p.message).toContain('文本');
  });

  it('accepts whole numbers that are exact', () => {
    expect(value(normalizeCodeText(330102001001))).toBe('330102001001');
  });
});

describe('normalizeDate', () => {
  const cases: [CellValue, string][] = [
    ['2020-03-05', '2020-03-05'],
    ['2020/3/5', '2020-03-05'],
    ['2020.3.5', '2020-03-05'],
    ['2020年3月5日', '2020-03-05'],
    ['2020年03月05日', '2020-03-05'],
    ['2020年3月5号', '2020-03-05'],
    ['20200305', '2020-03-05'],
    ['２０２０－０３－０５', '2020-03-05'],
    ['２０２０年３月５日', '2020-03-05'],
    ['２０２０．３．５', '2020-03-05'],
    [' 2020 - 3 - 5 ', '2020-03-05'],
    ['2020-03-05 00:00:00', '2020-03-05'],
    ['2020-03-05T08:30', '2020-03-05'],
    ['43895', '2020-03-05'], // a serial that lost its date format on the way to CSV
    [20200305, '2020-03-05'],
    [43895, '2020-03-05'], // Excel serial, 1900 date system
    [43895.75, '2020-03-05'], // date and time: the day counts
    [1, '1900-01-01'],
    [61, '1900-03-01'], // after Excel's phantom 1900-02-29
    [new Date(Date.UTC(2020, 2, 5)), '2020-03-05'], // exceljs gives UTC midnight
    [new Date(Date.UTC(1949, 9, 1, 23, 59)), '1949-10-01'],
    [new Date(Date.UTC(2000, 1, 29)), '2000-02-29'],
  ];
  it.each(cases)('reads %j as %s', (cell, iso) => {
    expect(value(normalizeDate(cell))).toBe(iso);
  });

  it('does not shift dates by the local time zone', () => {
    // UTC midnight is 08:00 in China and 19:00 the day before in New York: the calendar date must not move
    const d = new Date(Date.UTC(2021, 0, 1));
    expect(value(normalizeDate(d))).toBe('2021-01-01');
  });

  it('treats blanks as no date', () => {
    expect(value(normalizeDate(null))).toBeNull();
    expect(value(normalizeDate('  '))).toBeNull();
  });

  it.each(['2020-3', '2020/03', '2020.3', '2020年3月', '202003', '2020', '2020年'])(
    'refuses the month-only or year-only %s',
    (s) => {
      const p = problem(normalizeDate(s));
      expect(p.code).toBe('DATE_NO_DAY');
      expect(p.message).toContain('没有具体日期');
    },
  );

  it('refuses month-only values that Excel stored as numbers (2020.3, 2019.10 → 2019.1)', () => {
    expect(problem(normalizeDate(2020.3)).code).toBe('DATE_NO_DAY');
    expect(problem(normalizeDate(2019.1)).code).toBe('DATE_NO_DAY');
    expect(problem(normalizeDate(2020)).code).toBe('DATE_NO_DAY');
    expect(problem(normalizeDate(202003)).code).toBe('DATE_NO_DAY');
  });

  it('refuses days that do not exist', () => {
    const p = problem(normalizeDate('2021-02-29'));
    expect(p.code).toBe('DATE_INVALID');
    expect(p.message).toContain('2021-02-29');
    expect(problem(normalizeDate('2020-13-01')).code).toBe('DATE_INVALID');
    expect(problem(normalizeDate('20200230')).code).toBe('DATE_INVALID');
  });

  it('refuses implausible years', () => {
    expect(problem(normalizeDate('1850-01-01')).code).toBe('DATE_OUT_OF_RANGE');
    expect(problem(normalizeDate('2150-01-01')).code).toBe('DATE_OUT_OF_RANGE');
  });

  it('refuses text it cannot read, saying how to write a date', () => {
    for (const s of ['去年七月', '5/3/2020', '20-3-5', 'abc']) {
      const p = problem(normalizeDate(s));
      expect(p.code).toBe('DATE_FORMAT');
      expect(p.message).toContain('2020-03-05');
    }
    expect(problem(normalizeDate(true)).code).toBe('DATE_FORMAT');
  });

  it('excelSerialToIso handles the 1900 leap-year bug', () => {
    expect(excelSerialToIso(59)).toBe('1900-02-28');
    expect(excelSerialToIso(60)).toBeNull();
    expect(excelSerialToIso(0)).toBeNull();
    expect(excelSerialToIso(2958465)).toBe('9999-12-31');
  });
});

describe('code mappers', () => {
  it('sex: labels, long forms, codes', () => {
    expect(value(normalizeSex('男'))).toBe('male');
    expect(value(normalizeSex('女性'))).toBe('female');
    expect(value(normalizeSex(1))).toBe('male');
    expect(value(normalizeSex('2'))).toBe('female');
    expect(value(normalizeSex(' 男 '))).toBe('male');
    expect(value(normalizeSex(null))).toBeNull();
    const p = problem(normalizeSex('未知'));
    expect(p.code).toBe('CODE_UNKNOWN');
    expect(p.message).toBe('性别“未知”无法识别，可填写：男、女');
  });

  it('ethnicity: name, name without 族, two-digit and one-digit codes', () => {
    expect(value(normalizeEthnicity('汉族'))).toBe('01');
    expect(value(normalizeEthnicity('汉'))).toBe('01');
    expect(value(normalizeEthnicity('01'))).toBe('01');
    expect(value(normalizeEthnicity(1))).toBe('01');
    expect(value(normalizeEthnicity('蒙古'))).toBe('02');
    expect(value(normalizeEthnicity('蒙古族'))).toBe('02');
    expect(value(normalizeEthnicity('土家族'))).toBe('15');
    expect(value(normalizeEthnicity('土族'))).toBe('30');
    expect(value(normalizeEthnicity('维吾尔'))).toBe('05');
    expect(value(normalizeEthnicity(' 汉 族 '))).toBe('01');
    for (const e of ETHNICITIES) expect(value(normalizeEthnicity(e.zh))).toBe(e.code);
    const p = problem(normalizeEthnicity('火星族'));
    expect(p.code).toBe('CODE_UNKNOWN');
    expect(p.message).toContain('火星族');
    expect(p.message).toContain('填写说明');
  });

  it('education: GB/T 4658 labels and codes, and everyday words', () => {
    for (const e of EDUCATIONS) {
      expect(value(normalizeEducation(e.zh))).toBe(e.code);
      expect(value(normalizeEducation(e.code))).toBe(e.code);
    }
    const words: [string, string][] = [
      ['博士', '11'],
      ['硕士', '14'],
      ['研究生', '14'],
      ['本科', '21'],
      ['大学本科', '21'],
      ['大专', '31'],
      ['专科', '31'],
      ['中专', '41'],
      ['高中', '61'],
      ['职高', '44'],
      ['技校', '47'],
      ['初中', '71'],
      ['小学', '81'],
      ['文盲', '90'],
      ['其他', '90'],
      ['本科毕业', '21'],
      ['大专学历', '31'],
      ['大学本科/学士', '21'],
      ['本科（学士）', '21'],
    ];
    for (const [w, code] of words) expect(value(normalizeEducation(w)), w).toBe(code);
    expect(value(normalizeEducation(21))).toBe('21');
    expect(problem(normalizeEducation('博士后')).code).toBe('CODE_UNKNOWN');
  });

  it('occupation: bulletin labels and common words; unknown lists the accepted values', () => {
    for (const o of OCCUPATIONS) expect(value(normalizeOccupation(o.zh))).toBe(o.code);
    expect(value(normalizeOccupation('工人(工勤技能人员)'))).toBe('worker');
    expect(value(normalizeOccupation('农民'))).toBe('farmer');
    expect(value(normalizeOccupation('工人'))).toBe('worker');
    expect(value(normalizeOccupation('退休'))).toBe('retired');
    expect(value(normalizeOccupation('离退休'))).toBe('retired');
    expect(value(normalizeOccupation('学生'))).toBe('student');
    expect(value(normalizeOccupation('公务员'))).toBe('civil_servant');
    expect(value(normalizeOccupation('机关干部'))).toBe('civil_servant');
    expect(value(normalizeOccupation('专业技术人员'))).toBe('professional');
    expect(value(normalizeOccupation('管理人员'))).toBe('manager');
    const p = problem(normalizeOccupation('宇航员'));
    expect(p.code).toBe('CODE_UNKNOWN');
    expect(p.message).toContain('农牧渔民');
    expect(p.message).toContain('离退休人员');
  });

  it('member status: only 正式 and 预备 can be imported', () => {
    expect(value(normalizeMemberStatus('正式党员'))).toBe('full');
    expect(value(normalizeMemberStatus('正式'))).toBe('full');
    expect(value(normalizeMemberStatus('预备党员'))).toBe('probationary');
    expect(value(normalizeMemberStatus('预备'))).toBe('probationary');
    expect(value(normalizeMemberStatus('full'))).toBe('full');
    const p = problem(normalizeMemberStatus('停止党籍'));
    expect(p.code).toBe('CODE_NOT_ALLOWED');
    expect(p.message).toContain('在册');
    expect(problem(normalizeMemberStatus('积极分子')).code).toBe('CODE_UNKNOWN');
  });

  it('org kind: labels and the usual names', () => {
    for (const k of ORG_KINDS) expect(value(normalizeOrgKind(k.zh))).toBe(k.code);
    const words: [string, string][] = [
      ['县委', 'local_committee'],
      ['市委', 'local_committee'],
      ['区委', 'local_committee'],
      ['县(市、区)委', 'local_committee'],
      ['乡镇党委', 'township_committee'],
      ['街道党工委', 'working_committee'],
      ['党委', 'primary_committee'],
      ['党总支', 'general_branch'],
      ['总支', 'general_branch'],
      ['党支部', 'branch'],
      ['支部', 'branch'],
      ['联合党支部', 'joint_branch'],
      ['临时党支部', 'temporary_branch'],
    ];
    for (const [w, code] of words) expect(value(normalizeOrgKind(w)), w).toBe(code);
    expect(problem(normalizeOrgKind('火星委')).message).toContain('党支部');
  });

  it('sector: labels and the usual names', () => {
    for (const s of SECTORS) expect(value(normalizeSector(s.zh))).toBe(s.code);
    const words: [string, string][] = [
      ['村', 'village'],
      ['农村', 'village'],
      ['社区', 'community'],
      ['机关', 'government'],
      ['事业单位', 'institution'],
      ['国企', 'state_enterprise'],
      ['国有企业', 'state_enterprise'],
      ['非公企业', 'private_enterprise'],
      ['民营企业', 'private_enterprise'],
      ['社会组织', 'social_org'],
      ['学校', 'school'],
      ['高校', 'school'],
      ['中小学', 'school'],
    ];
    for (const [w, code] of words) expect(value(normalizeSector(w)), w).toBe(code);
    expect(problem(normalizeSector('太空')).code).toBe('CODE_UNKNOWN');
  });

  it('yes/no', () => {
    for (const y of ['是', 'Y', 'y', 'yes', '1', 1, true, 'TRUE', '√'])
      expect(value(normalizeYesNo(y)), String(y)).toBe(true);
    for (const n of ['否', 'N', 'no', '0', 0, false, 'FALSE', '×'])
      expect(value(normalizeYesNo(n)), String(n)).toBe(false);
    expect(value(normalizeYesNo(null))).toBeNull();
    const p = problem(normalizeYesNo('也许'));
    expect(p.code).toBe('YES_NO_UNKNOWN');
    expect(p.message).toContain('“是”或“否”');
  });
});
