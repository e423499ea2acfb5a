/**
 * 本月待办's 组织关系 card (issue 13, decision 0034's addendum): what the org's subtree has to act on in the member
 * lifecycle today — transfers to accept or to follow up (the letter's deadline, overdue in red), members away with a
 * flag, members out of contact, and status decisions waiting for approval. Each line opens the place where the work is
 * done (the transfer, the member's 组织关系 tab). Nothing to do: no card at all.
 */
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Card, Tag, Typography } from 'antd';
import type { LifecycleTodo } from '../../../shared/lifecycle.js';
import { ABSENCE_FLAGS, DECISION_KINDS } from '../../../shared/lifecycle.js';
import { labelOf } from '../../../shared/codes.js';
import { useRequest } from '../../api/hooks.js';
import { lifecycleApi } from '../../api/lifecycle.js';
import { daysBetween } from '../../../shared/dates.js';
import { zhDate } from '../../lib/format.js';
import { StatusTag } from './OrgTransfers.js';

const memberTab = (id: number) => `/members/${id}?tab=lifecycle`;

export function LifecycleTodoCard({ code }: { code: string }) {
  const todo = useRequest((s) => lifecycleApi.todo(code, s), [code]);
  const t = todo.data;
  if (todo.error || !t) return null;
  const count = t.transfers.length + t.mobile.length + t.lost.length + t.decisions.length;
  if (count === 0) return null;
  return (
    <Card
      size="small"
      className="jc-home-lifecycle"
      style={{ marginTop: 16 }}
      title={`组织关系待办（${count}）`}
      extra={<Link to={`/orgs/${encodeURIComponent(t.org)}?tab=transfers`}>组织关系</Link>}
    >
      <TodoGroup
        title="组织关系转接"
        items={t.transfers.map((x) => (
          <TransferLine key={x.id} t={x} asOf={t.asOf} />
        ))}
      />
      <TodoGroup
        title="等待批准的党籍处置"
        items={t.decisions.map((d) => (
          <li key={d.id}>
            <Link to={memberTab(d.memberId)}>{d.name}</Link>（{d.memberOrgName}）
            {labelOf(DECISION_KINDS, d.kind)}：{d.decidingOrgName} {zhDate(d.decidedOn)} 决定，待
            {d.approvingOrg.name}批准
            <Tag color={d.waitingDays > 30 ? 'orange' : 'blue'} style={{ marginLeft: 6 }}>
              已等待 {d.waitingDays} 天
            </Tag>
          </li>
        ))}
      />
      <TodoGroup
        title="失联党员"
        items={t.lost.map((m) => (
          <li key={m.lostContactId}>
            <Link to={memberTab(m.memberId)}>{m.name}</Link>（{m.orgName}）{zhDate(m.since)} 起失联 {m.months}{' '}
            个月
            {m.flags.map((f) => (
              <Tag key={f} color={f === 'lost_notice' ? 'orange' : 'red'} style={{ marginLeft: 6 }}>
                {labelOf(ABSENCE_FLAGS, f)}
              </Tag>
            ))}
          </li>
        ))}
      />
      <TodoGroup
        title="流动党员"
        items={t.mobile.map((m) => (
          <li key={m.registrationId}>
            <Link to={memberTab(m.memberId)}>{m.name}</Link>（{m.orgName}）{zhDate(m.since)} 起在 {m.place}
            {m.flags.map((f) => (
              <Tag key={f} color="orange" style={{ marginLeft: 6 }}>
                {labelOf(ABSENCE_FLAGS, f)}
              </Tag>
            ))}
          </li>
        ))}
      />
    </Card>
  );
}

function TodoGroup({ title, items }: { title: string; items: ReactNode[] }) {
  if (!items.length) return null;
  return (
    <section className="jc-todo-group" aria-label={title}>
      <Typography.Text strong>
        {title}（{items.length}）
      </Typography.Text>
      <ul className="jc-todo-list">{items}</ul>
    </section>
  );
}

function TransferLine({ t, asOf }: { t: LifecycleTodo['transfers'][number]; asOf: string }) {
  const left = daysBetween(asOf, t.validUntil);
  const from = t.fromOrg?.name ?? '外单位';
  const to = t.toOrg?.name ?? t.externalOrg ?? '外单位';
  return (
    <li>
      <Link to={`/transfers/${t.id}`}>{t.name}</Link>：{from} → {to}{' '}
      {t.status !== 'pending' && <StatusTag status={t.status} />}
      <Typography.Text type={t.status === 'overdue' ? 'danger' : left <= 14 ? 'warning' : 'secondary'}>
        {t.status === 'overdue'
          ? `介绍信 ${zhDate(t.validUntil)} 已到期`
          : `介绍信有效期至 ${zhDate(t.validUntil)}（还有 ${left} 天）`}
      </Typography.Text>
      {t.mayAct && <Tag color="blue">{t.kind === 'internal' ? '待本组织接收' : '待登记回执'}</Tag>}
    </li>
  );
}
