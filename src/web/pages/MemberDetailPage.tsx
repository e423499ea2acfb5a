/** `/members/:id`: a member's record, history of organisational changes, information sets and actions. */
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import {
  Alert,
  Breadcrumb,
  Button,
  Card,
  Descriptions,
  Empty,
  Space,
  Tabs,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { EditOutlined, HomeOutlined } from '@ant-design/icons';
import { COMMITTEE_POSTS, ROSTER_STATUSES, labelOf, type MemberStatus } from '../../shared/codes.js';
import type { MemberDetail, MemberEventKind } from '../../shared/schemas.js';
import { api } from '../api/client.js';
import { useRequest } from '../api/hooks.js';
import { PageError, PageSkeleton } from '../components/PageState.js';
import { Reveal } from '../components/Reveal.js';
import { AuditTable } from '../components/AuditTable.js';
import { useShell } from '../layout/context.js';
import { canOn, useAuth } from '../auth/context.js';
import {
  dateTime,
  educationLabel,
  ethnicityLabel,
  fieldList,
  occupationLabel,
  sexLabel,
  statusColor,
  statusLabel,
  zhDate,
} from '../lib/format.js';
import { memberEventLabel, removalKindLabel } from '../lib/member-labels.js';
import { ACTIONS_BY_STATUS, EVENT_ACTIONS, MemberEventModal } from './member/EventModal.js';
import { MemberLifecyclePanel } from './lifecycle/MemberLifecyclePanel.js';
import { MembershipHistory } from './member/MembershipHistory.js';
import { RECORD_SETS, RecordsTab } from './member/RecordsTab.js';
import { MemberLife } from './member/MemberLife.js';
import { DuesTab } from './member/DuesTab.js';

export default function MemberDetailPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const shell = useShell();
  const member = useRequest((s) => api.member(id, s), [id]);
  const [action, setAction] = useState<MemberEventKind | null>(null);
  const [search] = useSearchParams();
  const [tab, setTab] = useState(search.get('tab') ?? 'basic');
  const linkedTab = search.get('tab');
  useEffect(() => {
    if (linkedTab) setTab(linkedTab);
  }, [linkedTab, id]);
  const { user, perms } = useAuth();
  // a member's own account: their record, read-only, without links into the org tree (one that holds a grant sees
  // the records of the granted orgs like any other account)
  const own = perms.selfOnly && user?.memberId != null && String(user.memberId) === id;

  const orgCode = member.data?.orgCode ?? null;
  // what the account may do here is decided on the member's org (its binding or a grant, decision 0010): the org's
  // code and the ancestors it sees
  const org = useRequest((s) => api.org(orgCode ?? '', s), [orgCode], !!orgCode && !own);
  const may = (a: 'write' | 'reveal' | 'audit.read' | 'dues.write') =>
    own
      ? !!user?.capabilities.binding.actions.includes(a)
      : !!org.data && canOn(user?.capabilities, a, org.data);
  const mayWrite = may('write');
  useEffect(() => {
    shell.focusOrg(orgCode);
  }, [orgCode, shell]);
  useEffect(() => () => shell.focusOrg(null), [shell]);

  if (member.error) return <PageError error={member.error} onRetry={member.reload} />;
  if (!member.data) return <PageSkeleton rows={12} />;
  const m = member.data;
  const onRoster = (ROSTER_STATUSES as readonly string[]).includes(m.status) || m.status === 'suspended';
  const actions = mayWrite ? (ACTIONS_BY_STATUS[m.status] ?? []) : [];
  const orgPath = `/orgs/${encodeURIComponent(m.orgCode)}`;

  const updated = (d: MemberDetail) => {
    member.setData(d);
  };

  return (
    <div>
      <div className="jc-page-head">
        <Breadcrumb
          aria-label="当前位置"
          items={
            own
              ? [{ key: 'self', title: <span aria-current="page">我的信息</span> }]
              : [
                  {
                    key: 'org',
                    title: (
                      <Link to={orgPath}>
                        <HomeOutlined aria-hidden style={{ marginRight: 4 }} />
                        {m.orgName}
                      </Link>
                    ),
                  },
                  { key: 'roster', title: <Link to={`${orgPath}/members`}>党员名册</Link> },
                  { key: 'self', title: <span aria-current="page">{m.name}</span> },
                ]
          }
        />
        <Typography.Title level={3} className="jc-page-title">
          {m.name}
          <Tag color={statusColor(m.status)}>{statusLabel(m.status)}</Tag>
          {m.isMobile && <Tag color="blue">流动党员</Tag>}
        </Typography.Title>
        {mayWrite && (
          <div className="jc-toolbar" role="toolbar" aria-label="党员操作">
            <Button
              type="primary"
              icon={<EditOutlined aria-hidden />}
              onClick={() => navigate(`/members/${m.id}/edit`)}
            >
              编辑
            </Button>
            {actions.map((k) => (
              <Button key={k} danger={EVENT_ACTIONS[k].danger} onClick={() => setAction(k)}>
                {EVENT_ACTIONS[k].button}
              </Button>
            ))}
          </div>
        )}
        {own && user?.memberId === m.id && (
          <Typography.Text type="secondary">
            这是您本人的党员信息。如有错误，请联系所在党支部更正。
          </Typography.Text>
        )}
      </div>

      {!onRoster && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={`该党员${statusLabel(m.status)}，已不在册。档案仅供查阅。`}
        />
      )}

      <Card variant="borderless">
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: 'basic',
              label: '基本信息',
              children: <BasicInfo m={m} reveal={may('reveal')} links={!own} />,
            },
            {
              key: 'events',
              label: '组织关系变动',
              children: (
                <>
                  <MembershipHistory m={m} />
                  <EventHistory m={m} />
                </>
              ),
            },
            { key: 'life', label: '组织生活', children: <MemberLife memberId={m.id} /> },
            {
              key: 'dues',
              label: '党费',
              children: <DuesTab memberId={m.id} mayWrite={may('dues.write')} own={own} />,
            },
            ...(own
              ? []
              : [
                  {
                    key: 'lifecycle',
                    label: '转接与党籍',
                    children: <MemberLifecyclePanel m={m} mayWrite={mayWrite} onChanged={member.reload} />,
                  },
                ]),
            ...RECORD_SETS.map((set) => ({
              key: set.key,
              label: `${set.tab}${countOf(m, set.kinds)}`,
              children: <RecordsTab member={m} set={set} onChange={updated} readOnly={!mayWrite} />,
            })),
            ...(may('audit.read')
              ? [{ key: 'audit', label: '操作记录', children: <AuditTable memberId={m.id} onMemberPage /> }]
              : []),
          ]}
        />
      </Card>

      <MemberEventModal
        member={m}
        kind={action}
        onClose={() => setAction(null)}
        onDone={(d) => {
          setAction(null);
          updated(d);
          shell.refreshTree();
        }}
      />
    </div>
  );
}

