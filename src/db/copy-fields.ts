/**
 * Reading the text of a `COPY … TO STDOUT` of integers, days and plain codes by hand (decision 0044's session 15
 * addendum): values written into the statement (COPY takes no parameters) checked first, days as numbers since
 * 1970-01-01 turned into the judgement's text once per day.
 */
import { isIsoDate, type IsoDate } from '../shared/dates.js';

export const int = (n: number) => {
  if (!Number.isSafeInteger(n)) throw new Error(`not an integer: ${n}`);
  return String(n);
};
export const day = (d: IsoDate) => {
  if (!isIsoDate(d)) throw new Error(`not a date: ${d}`);
  return `'${d}'::date`;
};
export const EPOCH = `DATE '1970-01-01'`;

// days since 1970-01-01 as the judgement's text, made once per day (a province's facts name a few thousand days)
const dayTexts = new Map<number, string>();
const monthTexts = new Map<number, string>();
export function dayText(d: number): IsoDate {
  let s = dayTexts.get(d);
  if (s === undefined) {
    s = new Date(d * 86_400_000).toISOString().slice(0, 10);
    if (dayTexts.size < 200_000) dayTexts.set(d, s);
  }
  return s;
}
export function monthText(d: number): string {
  let s = monthTexts.get(d);
  if (s === undefined) {
    s = dayText(d).slice(0, 7);
    if (monthTexts.size < 200_000) monthTexts.set(d, s);
  }
  return s;
}

/** Reads the COPY text of duesFactsSql field by field (integers, \N, codes without special characters). */
export class Fields {
  at = 0;
  constructor(private readonly s: string) {}
  more(): boolean {
    return this.at < this.s.length;
  }
  /** an integer (null for \N), and the separator after it */
  int(): number | null {
    const s = this.s;
    let i = this.at;
    let c = s.charCodeAt(i);
    if (c === 92) {
      this.at = i + 3;
      return null;
    }
    const neg = c === 45;
    if (neg) c = s.charCodeAt(++i);
    let v = 0;
    while (c >= 48 && c <= 57) {
      v = v * 10 + (c - 48);
      c = s.charCodeAt(++i);
    }
    this.at = i + 1;
    return neg ? -v : v;
  }
  /** a code (null for \N), and the separator after it */
  text(): string | null {
    const s = this.s;
    const i = this.at;
    if (s.charCodeAt(i) === 92 && s.charCodeAt(i + 1) === 78) {
      this.at = i + 3;
      return null;
    }
    let j = i;
    for (let c = s.charCodeAt(j); c !== 9 && c !== 10 && j < s.length; c = s.charCodeAt(++j));
    this.at = j + 1;
    return s.slice(i, j);
  }
}
