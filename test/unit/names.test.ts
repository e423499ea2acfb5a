import { describe, expect, it } from 'vitest';
import { computeKeys, computeKeysFull, nameKeys } from '../../src/domain/member/names.js';

describe('name keys (pinyin for search)', () => {
  it('gives initials and full pinyin', () => {
    expect(nameKeys('张三丰')).toEqual({ initials: 'zsf', pinyin: 'zhangsanfeng' });
    expect(nameKeys('欧阳明')).toEqual({ initials: 'oym', pinyin: 'ouyangming' });
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
});