function countOf(m: MemberDetail, kinds: readonly string[]): string {
  const n = m.records.filter((r) => kinds.includes(r.kind)).length;
  return n > 0 ? `（${n}）` : '';
}

function dash(v: string | null | undefined) {
  return v ? v : <span className="jc-muted">—</span>;
}

function BasicInfo({ m, reveal, links }: { m: MemberDetail; reveal: boolean; links: boolean }) {
  const sensitive = (field: 'idNumber' | 'phone' | 'address', masked: string | null, mono = true) =>
    reveal ? (
      <Reveal memberId={m.id} field={field} masked={masked} mono={mono} />
    ) : masked ? (
      <span className={mono ? 'jc-mono' : undefined}>{masked}</span>
    ) : (
      <span className="jc-muted">未填写</span>
    );
  const orgLink = (code: string, name: string) =>
    links ? <Link to={`/orgs/${encodeURIComponent(code)}`}>{name}</Link> : <span>{name}</span>;
  return (
    <>
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, sm: 2, xxl: 3 }}
        styles={{ label: { width: 120, whiteSpace: 'nowrap' } }}
        items={[
          { key: 'name', label: '姓名', children: m.name },
          { key: 'sex', label: '性别', children: sexLabel(m.sex) },
          { key: 'birth', label: '出生日期', children: `${zhDate(m.birthDate)}（${m.age}岁）` },
          { key: 'ethnicity', label: '民族', children: ethnicityLabel(m.ethnicity, m.ethnicityRaw) },
          { key: 'native', label: '籍贯', children: dash(m.nativePlace) },
          { key: 'education', label: '学历', children: dash(educationLabel(m.education, m.educationRaw)) },
          {
            key: 'id',
            label: '身份证号',
            children: sensitive('idNumber', m.idNumberMasked),
          },
          {
            key: 'phone',
            label: '联系电话',
            children: sensitive('phone', m.phoneMasked),
          },
          {
            key: 'occupation',
            label: '职业',
            children: dash(occupationLabel(m.occupation, m.occupationRaw)),
          },
          { key: 'work', label: '工作单位', children: dash(m.workUnit) },
          { key: 'job', label: '工作职务', children: dash(m.jobTitle) },
          {
            key: 'address',
            label: '家庭住址',
            children: sensitive('address', m.address, false),
          },
          {
            key: 'status',
            label: '人员类别',
            children: <Tag color={statusColor(m.status)}>{statusLabel(m.status as MemberStatus)}</Tag>,
          },
          {
            key: 'org',
            label: '所在党组织',
            children: orgLink(m.orgCode, m.orgName),
          },
          { key: 'joined', label: '入党日期', children: zhDate(m.joinedOn) },
          {
            key: 'confirmed',
            label: '转正日期',
            children: m.confirmedOn ? zhDate(m.confirmedOn) : dash(null),
          },
          {
            key: 'standing',
            label: '党龄',
            children:
              m.partyStanding === null ? (
                <span className="jc-muted">
                  {m.status === 'probationary'
                    ? '预备党员不计党龄'
                    : m.confirmedOn
                      ? '—'
                      : '转正日期未登记，无法计算党龄'}
                </span>
              ) : (
                `${m.partyStanding}年`
              ),
          },
          { key: 'mobile', label: '流动党员', children: m.isMobile ? '是' : '否' },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        党内职务
      </Typography.Title>
      {m.posts.length === 0 ? (
        <span className="jc-muted">无</span>
      ) : (
        <Space orientation="vertical" size={4}>
          {m.posts.map((p) => (
            <span key={`${p.orgCode}-${p.post}`}>
              {orgLink(p.orgCode, p.orgName)} {labelOf(COMMITTEE_POSTS, p.post)}
              <span className="jc-muted">（{zhDate(p.startOn)}起）</span>
            </span>
          ))}
        </Space>
      )}
    </>
  );
}

