/**
 * Pinyin forms of an org's name for search (decision 0014). Org names are long (温泉镇黄家村党支部) and people type
 * a part of them: the initials of any run of characters (hjc, wqz) or the full pinyin from any syllable on
 * (huangjia), so the keys keep every syllable in place: `initials` 'wqzhjcdzb' (any substring is the initials of a
 * run of characters) and `syllables` 'wen quan zhen huang jia cun dang zhi bu' (a match must start at a syllable).
 *
 * Polyphonic characters are read by the words around them (pinyin-pro's segmentation: 长岭 chang ling, 银行 yin
 * hang). Place names of the kind X家湾 / X家村 are named after a family, and a family name has its own reading
 * (曾 zeng, 单 shan, 解 xie, 查 zha — the surname rule member search reads a person's name by): when such a
 * character stands before 家, the name gets a second reading with the surname's, so 曾家湾村 is found by cjwc and
 * by zjwc. Readings are separated by ' ' in `initials` and ' | ' in `syllables`.
 */
import { pinyin } from 'pinyin-pro';
import { onlyReading } from '../member/names.js';

export interface OrgNameKeys {
  /** the initials of every character, one string per reading, separated by a space */
  initials: string;
  /** the toneless syllables (ü as v) separated by spaces, one string per reading, separated by ' | ' */
  syllables: string;
}

/** A token as the keys hold it: lower-case letters and digits, ü as v (punctuation drops out). */
const token = (s: string) =>
  s
    .toLowerCase()
    .replace(/ü/g, 'v')
    .replace(/[^a-z0-9]/g, '');

const surnames = new Map<string, string>();
const surnameReading = (ch: string) => {
  let r = surnames.get(ch);
  if (r === undefined) {
    r = token(pinyin(ch, { toneType: 'none', surname: 'head', v: true }));
    surnames.set(ch, r);
  }
  return r;
};

const isHan = (code: number) => code >= 0x4e00 && code <= 0x9fff;

/**
 * The name's tokens in reading order — each Chinese character, and each run of other characters — with each
 * character's reading: its only one where it has one (no segmentation needed), else pinyin-pro's reading of the
 * whole name (by the words around it). Null when pinyin-pro splits the name otherwise (characters outside the basic
 * block): the caller then asks pinyin-pro for every token.
 */
function tokens(clean: string): { origin: string; han: boolean; reading: string }[] | null {
  const out: { origin: string; han: boolean; reading: string }[] = [];
  let polyphonic = false;
  for (let i = 0; i < clean.length;) {
    const code = clean.charCodeAt(i);
    if (isHan(code)) {
      const r = onlyReading(code);
      if (r === null) polyphonic = true;
      out.push({ origin: clean[i]!, han: true, reading: r ?? '' });
      i++;
      continue;
    }
    let j = i + 1;
    while (j < clean.length && !isHan(clean.charCodeAt(j))) j++;
    out.push({ origin: clean.slice(i, j), han: false, reading: clean.slice(i, j) });
    i = j;
  }
  if (!polyphonic) return out;
  const read = pinyin(clean, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true });
  if (read.length !== out.length) return null;
  for (let k = 0; k < out.length; k++) if (out[k]!.han) out[k]!.reading = read[k]!;
  return out;
}

/** Every token with pinyin-pro's reading (the slow, general path). */
function tokensByPinyinPro(clean: string): { origin: string; han: boolean; reading: string }[] {
  return pinyin(clean, { type: 'all', toneType: 'none', v: true, nonZh: 'consecutive' }).map((it) => ({
    origin: it.origin,
    han: it.isZh,
    reading: it.isZh ? it.pinyin : it.origin,
  }));
}

export function orgNameKeys(name: string): OrgNameKeys {
  const clean = name.replace(/\s+/g, '');
  return keysOf(tokens(clean) ?? tokensByPinyinPro(clean));
}

/** orgNameKeys with every token read by pinyin-pro: the reference the per-character shortcut must agree with. */
export function orgNameKeysFull(name: string): OrgNameKeys {
  return keysOf(tokensByPinyinPro(name.replace(/\s+/g, '')));
}

function keysOf(items: readonly { origin: string; han: boolean; reading: string }[]): OrgNameKeys {
  const base: string[] = [];
  const alt: string[] = [];
  let differs = false;
  for (let k = 0; k < items.length; k++) {
    const it = items[k]!;
    const t = token(it.reading);
    if (!t) continue;
    base.push(t);
    let a = t;
    if (it.han && items[k + 1]?.origin === '家' && onlyReading(it.origin.charCodeAt(0)) === null) {
      a = surnameReading(it.origin) || t;
      if (a !== t) differs = true;
    }
    alt.push(a);
  }
  const readings = differs ? [base, alt] : [base];
  return {
    initials: readings.map((r) => r.map((x) => x.charAt(0)).join('')).join(' '),
    syllables: readings.map((r) => r.join(' ')).join(' | '),
  };
}

/**
 * What a typed org search means, from the text alone: letters (ü typed as v or ü) are also pinyin — `letters` lower
 * case, for the initials and the full pinyin; anything else is matched as part of the name or the start of the
 * code only.
 */
export function orgSearchLetters(q: string): string | null {
  return /^[a-zA-Zü]+$/.test(q) ? q.toLowerCase().replace(/ü/g, 'v') : null;
}
