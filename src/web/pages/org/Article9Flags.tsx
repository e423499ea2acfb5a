/**
 * 党章第九条提示 (issue 11 item 4, decision 0023): the members of an org's subtree who have missed organisational life
 * without good reason, or paid no dues, for three (提示) or six (需研究处理) consecutive months — on the org page's
 * 组织生活 tab and on 本月待办. A flag is for the branch to act on; it never changes a member's status.
 */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Space, Tag, Typography } from 'antd';
import type { Article9Ground, Article9FlagCode } from '../../../shared/life.js';
import { api, errorMessage } from '../../api/client.js';
import { useRequest } from '../../api/hooks.js';

const GROUND_ZH: Record<Article9Ground['ground'], string> = {
  org_life: '未参加组织生活',
  dues: '未交纳党费',
};

export function flagTag(flag: Article9FlagCode) {
  return flag === 'six_months' ? (
    <Tag color="red">连续6个月·需研究处理</Tag>
  ) : (
    <Tag color="orange">连续3个月·提示</Tag>
  );
}

/** `2026-06` → 2026年6月 */
export function monthZh(m: string): string {
  return `${m.slice(0, 4)}年${Number(m.slice(5, 7))}月`;
}

export function groundText(g: Article9Ground): string {
  if (!g.months || !g.since) return `${GROUND_ZH[g.ground]}：无`;
  // organisational life counts only the months the branch met (a month without a meeting is skipped)
  if (g.ground === 'org_life')
    return `自${monthZh(g.since)}起，支部开会的${g.months}个月均未参加组织生活（未请假）`;
  return `自${monthZh(g.since)}起连续${g.months}个月${GROUND_ZH[g.ground]}`;
}

const SHOWN = 8;

export function Article9Flags({
  code,
  showOrg = false,
  title = '党章第九条提示',
}: {
  code: string;
  showOrg?: boolean;
  title?: string;
}) {
  const res = useRequest((s) => api.article9(code, s), [code]);
  const [all, setAll] = useState(false);
  const d = res.data;
  // 需研究处理 first, then the notices; each in the API's tree and name order
  const sorted = d
    ? [
        ...d.members.filter((m) => m.flag === 'six_months'),
        ...d.members.filter((m) => m.flag !== 'six_months'),
      ]
    : [];
  const shown = all ? sorted : sorted.slice(0, SHOWN);
  return (
    <section aria-label="党章第九条提示" style={{ marginBottom: 16 }}>
      <Typography.Title level={5} style={{ margin: '0 0 8px' }}>
        {title}
        {d ? `（需研究处理 ${d.counts.sixMonths} 人，提示 ${d.counts.threeMonths} 人）` : ''}
      </Typography.Title>
      {res.error ? <Alert type="error" showIcon title={errorMessage(res.error)} /> : null}
      {d &&
        (d.members.length === 0 ? (
          <div className="jc-muted">没有连续3个月以上未参加组织生活或未交党费的党员。</div>
        ) : (
          <ul className="jc-flag-list" aria-label="党章第九条提示名单">
            {shown.map((m) => (
              <li key={m.memberId}>
                <Space size={[6, 2]} wrap>
                  <Link to={`/members/${m.memberId}`}>{m.name}</Link>
                  {showOrg && <span className="jc-muted">{m.orgName}</span>}
                  {flagTag(m.flag)}
                </Space>
                <div className="jc-flag-grounds">{m.grounds.map(groundText).join('；')}</div>
              </li>
            ))}
          </ul>
        ))}
      {sorted.length > SHOWN && (
        <Button type="link" style={{ padding: 0 }} onClick={() => setAll(!all)}>
          {all ? '收起' : `显示全部 ${sorted.length} 人`}
        </Button>
      )}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0 0' }}>
        依据党章第九条：没有正当理由连续六个月不参加组织生活或不交纳党费的，由支部大会研究处理。请假（有理由）的月份不计；只作提示，不改变党员状态。
      </Typography.Paragraph>
    </section>
  );
}
