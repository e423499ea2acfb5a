/** Small pieces the screening page, the case page and the org's 健康 tab share (decision 0033). */
import { Tag, Tooltip } from 'antd';
import type { WeakTypeView } from '../../../shared/screening.js';
import { CASE_STAGE_ZH, type CaseStage } from '../../../domain/screening/rectification.js';

const STAGE_COLOR: Record<CaseStage, string> = {
  planning: 'default',
  rectifying: 'processing',
  accepted: 'cyan',
  watching: 'green',
  done: 'default',
  relapsed: 'red',
};
const BY_ZH = new Map(Object.entries(CASE_STAGE_ZH).map(([k, zh]) => [zh, k as CaseStage]));

/** A case's stage, given by its key or its Chinese name. */
export function StageTag({ stage }: { stage: string | null }) {
  if (!stage) return null;
  const key = (stage in CASE_STAGE_ZH ? stage : BY_ZH.get(stage)) as CaseStage | undefined;
  return <Tag color={key ? STAGE_COLOR[key] : 'default'}>{key ? CASE_STAGE_ZH[key] : stage}</Tag>;
}

/** Weak-org types as chips: the number and the short name, the full wording on hover. */
export function TypeTags({
  types,
  all,
  color,
}: {
  types: readonly number[];
  all: readonly WeakTypeView[];
  color?: string;
}) {
  const by = new Map(all.map((t) => [t.type, t]));
  return (
    <>
      {types.map((n) => {
        const t = by.get(n);
        return (
          <Tooltip key={n} title={t?.zh}>
            <Tag color={color} style={{ marginBottom: 2 }}>
              {n}. {t?.short ?? `第${n}类`}
            </Tag>
          </Tooltip>
        );
      })}
    </>
  );
}
