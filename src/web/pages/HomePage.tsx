/**
 * `/home`: 本月待办 (issue 11 item 9, decision 0019). A branch secretary lands here after signing in and sees what the
 * branch owes this month, this quarter and this year and whether it is held, what it missed since the previous
 * quarter began, its last meeting and when its committee's term ends; one click records a meeting with everyone on
 * the roster pre-filled present (the 记录会议 form). A township officer sees the same, one compact card per branch of
 * the township (no ranking: the branches in tree order). Phone: the cards stack in one column.
 */
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Button, Card, Col, Empty, Input, Row, Segmented, Space, Tag, Tooltip, Typography } from 'antd';
import {
  CalendarOutlined,
  CheckCircleFilled,
  ClockCircleOutlined,
  PlusOutlined,
  WalletOutlined,
} from '@ant-design/icons';
import type { DueItem, Home } from '../../shared/schemas.js';
import { api } from '../api/client.js';
import { useRequest } from '../api/hooks.js';
import { screeningApi } from '../api/screening.js';
import { PageError, PageSkeleton } from '../components/PageState.js';
import { useAuth, useCan } from '../auth/context.js';
import { duesApi } from '../api/dues.js';
import { money } from '../lib/dues.js';
import { useTermEndingSoonMonths } from '../settings/context.js';
import { termState, today, zhDate } from '../lib/format.js';
import { meetingKindLabel, periodLabel } from './org/OrgLife.js';
import { ResponsiveTable } from '../components/ResponsiveTable.js';
import { Article9Flags } from './org/Article9Flags.js';
import { OrgAppraisal } from './org/OrgAppraisal.js';
import { TermStatusTag } from './org/OrgTerms.js';
import { LifecycleTodoCard } from './lifecycle/LifecycleTodoCard.js';
import type { OrgTerm } from '../../shared/life.js';

type HomeOrg = Home['orgs'][number];

const UNIT_ZH: Record<DueItem['unit'], string> = { month: '本月', quarter: '本季度', year: '本年' };

/** The form, opened for the kinds given, everyone on the roster present; back to this page after saving. */
function recordLink(code: string, kinds: readonly string[]): string {
  // a heart talk is not a meeting: it is recorded on the org's 组织生活 tab (its own dialog, decision 0018)
  if (kinds.length === 1 && kinds[0] === HEART_TALK) return `/orgs/${encodeURIComponent(code)}?tab=life`;
  return `/orgs/${encodeURIComponent(code)}/meetings/new?kinds=${kinds.join(',')}&from=home`;
}

const HEART_TALK = 'heart_talk';

/** The one-click meeting: the theme day while it is still to hold, else the first meeting still to hold. */
function firstMeeting(pending: readonly { type: string }[]): string {
  const meetings = pending.filter((d) => d.type !== HEART_TALK);
  return meetings.find((d) => d.type === 'theme_day')?.type ?? meetings[0]?.type ?? 'theme_day';
}

