/** Pinyin forms of a Chinese name for search: 张三丰 → initials 'zsf', full 'zhangsanfeng'. */
import { pinyin } from 'pinyin-pro';

const cache = new Map<string, { initials: string; pinyin: string }>();

export function nameKeys(name: string): { initials: string; pinyin: string } {
  const hit = cache.get(name);
  if (hit) return hit;
  const keys = computeKeys(name);
  if (cache.size > 200_000) cache.clear();
  cache.set(name, keys);
  return keys;
}

function computeKeys(name: string): { initials: string; pinyin: string } {
  const clean = name.replace(/\s+/g, '');
  const full = pinyin(clean, { toneType: 'none', type: 'array', surname: 'head', nonZh: 'consecutive' });
  const initials = full.map((s) => s.charAt(0)).join('');
  return { initials: initials.toLowerCase(), pinyin: full.join('').toLowerCase() };
}
