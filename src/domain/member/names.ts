/** Pinyin forms of a Chinese name for search: 张三丰 → initials 'zsf', full 'zhangsanfeng'. */
import { pinyin } from 'pinyin-pro';

export function nameKeys(name: string): { initials: string; pinyin: string } {
  const clean = name.replace(/\s+/g, '');
  const full = pinyin(clean, { toneType: 'none', type: 'array', surname: 'head', nonZh: 'consecutive' });
  const initials = full.map((s) => s.charAt(0)).join('');
  return { initials: initials.toLowerCase(), pinyin: full.join('').toLowerCase() };
}
