/** Small helpers the assessment pages share (decision 0036). */
import type { ReactNode } from 'react';
import { Select, Typography } from 'antd';
import { today } from '../../lib/format.js';

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

/** The page head of the assessment pages: the title, a line under it, and the controls on the right. */
export function AssessmentHead({
  title,
  sub,
  children,
}: {
  title: string;
  sub: ReactNode;
  children?: ReactNode;
}) {
  return (
    <div className="jc-home-head">
      <div>
        <Typography.Title level={3} style={{ marginBottom: 4 }}>
          {title}
        </Typography.Title>
        <Typography.Text type="secondary">{sub}</Typography.Text>
      </div>
      {children}
    </div>
  );
}

/** This year and the two before, as the year picker of a page (the URL's `year`). */
export function YearSelect({ year, onChange }: { year: number; onChange: (y: number) => void }) {
  const thisYear = Number(today().slice(0, 4));
  return (
    <Select
      aria-label="考核年度"
      value={year}
      style={{ width: 120 }}
      onChange={onChange}
      options={[thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: y, label: `${y}年度` }))}
    />
  );
}
