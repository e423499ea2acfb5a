/** Small helpers the assessment pages share (decision 0036). */
const STARS = ['', '一星', '二星', '三星', '四星', '五星'];

/** '五星95分以上、四星85分以上、…，其余不评星' */
export function bandsText(bands: readonly { stars: number; min: number }[]): string {
  const sorted = [...bands].sort((a, b) => b.stars - a.stars);
  return `${sorted.map((b) => `${STARS[b.stars] ?? `${b.stars}星`}${b.min}分以上`).join('、')}，其余不评星`;
}

/** 2026-03 → 2026年3月 */
export function monthZh(m: string): string {
  return `${Number(m.slice(0, 4))}年${Number(m.slice(5, 7))}月`;
}
