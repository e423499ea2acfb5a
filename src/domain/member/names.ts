/**
 * Pinyin forms of a Chinese name, for search and for the roster's order: 张三丰 → initials 'zsf', full 'zhangsanfeng',
 * sort key 'zhang san feng\t张三丰'. Pinyin is written as typed on a keyboard: toneless, ü as v (吕 → lv), the
 * way pinyin input methods spell it (decision 0014).
 */
import { pinyin } from 'pinyin-pro';

export interface NameKeys {
  /** lower-case initials of each syllable: 张三丰 → zsf */
  initials: string;
  /** the syllables joined: zhangsanfeng (searched by prefix) */
  pinyin: string;
  /**
   * The roster's name order (decision 0014): the toneless syllables separated by a space, then a tab and the name
   * itself — compared byte by byte (COLLATE "C"), where both separators sort before every letter, so names compare
   * syllable by syllable (li ai guo < li chun yan < liang jie hang) and equal readings group the same characters.
   */
  sort: string;
}

/**
 * Names repeat (a million members carry a few hundred thousand names) and pinyin-pro's segmentation is costly
 * (~40 µs a name): its results are kept in two generations, so that clearing a full cache keeps the names seen
 * lately instead of starting cold. Only those are kept: a name whose every character has one reading (most names,
 * ~80 %) is read character by character in well under a microsecond, so remembering it would cost more memory than
 * it saves time (a million-row import's parse worker held ~300k names, issue 9 #6).
 */
const GENERATION = 50_000;
let young = new Map<string, NameKeys>();
let old = new Map<string, NameKeys>();

export function nameKeys(name: string): NameKeys {
  const quick = keysByCharacter(name);
  if (quick) return quick;
  let keys = young.get(name);
  if (keys) return keys;
  keys = old.get(name) ?? computeKeysFull(name);
  if (young.size >= GENERATION) {
    old = young;
    young = new Map();
  }
  young.set(name, keys);
  return keys;
}

/** A syllable (or a run of other letters) as the sort key holds it: lower-case letters only, ü as v. */
function sortSyllable(s: string): string {
  return s
    .toLowerCase()
    .replace(/ü/g, 'v')
    .replace(/[^a-z]/g, '');
}

/** The sort key of a name from its syllables (in reading order). */
export function sortKey(syllables: readonly string[], name: string): string {
  return `${syllables.map(sortSyllable).filter(Boolean).join(' ')}\t${name}`;
}

/** What pinyin-pro makes of a name: the reference the fast path below must agree with. */
export function computeKeysFull(name: string): NameKeys {
  const clean = name.replace(/\s+/g, '');
  const full = pinyin(clean, {
    toneType: 'none',
    type: 'array',
    surname: 'head',
    nonZh: 'consecutive',
    v: true,
  });
  const initials = full.map((s) => s.charAt(0)).join('');
  return {
    initials: initials.toLowerCase(),
    pinyin: full.join('').toLowerCase(),
    sort: sortKey(full, name),
  };
}

/**
 * The one toneless reading of a Chinese character (ü as v), or null when it has several (长 chang/zhang, 曾
 * ceng/zeng: context or the surname rule decides) or is not a character of the basic block. Characters with one
 * reading read the same wherever they stand, so a name made only of them needs no segmentation: most names.
 */
const readings = new Map<number, string | null>();
export function onlyReading(code: number): string | null {
  let r = readings.get(code);
  if (r === undefined) {
    r = null;
    if (code >= 0x4e00 && code <= 0x9fff) {
      const all = pinyin(String.fromCharCode(code), { toneType: 'none', type: 'array', multiple: true });
      if (all.length === 1 && /^[a-zü]+$/.test(all[0]!)) r = all[0]!.replace(/ü/g, 'v');
    }
    readings.set(code, r);
  }
  return r;
}

export function computeKeys(name: string): NameKeys {
  return keysByCharacter(name) ?? computeKeysFull(name);
}

/** A name's keys read character by character, or null when a character has no single reading (or is a space). */
function keysByCharacter(name: string): NameKeys | null {
  let initials = '';
  let full = '';
  let spaced = '';
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code === 32 || code === 9 || code === 0x3000) return null;
    const r = onlyReading(code);
    if (r === null) return null;
    initials += r.charAt(0);
    full += r;
    spaced += i ? ` ${r}` : r;
  }
  if (!full) return null;
  return { initials, pinyin: full, sort: `${spaced}\t${name}` };
}
