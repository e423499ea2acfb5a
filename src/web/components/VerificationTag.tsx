/**
 * The mark of a record verified on site (抽查核实, decision 0038), wherever the record is shown: 不属实 in red (a
 * meeting no longer counts; a payment or a recruitment step keeps counting until people correct it: `stillCounts`),
 * 部分属实 in orange, 属实 in green; nothing for a record never verified.
 */
import { Tag } from 'antd';
import { RESULT_LABELS, type ResultName } from '../../shared/sampling.js';

const COLORS: Record<ResultName, string> = { false: 'red', partly: 'orange', true: 'green' };

export function VerificationTag({
  mark,
  short,
  stillCounts,
}: {
  mark: ResultName | null | undefined;
  short?: boolean;
  stillCounts?: boolean;
}) {
  if (!mark) return null;
  const text =
    mark === 'false' && !short && !stillCounts
      ? '抽查核实：不属实（不计入）'
      : `${short ? '' : '抽查核实：'}${RESULT_LABELS[mark]}`;
  return (
    <Tag color={COLORS[mark]} className="jc-verification-tag" data-mark={mark}>
      {text}
    </Tag>
  );
}
