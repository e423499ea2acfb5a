/**
 * The org page's 组织生活 tab (issue 11, decision 0015): this year's compliance of the org (what it owed, held and
 * missed per kind of meeting) and its meetings, newest first; a meeting opens in a drawer with its attendance.
 */
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Drawer,
  Empty,
  Popconfirm,
  Progress,
  Space,
  Tag,
  Typography,
} from 'antd';
import { DeleteOutlined, EditOutlined, HeatMapOutlined, PlusOutlined } from '@ant-design/icons';
import { ATTENDANCE_STATUSES, MEETING_KINDS, labelOf } from '../../../shared/codes.js';
import type { Compliance, MeetingSummary, OrgView } from '../../../shared/schemas.js';
import { api, errorMessage } from '../../api/client.js';
import { useRequest } from '../../api/hooks.js';
import { ResponsiveTable } from '../../components/ResponsiveTable.js';
import { VerificationTag } from '../../components/VerificationTag.js';
import { today, zhDate } from '../../lib/format.js';
import { OrgHeartTalks } from './OrgHeartTalks.js';
import { OrgAppraisal } from './OrgAppraisal.js';
import { Article9Flags } from './Article9Flags.js';

export const meetingKindLabel = (k: string) => (k === 'heart_talk' ? '谈心谈话' : labelOf(MEETING_KINDS, k));

const VOTE_OUTCOME = { passed: '通过', rejected: '未通过', invalid: '无效（不足法定人数）' } as const;

/** `2026-03` → 3月, `2026-Q2` → 第二季度, `2026` → 2026年 (within the year shown). */
export function periodLabel(p: string): string {
  const q = /^\d{4}-Q([1-4])$/.exec(p);
  if (q) return `第${'一二三四'[Number(q[1]) - 1]}季度`;
  const m = /^\d{4}-(\d{2})$/.exec(p);
  if (m) return `${Number(m[1])}月`;
  return `${p}年`;
}

const PAGE = 10;

export function OrgLife({ org, mayRecord }: { org: OrgView; mayRecord: boolean }) {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const year = today().slice(0, 4);
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<number | null>(null);
  const compliance = useRequest(
    (s) => api.compliance(org.code, { from: `${year}-01-01`, to: `${year}-12-31` }, s),
    [org.code, year],
  );
  const meetings = useRequest((s) => api.meetings(org.code, { page, pageSize: PAGE }, s), [org.code, page]);
  const newMeeting = () => navigate(`/orgs/${encodeURIComponent(org.code)}/meetings/new?kinds=theme_day`);

  return (
    <div className="jc-life">
      <section aria-label={`${year}年组织生活落实情况`} style={{ marginBottom: 16 }}>
        <div className="jc-life-head">
          <Typography.Title level={5} style={{ margin: 0 }}>
            {year}年落实情况
          </Typography.Title>
          <Space wrap>
            {org.childCount > 0 && (
              <Button
                icon={<HeatMapOutlined aria-hidden />}
                onClick={() => navigate(`/compliance?org=${encodeURIComponent(org.code)}`)}
              >
                下级落实情况
              </Button>
            )}
            {mayRecord && org.status === 'active' && (
              <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={newMeeting}>
                记录会议
              </Button>
            )}
          </Space>
        </div>
        <ComplianceSummary org={org} data={compliance.data} error={compliance.error} />
      </section>
      <OrgHeartTalks org={org} mayRecord={mayRecord} />
      <OrgAppraisal org={org} mayRecord={mayRecord} />
      <Article9Flags
        code={org.code}
        showOrg={org.kind.endsWith('committee') || org.kind === 'general_branch'}
      />
      <section aria-label="会议记录">
        <Typography.Title level={5}>会议记录</Typography.Title>
        {meetings.error ? (
          <Alert type="error" showIcon title={errorMessage(meetings.error)} />
        ) : (
          <ResponsiveTable<MeetingSummary>
            rowKey="id"
            size="middle"
            loading={meetings.loading && !meetings.data}
            dataSource={meetings.data?.items ?? []}
            scroll={{ x: 720 }}
            onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
            pagination={
              (meetings.data?.total ?? 0) > PAGE
                ? {
                    current: page,
                    pageSize: PAGE,
                    total: meetings.data?.total ?? 0,
                    showSizeChanger: false,
                    onChange: (p: number) => setPage(p),
                  }
                : false
            }
            locale={{
              emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有会议记录" />,
            }}
            cardTitle={(r) => (
              <span>
                {zhDate(r.heldOn)} · {r.topic} <VerificationTag mark={r.verification} short />
              </span>
            )}
            cardHidden={['heldOn', 'topic']}
            columns={[
              { title: '日期', dataIndex: 'heldOn', width: 130, render: (d: string) => zhDate(d) },
              {
                title: '会议类型',
                dataIndex: 'kinds',
                width: 240,
                render: (ks: string[]) => (
                  <Space size={[4, 4]} wrap>
                    {ks.map((k) => (
                      <Tag key={k} color="red" variant="outlined">
                        {meetingKindLabel(k)}
                      </Tag>
                    ))}
                  </Space>
                ),
              },
              {
                title: '主题',
                dataIndex: 'topic',
                ellipsis: true,
                render: (t: string, r) => (
                  <>
                    {r.verification && <VerificationTag mark={r.verification} short />}
                    {t}
                  </>
                ),
              },
              {
                title: '出席',
                key: 'attendance',
                width: 190,
                render: (_: unknown, r) => attendanceText(r),
              },
              {
                title: '操作',
                key: 'actions',
                width: 80,
                render: (_: unknown, r) => (
                  <Button
                    type="link"
                    size="small"
                    onClick={(e) => {
                      e.stopPropagation();
                      setOpen(r.id);
                    }}
                    aria-label={`查看${zhDate(r.heldOn)}的会议`}
                  >
                    查看
                  </Button>
                ),
              },
            ]}
          />
        )}
      </section>
      <MeetingDrawer
        id={open}
        mayEdit={mayRecord}
        onClose={() => setOpen(null)}
        onEdit={(id) => navigate(`/meetings/${id}/edit`)}
        onDeleted={() => {
          setOpen(null);
          message.success('已删除会议记录');
          meetings.reload();
          compliance.reload();
        }}
      />
    </div>
  );
}