/** `2026-12-31` → 12月31日 */
function monthDay(d: string): string {
  return `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
}

export default function HomePage() {
  const { user } = useAuth();
  const code = user?.orgCode ?? '';
  const home = useRequest((s) => api.home(code, s), [code], !!code);
  // the next election of each org (换届, decision 0023): the due day after any approved postponement or advance
  const terms = useRequest((s) => api.terms(code, s), [code], !!code);
  const termOf = new Map((terms.data?.orgs ?? []).map((t) => [t.code, t]));
  const mayRecord = useCan('meetings.write', code ? { code } : null);
  if (!code) return <Empty description="您的账号未绑定党组织" />;
  if (home.error) return <PageError error={home.error} onRetry={home.reload} />;
  if (!home.data) return <PageSkeleton rows={8} />;
  const h = home.data;
  const single = h.orgs.length === 1 && h.orgs[0]!.code === h.org;
  return (
    <div className="jc-home">
      <div className="jc-home-head">
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            本月待办
          </Typography.Title>
          <Typography.Text type="secondary">
            {h.orgName} · {zhDate(h.asOf)} · {Number(h.month.slice(5))}月、{periodLabel(h.quarter)}
          </Typography.Text>
        </div>
        <Link to={`/orgs/${encodeURIComponent(h.org)}?tab=life`}>
          <Button icon={<CalendarOutlined aria-hidden />}>组织生活记录</Button>
        </Link>
      </div>
      <DuesCard code={h.org} branch={single} />
      <LifecycleTodoCard code={h.org} />
      <RectificationTodos code={h.org} />
      {h.orgs.length === 0 ? (
        <Empty style={{ marginTop: 48 }} description="目前没有应开的会议（组织没有在册党员，或本月刚成立）" />
      ) : single ? (
        <BranchHome org={h.orgs[0]!} term={termOf.get(h.orgs[0]!.code)} />
      ) : (
        <TownshipHome orgs={h.orgs} termOf={termOf} />
      )}
      <Card size="small" style={{ marginTop: 16 }}>
        <Article9Flags code={h.org} showOrg={!single} />
      </Card>
      <OrgAppraisal org={{ code: h.org }} mayRecord={single && mayRecord} showOrg={!single} asCard />
    </div>
  );
}

/** A branch secretary's own branch: the month, quarter and year side by side (stacked on a phone). */
function BranchHome({ org, term }: { org: HomeOrg; term: OrgTerm | undefined }) {
  const navigate = useNavigate();
  const pending = org.due.filter((d) => !d.held);
  // the one-click meeting: this month's theme day while it is still to hold, else the first thing still to hold
  const first = [firstMeeting(pending)];
  return (
    <>
      <Card className="jc-home-hero" style={{ marginTop: 16 }}>
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          <Typography.Text strong style={{ fontSize: 16 }}>
            {pending.length ? `还有 ${pending.length} 项会议未召开` : '本月、本季度、本年应开的会议都已召开'}
          </Typography.Text>
          <Button
            type="primary"
            size="large"
            icon={<PlusOutlined aria-hidden />}
            onClick={() => navigate(recordLink(org.code, first))}
          >
            记录{first.map(meetingKindLabel).join('、')}（全员出席已预填）
          </Button>
          <Typography.Text type="secondary">
            打开后名单中本支部党员均为出席，只需标出请假或缺席的人。
          </Typography.Text>
        </Space>
      </Card>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        {(['month', 'quarter', 'year'] as const).map((unit) => {
          const items = org.due.filter((d) => d.unit === unit);
          return (
            <Col xs={24} lg={8} key={unit}>
              <Card
                size="small"
                title={`${UNIT_ZH[unit]}${items[0] ? `（${periodLabel(items[0].period)}）` : ''}`}
                style={{ height: '100%' }}
              >
                {items.length === 0 ? (
                  <Typography.Text type="secondary">本期没有应开的会议</Typography.Text>
                ) : (
                  <ul className="jc-due-list" aria-label={`${UNIT_ZH[unit]}应开的会议`}>
                    {items.map((d) => (
                      <DueRow key={`${d.type}-${d.period}`} code={org.code} item={d} />
                    ))}
                  </ul>
                )}
              </Card>
            </Col>
          );
        })}
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={12}>
          <Card size="small" title="上季度以来未开" style={{ height: '100%' }}>
            <Missing org={org} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title="最近一次会议与换届" style={{ height: '100%' }}>
            <Facts org={org} term={term} />
          </Card>
        </Col>
      </Row>
    </>
  );
}

function DueRow({ code, item }: { code: string; item: DueItem }) {
  const navigate = useNavigate();
  return (
    <li className={item.held ? 'jc-due jc-due-held' : 'jc-due jc-due-pending'}>
      <span>
        {item.held ? (
          <CheckCircleFilled aria-hidden style={{ color: '#389e0d' }} />
        ) : (
          <ClockCircleOutlined aria-hidden style={{ color: '#cf1322' }} />
        )}{' '}
        {meetingKindLabel(item.type)}
      </span>
      {item.held ? (
        <Tag color="green">已召开</Tag>
      ) : (
        <Space size={4}>
          <Tag color="red">{monthDay(item.lastDay)}前召开</Tag>
          <Button
            size="small"
            aria-label={`记录${meetingKindLabel(item.type)}`}
            onClick={() => navigate(recordLink(code, [item.type]))}
          >
            记录
          </Button>
        </Space>
      )}
    </li>
  );
}

function Missing({ org }: { org: HomeOrg }) {
  if (!org.missing.length) return <Typography.Text type="secondary">没有未开的会议</Typography.Text>;
  return (
    <Space orientation="vertical" size={4}>
      {org.missing.map((m) => (
        <div key={m.type}>
          <Typography.Text>{meetingKindLabel(m.type)}：</Typography.Text>
          {m.periods.map((p) => (
            <Tag key={p} color="volcano">
              {periodLabel(p)}
            </Tag>
          ))}
        </div>
      ))}
    </Space>
  );
}

function Facts({ org, term }: { org: HomeOrg; term: OrgTerm | undefined }) {
  return (
    <Space orientation="vertical" size={4}>
      <Typography.Text>
        最近一次会议：
        {org.lastMeeting ? `${zhDate(org.lastMeeting.heldOn)}，${org.lastMeeting.topic}` : '暂无记录'}
      </Typography.Text>
      <Typography.Text>
        下次换届：
        {term?.termEnds ? (
          <>
            {zhDate(term.termEnds)}前 <TermStatusTag status={term.status} />
          </>
        ) : org.termEndsOn ? (
          <>
            {zhDate(org.termEndsOn)}届满 <TermTag endsOn={org.termEndsOn} />
          </>
        ) : (
          '未记录换届信息'
        )}
      </Typography.Text>
    </Space>
  );
}

function TermTag({ endsOn }: { endsOn: string }) {
  const months = useTermEndingSoonMonths();
  if (months === undefined) return null;
  const state = termState(endsOn, today(), months);
  if (state === 'ended') return <Tag color="red">已到期，应按期换届</Tag>;
  if (state === 'soon')
    return (
      <Tooltip title={`届满前${months}个月内提醒（本县设置）`}>
        <Tag color="orange">即将到期</Tag>
      </Tooltip>
    );
  return null;
}

type Filter = 'all' | 'pending' | 'missed';

/**
 * A township's branches, in tree order (no ranking): per branch what is still to hold this month, quarter and year,
 * what it missed since the previous quarter began, its last meeting and term, and a button to record. A table on a
 * desktop, a card per branch on a phone.
 */
function TownshipHome({ orgs, termOf }: { orgs: readonly HomeOrg[]; termOf: ReadonlyMap<string, OrgTerm> }) {
  const navigate = useNavigate();
  const [filter, setFilter] = useState<Filter>('all');
  const [q, setQ] = useState('');
  const pendingOf = (o: HomeOrg) => o.due.filter((d) => !d.held);
  const missedOf = (o: HomeOrg) => o.missing.reduce((n, m) => n + m.periods.length, 0);
  const shown = orgs.filter((o) =>
    q.trim() && !o.name.includes(q.trim()) && !o.code.includes(q.trim())
      ? false
      : filter === 'pending'
        ? pendingOf(o).some((d) => d.unit === 'month')
        : filter === 'missed'
          ? missedOf(o) > 0
          : true,
  );
  const unitCell = (unit: DueItem['unit']) => (o: HomeOrg) => {
    const items = o.due.filter((d) => d.unit === unit);
    if (!items.length) return <Typography.Text type="secondary">—</Typography.Text>;
    return (
      <span className="jc-due-tags">
        {items.map((d) => (
          <Tag key={d.type} color={d.held ? 'green' : 'red'}>
            {meetingKindLabel(d.type)}
            {d.held ? '已开' : '未开'}
          </Tag>
        ))}
      </span>
    );
  };
  return (
    <>
      <Space wrap style={{ margin: '12px 0' }}>
        <Segmented<Filter>
          value={filter}
          onChange={setFilter}
          aria-label="筛选支部"
          options={[
            { value: 'all', label: `全部 ${orgs.length}` },
            {
              value: 'pending',
              label: `本月未开 ${orgs.filter((o) => pendingOf(o).some((d) => d.unit === 'month')).length}`,
            },
            { value: 'missed', label: `有漏开 ${orgs.filter((o) => missedOf(o) > 0).length}` },
          ]}
        />
        <Input.Search
          allowClear
          placeholder="查找支部（名称或编码）"
          aria-label="查找支部"
          style={{ width: 240 }}
          onChange={(e) => setQ(e.target.value)}
        />
        <Typography.Text type="secondary">各支部按组织顺序排列，不排名次。</Typography.Text>
      </Space>
      <ResponsiveTable<HomeOrg>
        size="small"
        rowKey="code"
        aria-label="各支部待办"
        dataSource={shown}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: true }}
        columns={[
          {
            key: 'name',
            title: '支部',
            width: 230,
            render: (_: unknown, o: HomeOrg) => (
              <Link to={`/orgs/${encodeURIComponent(o.code)}?tab=life`}>{o.name}</Link>
            ),
          },
          { key: 'month', title: '本月', render: (_: unknown, o: HomeOrg) => unitCell('month')(o) },
          { key: 'quarter', title: '本季度', render: (_: unknown, o: HomeOrg) => unitCell('quarter')(o) },
          { key: 'year', title: '本年', render: (_: unknown, o: HomeOrg) => unitCell('year')(o) },
          {
            key: 'missed',
            title: '上季度以来未开',
            render: (_: unknown, o: HomeOrg) =>
              o.missing.length ? (
                <Typography.Text type="danger">
                  {o.missing
                    .map((m) => `${meetingKindLabel(m.type)}（${m.periods.map(periodLabel).join('、')}）`)
                    .join('；')}
                </Typography.Text>
              ) : (
                <Typography.Text type="secondary">无</Typography.Text>
              ),
          },
          {
            key: 'last',
            title: '最近会议',
            width: 120,
            render: (_: unknown, o: HomeOrg) => (o.lastMeeting ? zhDate(o.lastMeeting.heldOn) : '暂无'),
          },
          {
            key: 'term',
            title: '下次换届',
            width: 150,
            render: (_: unknown, o: HomeOrg) =>
              termOf.get(o.code)?.termEnds ? (
                <>
                  {zhDate(termOf.get(o.code)!.termEnds!)}{' '}
                  <TermStatusTag status={termOf.get(o.code)!.status} />
                </>
              ) : o.termEndsOn ? (
                <>
                  {zhDate(o.termEndsOn)} <TermTag endsOn={o.termEndsOn} />
                </>
              ) : (
                '未记录'
              ),
          },
          {
            key: 'actions',
            title: '操作',
            width: 90,
            render: (_: unknown, o: HomeOrg) => {
              const p = pendingOf(o);
              return (
                <Button
                  size="small"
                  icon={<PlusOutlined aria-hidden />}
                  aria-label={`为${o.name}记录会议`}
                  onClick={() => navigate(recordLink(o.code, [firstMeeting(p)]))}
                >
                  记录
                </Button>
              );
            },
          },
        ]}
      />
    </>
  );
}

/**
 * 本月党费 in one line (decision 0022): what the branch (or the township's branches) owe this month and have paid,
 * the arrears and the members flagged; the way to record payments (an account that may) and to the 党费 tab.
 */
function DuesCard({ code, branch }: { code: string; branch: boolean }) {
  const navigate = useNavigate();
  const month = today().slice(0, 7);
  const sum = useRequest((s) => duesApi.summary(code, month, s), [code, month]);
  const org = useRequest((s) => api.org(code, s), [code], branch);
  const mayRecord = useCan('dues.write', org.data ?? null) && branch;
  const t = sum.data?.total;
  if (sum.error || !t || t.members === 0) return null;
  const flagged = t.threeMonths + t.sixMonths;
  return (
    <Card
      size="small"
      className="jc-home-dues"
      style={{ marginTop: 16 }}
      title={`${Number(month.slice(5))}月党费`}
    >
      <div className="jc-home-dues-body">
        <Typography.Text>
          应交 {money(t.due)} · 已交 {money(t.paid)} · 未交 {money(Math.max(0, t.due - t.paid))}
          {t.arrears > 0 ? ` · 累计欠交 ${money(t.arrears)}` : ''}
          {flagged > 0 && (
            <Tag color={t.sixMonths ? 'red' : 'orange'} style={{ marginLeft: 8 }}>
              {flagged} 人连续3个月以上未交
            </Tag>
          )}
        </Typography.Text>
        <Space wrap size={8}>
          {mayRecord && (
            <Button
              type="primary"
              icon={<WalletOutlined aria-hidden />}
              onClick={() => navigate(`/orgs/${encodeURIComponent(code)}/dues/pay?month=${month}`)}
            >
              记录缴费
            </Button>
          )}
          <Button onClick={() => navigate(`/orgs/${encodeURIComponent(code)}?tab=dues`)}>查看党费</Button>
        </Space>
      </div>
    </Card>
  );
}

/**
 * 一村一策 to-dos (decision 0033): the rectification measures of the account's subtree past their deadline and not
 * done, each linking to its case; shown only when there are some.
 */
function RectificationTodos({ code }: { code: string }) {
  const res = useRequest((s) => screeningApi.cases(code, s), [code]);
  const overdue = res.data?.overdue ?? [];
  if (overdue.length === 0) return null;
  return (
    <Card size="small" style={{ marginTop: 16 }} title={`整顿措施逾期（${overdue.length}项）`}>
      <ul className="jc-plain-list" aria-label="整顿措施逾期">
        {overdue.map((m) => (
          <li key={m.measureId} style={{ marginBottom: 4 }}>
            <Link to={`/rectification/${m.caseId}`}>{m.orgName}</Link>：{m.content}
            <Typography.Text type="secondary">
              （{m.responsible}，{monthDay(m.dueOn)}到期，已逾期{m.daysOverdue}天）
            </Typography.Text>
          </li>
        ))}
      </ul>
    </Card>
  );
}