function describe(e: MemberDetail['events'][number]): string {
  const d = e.data;
  const s = (k: string) => (typeof d[k] === 'string' || typeof d[k] === 'number' ? String(d[k]) : null);
  const parts: string[] = [];
  const from = s('fromOrgName') ?? s('fromName');
  const to = s('toOrgName') ?? s('toName') ?? (e.kind === 'move' ? s('orgName') : null);
  if (from && to) parts.push(`${from} → ${to}`);
  else if (to) parts.push(`转入 ${to}`);
  else if (s('orgName')) parts.push(s('orgName')!);
  if (e.kind === 'corrected' && Array.isArray(d.fields)) parts.push(`更正了${fieldList(d.fields)}`);
  if (s('removalKind')) parts.push(removalKindLabel(s('removalKind')));
  if (s('note')) parts.push(s('note')!);
  return parts.join('；');
}

function eventColor(kind: string): string {
  if (kind === 'joined' || kind === 'confirm' || kind === 'reinstate') return 'red';
  if (kind === 'remove' || kind === 'revoke' || kind === 'suspend' || kind === 'decease') return 'gray';
  return 'blue';
}

function EventHistory({ m }: { m: MemberDetail }) {
  if (m.events.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无组织关系变动记录" />;
  const sorted = [...m.events].sort((a, b) =>
    a.effectiveOn < b.effectiveOn ? 1 : a.effectiveOn > b.effectiveOn ? -1 : b.id - a.id,
  );
  return (
    <Timeline
      titleSpan="128px"
      style={{ marginTop: 8 }}
      items={sorted.map((e) => ({
        key: `${e.kind}-${e.id}-${e.effectiveOn}`,
        color: eventColor(e.kind),
        title: zhDate(e.effectiveOn),
        content: (
          <div>
            <strong>{memberEventLabel(e.kind)}</strong>
            {describe(e) && <span style={{ marginLeft: 8 }}>{describe(e)}</span>}
            <div className="jc-muted" style={{ fontSize: 12 }}>
              {e.recordedAt ? `登记于 ${dateTime(e.recordedAt)}` : null}
            </div>
          </div>
        ),
      }))}
    />
  );
}