function attendanceText(r: { expected: number; present: number; excused: number; absent: number }): string {
  const parts = [`应到${r.expected}`, `实到${r.present}`];
  if (r.excused) parts.push(`请假${r.excused}`);
  if (r.absent) parts.push(`缺席${r.absent}`);
  return parts.join(' · ');
}

function ComplianceSummary({
  org,
  data,
  error,
}: {
  org: OrgView;
  data: Compliance | undefined;
  error: unknown;
}) {
  if (error) return <Alert type="error" showIcon title={errorMessage(error)} />;
  if (!data) return <Progress percent={0} showInfo={false} status="active" aria-label="正在加载" />;
  const own = data.orgs.find((o) => o.code === org.code);
  const below = data.orgs.filter((o) => o.code !== org.code);
  const behind = below.filter((o) => o.items.some((i) => i.missing.length > 0)).length;
  return (
    <>
      {own ? (
        <ul className="jc-life-items" aria-label="各类会议应开、已开、未开">
          {own.items.map((i) => (
            <li key={i.type} className="jc-life-item">
              <div className="jc-life-item-head">
                <span className="jc-life-kind">{meetingKindLabel(i.type)}</span>
                <span className="jc-life-count">
                  已开 <b>{i.held}</b> / 应开 {i.expected}
                </span>
              </div>
              {i.missing.length > 0 ? (
                <div className="jc-life-missing">
                  未开：
                  {i.missing.map((p) => (
                    <Tag key={p} color="orange">
                      {periodLabel(p)}
                    </Tag>
                  ))}
                </div>
              ) : (
                <div className="jc-muted jc-life-missing">{i.expected ? '均已召开' : '本期尚未到期'}</div>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          本组织本身没有应开的三会一课（党委、或党员都在下级支部的党总支，由各党支部开展）。
        </Typography.Paragraph>
      )}
      {below.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          下级组织中有 {below.length} 个应开会议，其中 {behind} 个今年有未按期召开的会议。
        </Typography.Paragraph>
      )}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
        按《中国共产党支部工作条例（试行）》：党员大会每季度、支委会和党小组会每月、主题党日每月、组织生活会和民主评议每年；党课周期为本县设置。成立、撤销或无党员的月份不计；本月（本季度、本年度）未结束时，开过即计入。
      </Typography.Paragraph>
    </>
  );
}

function MeetingDrawer({
  id,
  mayEdit,
  onClose,
  onEdit,
  onDeleted,
}: {
  id: number | null;
  mayEdit: boolean;
  onClose: () => void;
  onEdit: (id: number) => void;
  onDeleted: () => void;
}) {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const m = useRequest((s) => api.meeting(id!, s), [id], id !== null);
  const d = id !== null ? m.data : undefined;
  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      title={d ? `${zhDate(d.heldOn)} ${d.topic}` : '会议记录'}
      size="large"
      className="jc-meeting-drawer"
      extra={
        d &&
        mayEdit && (
          <Space wrap>
            {d.kinds.includes('appraisal_meeting') && (
              <Button type="primary" onClick={() => navigate(`/meetings/${d.id}/appraisal`)}>
                评定等次
              </Button>
            )}
            <Button icon={<EditOutlined aria-hidden />} onClick={() => onEdit(d.id)}>
              编辑
            </Button>
            <Popconfirm
              title="删除这条会议记录？"
              description="删除后不计入组织生活落实情况（操作记录会保留）。"
              okText="删除"
              cancelText="取消"
              okButtonProps={{ danger: true }}
              onConfirm={() =>
                api.deleteMeeting(d.id).then(onDeleted, (e: unknown) => message.error(errorMessage(e)))
              }
            >
              <Button danger icon={<DeleteOutlined aria-hidden />}>
                删除
              </Button>
            </Popconfirm>
          </Space>
        )
      }
    >
      {m.error ? (
        <Alert type="error" showIcon title={errorMessage(m.error)} />
      ) : !d ? null : (
        <>
          {d.verification === 'false' && (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 12 }}
              title="抽查核实：不属实"
              description="县（乡镇）现场核实认定该会议记录不属实，不再计入组织生活落实情况；记录和核实情况均保留。"
            />
          )}
          {d.verification && d.verification !== 'false' && (
            <div style={{ marginBottom: 12 }}>
              <VerificationTag mark={d.verification} />
            </div>
          )}
          <Descriptions
            size="small"
            column={1}
            items={[
              {
                key: 'kinds',
                label: '会议类型',
                children: d.kinds.map((k) => (
                  <Tag key={k} color="red" variant="outlined">
                    {meetingKindLabel(k)}
                  </Tag>
                )),
              },
              {
                key: 'when',
                label: '时间',
                children: `${zhDate(d.heldOn)}${d.startsAt ? ` ${d.startsAt}` : ''}`,
              },
              { key: 'place', label: '地点', children: d.place ?? '—' },
              { key: 'host', label: '主持人', children: d.host ?? '—' },
              { key: 'recorder', label: '记录人', children: d.recorder ?? '—' },
              ...(d.lecturer ? [{ key: 'lecturer', label: '授课人', children: d.lecturer }] : []),
              { key: 'count', label: '出席情况', children: attendanceText(d) },
              ...(d.visitors.length
                ? [
                    {
                      key: 'visitors',
                      label: '流入党员参加',
                      children: d.visitors.map((v) => `${v.name}（${v.homeOrgName}）`).join('、'),
                    },
                  ]
                : []),
              ...(d.guests.length ? [{ key: 'guests', label: '列席', children: d.guests.join('、') }] : []),
              ...(d.partyGroupName ? [{ key: 'group', label: '党小组', children: d.partyGroupName }] : []),
              ...(d.minutes
                ? [{ key: 'minutes', label: '会议记录', children: <div className="jc-pre">{d.minutes}</div> }]
                : []),
              ...(d.resolutions
                ? [{ key: 'res', label: '会议决议', children: <div className="jc-pre">{d.resolutions}</div> }]
                : []),
            ]}
          />
          {d.votes.length > 0 && (
            <>
              <Typography.Title level={5} style={{ marginTop: 16 }}>
                表决
              </Typography.Title>
              <ul className="jc-vote-list" aria-label="表决结果">
                {d.votes.map((v, i) => (
                  <li key={i}>
                    <div className="jc-vote-head">
                      <span>{v.subject}</span>
                      <Tag
                        color={v.outcome === 'passed' ? 'green' : v.outcome === 'rejected' ? 'orange' : 'red'}
                      >
                        {VOTE_OUTCOME[v.outcome]}
                      </Tag>
                    </div>
                    <div className="jc-muted">
                      赞成 {v.yes} · 反对 {v.no} · 弃权 {v.abstain}（应到会有表决权 {v.entitled} 人，到会{' '}
                      {v.presentVoters} 人）
                    </div>
                    <div className="jc-muted">{v.reason}</div>
                  </li>
                ))}
              </ul>
            </>
          )}
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            出席名单
          </Typography.Title>
          <ul className="jc-attendance-list">
            {d.attendance.map((a) => (
              <li key={a.memberId}>
                <span>{a.name}</span>
                <span>
                  <Tag color={a.status === 'present' ? 'green' : a.status === 'excused' ? 'orange' : 'red'}>
                    {labelOf(ATTENDANCE_STATUSES, a.status)}
                  </Tag>
                  {a.reason && <span className="jc-muted">{a.reason}</span>}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </Drawer>
  );
}
