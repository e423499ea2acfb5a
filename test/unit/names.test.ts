import { describe, expect, it } from 'vitest';
import { computeKeys, computeKeysFull, nameKeys } from '../../src/domain/member/names.js';
import { orgNameKeys, orgNameKeysFull, orgSearchLetters } from '../../src/domain/org/names.js';

describe('name keys (pinyin for search)', () => {
  it('gives initials and full pinyin', () => {
    expect(nameKeys('张三丰')).toEqual({
      initials: 'zsf',
      pinyin: 'zhangsanfeng',
      sort: 'zhang san feng\t张三丰',
    });
    expect(nameKeys('欧阳明')).toEqual({
      initials: 'oym',
      pinyin: 'ouyangming',
      sort: 'ou yang ming\t欧阳明',
    });
  });

  it('reads polyphonic surnames by the surname rule', () => {
    expect(nameKeys('曾强').pinyin).toBe('zengqiang');
    expect(nameKeys('单雄信').pinyin).toBe('shanxiongxin');
    expect(nameKeys('解放').initials).toBe('xf');
  });

  it('the per-character fast path agrees with pinyin-pro on every kind of name', () => {
    const names = [
      '王明',
      '李小红',
      '赵长江',
      '长孙无忌',
      '曾国藩',
      '乐嘉',
      '朴正熙',
      '查良镛',
      '仇英',
      '覃小华',
      '司马光',
      '诸葛亮',
      '王 明',
      '阿依古丽·买买提',
      '王AB',
      '李2号',
      '㐀一',
      '翟重阳',
      '万俟卨',
      '张行',
      '陈银行',
      '吴一不',
    ];
    for (const n of names) expect(computeKeys(n), n).toEqual(computeKeysFull(n));
  });

  it('spells ü as v, as pinyin input methods do: 吕 is found by lv', () => {
    expect(nameKeys('吕布')).toMatchObject({ initials: 'lb', pinyin: 'lvbu', sort: 'lv bu\t吕布' });
    expect(nameKeys('女娲').pinyin).toBe('nvwa');
    expect(computeKeysFull('吕 布').pinyin).toBe('lvbu');
    expect(nameKeys('略').pinyin).toBe('lve');
  });

  it('sorts names syllable by syllable, tones ignored, equal readings grouped by character', () => {
    const names = ['梁杰航', '李春燕', '李爱国', '黎爱国', '李', '李安', '吕布', '卢斌', '罗斌'];
    const sorted = [...names].sort((a, b) => {
      const x = nameKeys(a).sort;
      const y = nameKeys(b).sort;
      // byte order, as COLLATE "C" compares (the keys are ASCII up to the tab)
      return Buffer.compare(Buffer.from(x), Buffer.from(y));
    });
    // li < li ai guo (李 before 黎 by code point) < li an < li chun yan < liang jie hang; lu < luo < lv
    expect(sorted).toEqual(['李', '李爱国', '黎爱国', '李安', '李春燕', '梁杰航', '卢斌', '罗斌', '吕布']);
    // the joined-up pinyin alone would interleave them
    expect(['李爱国', '梁杰航', '李春燕'].map((n) => nameKeys(n).pinyin).sort()).toEqual([
      'liaiguo',
      'liangjiehang',
      'lichunyan',
    ]);
  });

  it('reads a polyphonic surname in the sort key as in search', () => {
    expect(nameKeys('曾强').sort).toBe('zeng qiang\t曾强');
    expect(nameKeys('单雄信').sort).toBe('shan xiong xin\t单雄信');
    // letters other than pinyin are kept, punctuation is not part of the order
    expect(nameKeys('阿依古丽·买买提').sort).toBe('a yi gu li mai mai ti\t阿依古丽·买买提');
  });
});

describe('org name keys (pinyin search of org names)', () => {
  it('keeps every syllable in place, so that a part of the name can be found', () => {
    expect(orgNameKeys('温泉镇黄家村党支部')).toEqual({
      initials: 'wqzhjcdzb',
      syllables: 'wen quan zhen huang jia cun dang zhi bu',
    });
    expect(orgNameKeys('温泉镇党委').initials).toContain('wqz');
    expect(orgNameKeys('温泉镇黄家村党支部').initials).toContain('hjc');
  });

  it('reads polyphonic characters by the words around them', () => {
    expect(orgNameKeys('长岭村党支部').syllables).toBe('chang ling cun dang zhi bu');
    expect(orgNameKeys('农业银行党支部').syllables).toBe('nong ye yin hang dang zhi bu');
    expect(orgNameKeys('重庆路社区党支部').initials).toBe('cqlsqdzb');
  });

  it('gives a place named after a family the surname’s reading too (曾家湾 by cjw and zjw)', () => {
    expect(orgNameKeys('曾家湾村党支部')).toEqual({
      initials: 'cjwcdzb zjwcdzb',
      syllables: 'ceng jia wan cun dang zhi bu | zeng jia wan cun dang zhi bu',
    });
    expect(orgNameKeys('单家畈村').initials).toBe('djfc sjfc');
    // a character with one reading gets no second one
    expect(orgNameKeys('黄家村').initials).toBe('hjc');
  });

  it('spells ü as v and keeps digits and Latin letters, not punctuation', () => {
    expect(orgNameKeys('吕家村党支部').syllables).toBe('lv jia cun dang zhi bu');
    expect(orgNameKeys('第1党支部（机关）').initials).toBe('d1dzbjg');
    expect(orgNameKeys('ABC公司党支部').syllables).toBe('abc gong si dang zhi bu');
  });

  it('the per-character shortcut agrees with pinyin-pro on org names', () => {
    const names = [
      '中共英山县委员会',
      '中共温泉镇黄家村支部委员会',
      '中共金家铺镇乐家冲村总支部委员会',
      '长岭村党支部',
      '农业银行英山支行党支部',
      '第1党支部（机关）',
      'ABC公司党支部',
      '重庆路社区党支部',
    ];
    // and every 13th character of the basic block, before 家 and inside a name
    for (let c = 0x4e00; c <= 0x9fff; c += 13) {
      const ch = String.fromCharCode(c);
      names.push(`${ch}家村党支部`, `温泉镇${ch}山村`);
    }
    const differ = names.filter((n) => JSON.stringify(orgNameKeys(n)) !== JSON.stringify(orgNameKeysFull(n)));
    expect(differ).toEqual([]);
  });

  it('takes a typed search as pinyin only when it is letters', () => {
    expect(orgSearchLetters('HJC')).toBe('hjc');
    expect(orgSearchLetters('lü')).toBe('lv');
    expect(orgSearchLetters('黄家')).toBeNull();
    expect(orgSearchLetters('4205')).toBeNull();
    expect(orgSearchLetters('hj c')).toBeNull();
  });
});
