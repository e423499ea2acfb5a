/** Pinyin forms of a Chinese name for search: 张三丰 → initials 'zsf', full 'zhangsanfeng'. */
import { pinyin } from 'pinyin-pro';

type Keys = { initials: string; pinyin: string };

/**
 * Names repeat (a million members carry a few hundred thousand names) and pinyin is costly: results are kept in
 * two generations, so that clearing a full cache keeps the names seen lately instead of starting cold.
 */
const GENERATION = 150_000;
let young = new Map<string, Keys>();
let old = new Map<string, Keys>();

export function nameKeys(name: string): Keys {
  let keys = young.get(name);
  if (keys) return keys;
  keys = old.get(name) ?? computeKeys(name);
  if (young.size >= GENERATION) {
    old = young;
    young = new Map();
  }
  young.set(name, keys);
  return keys;
}

/** What pinyin-pro makes of a name: the reference the fast path below must agree with. */
export function computeKeysFull(name: string): Keys {
  const clean = name.replace(/\s+/g, '');
  const full = pinyin(clean, { toneType: 'none', type: 'array', surname: 'head', nonZh: 'consecutive' });
  const initials = full.map((s) => s.charAt(0)).join('');
  return { initials: initials.toLowerCase(), pinyin: full.join('').toLowerCase() };
}

/**
 * The one toneless reading of a Chinese character, or null when it has several (长 chang/zhang, 曾 ceng/zeng:
 * context or the surname rule decides) or is not a character of the basic block. Characters with one reading
 * read the same wherever they stand, so a name made only of them needs no segmentation: most names.
 */
const readings = new Map<number, string | null>();
function onlyReading(code: number): string | null {
  let r = readings.get(code);
  if (r === undefined) {
    r = null;
    if (code >= 0x4e00 && code <= 0x9fff) {
      const all = pinyin(String.fromCharCode(code), { toneType: 'none', type: 'array', multiple: true });
      if (all.length === 1 && /^[a-zü]+$/.test(all[0]!)) r = all[0]!;
    }
    readings.set(code, r);
  }
  return r;
}

export function computeKeys(name: string): Keys {
  let initials = '';
  let full = '';
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code === 32 || code === 9 || code === 0x3000) return computeKeysFull(name);
    const r = onlyReading(code);
    if (r === null) return computeKeysFull(name);
    initials += r.charAt(0);
    full += r;
  }
  if (!full) return computeKeysFull(name);
  return { initials, pinyin: full };
}
