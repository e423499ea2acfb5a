/**
 * 历次党籍: a person's memberships, oldest first, each with its periods (org, status, dates) — shown on the member
 * page when the person has had more than one (left or removed and admitted again; decision 0011). A stacked list,
 * not a table, so it reads at phone width.
 */
import { Tag } from 'antd';
import type { MemberDetail } from '../../../shared/schemas.js';
import { statusColor, statusLabel, zhDate } from '../../lib/format.js';

export function MembershipHistory({ m }: { m: MemberDetail }) {
  if (m.memberships.length < 2) return null;
  return (
    <section className="jc-memberships" aria-label="历次党籍" style={{ marginBottom: 16 }}>
      <h3 style={{ fontSize: 15, margin: '4px 0 8px' }}>历次党籍</h3>
      <ol style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {m.memberships.map((ms, i) => (
          <li
            key={ms.id}
            style={{
              border: '1px solid var(--jc-border, #f0f0f0)',
              borderRadius: 6,
              padding: '8px 12px',
              marginBottom: 8,
            }}
          >
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
              <strong>第{i + 1}次党籍</strong>
              {ms.id === m.id && <Tag color="red">本档案</Tag>}
              <Tag color={statusColor(ms.status)}>{statusLabel(ms.status)}</Tag>
            </div>
            <div className="jc-muted" style={{ fontSize: 13, marginTop: 4 }}>
              入党日期 {zhDate(ms.joinedOn)}
              {ms.endedOn ? `，${zhDate(ms.endedOn)}终止` : ''}
            </div>
            <ul style={{ paddingLeft: 18, margin: '6px 0 0', fontSize: 13 }}>
              {ms.periods.map((p) => (
                <li key={`${p.from}-${p.status}`} style={{ overflowWrap: 'anywhere' }}>
                  {zhDate(p.from)} 至 {p.to ? zhDate(p.to) : '今'}：{p.orgName ?? '（管辖范围外的党组织）'}，
                  {statusLabel(p.status)}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </section>
  );
}
