/**
 * `/orgs/:code/elections/new`: record an election as held (issue 11 item 7, decision 0023) — the day, 党员大会 or
 * 党员代表大会, those entitled and present, each candidate's votes and the post the new committee gives them. The
 * page judges it as it is typed by the same domain function the server uses (more than 4/5 present; more than
 * half of those present to be elected); saving a valid election starts the new term and replaces the committee.
 * One column on a phone.
 */
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  InputNumber,
  Input,
  Segmented,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { judgeElection } from '../../domain/org/terms.js';
import { rulesAt } from '../../policy/rules.js';
import type { CommitteePost } from '../../shared/codes.js';
import { api, errorMessage } from '../api/client.js';
import { useRequest } from '../api/hooks.js';
import { PageError, PageSkeleton } from '../components/PageState.js';
import { OrgBreadcrumb } from '../components/OrgBreadcrumb.js';
import { DATE_FORMAT, fromIso, notFuture, toIso, today, zhDate } from '../lib/format.js';

interface Row {
  key: number;
  memberId: number | null;
  votes: number | null;
  post: CommitteePost | '';
}

const POSTS = [
  { value: '', label: '无职务（委员候选人落选时）' },
  { value: 'secretary', label: '书记' },
  { value: 'deputy_secretary', label: '副书记' },
  { value: 'committee_member', label: '委员' },
];

let nextKey = 1;
const emptyRow = (): Row => ({ key: nextKey++, memberId: null, votes: null, post: 'committee_member' });

export default function ElectionFormPage() {
  const { code = '' } = useParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const org = useRequest((s) => api.org(code, s), [code]);
  const [heldOn, setHeldOn] = useState(today());
  const people = useRequest(
    (s) => api.attendanceTemplate(code, heldOn, ['general_meeting'], s),
    [code, heldOn],
  );
  const [method, setMethod] = useState<'general_meeting' | 'congress'>('general_meeting');
  const [entitled, setEntitled] = useState<number | null>(null);
  const [present, setPresent] = useState<number | null>(null);
  const [rows, setRows] = useState<Row[]>(() => [
    { ...emptyRow(), post: 'secretary' },
    emptyRow(),
    emptyRow(),
  ]);
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // those entitled at a 党员大会: the full members on the org's own roster that day (预备党员没有选举权)
  const fullOnRoster = useMemo(
    () => (people.data?.people ?? []).filter((p) => p.onOwnRoster && p.memberStatus === 'full').length,
    [people.data],
  );
  useEffect(() => {
    if (method === 'general_meeting' && people.data) setEntitled(fullOnRoster);
  }, [fullOnRoster, method, people.data]);

  const rules = rulesAt(heldOn).elections;
  const filled = rows.filter((r) => r.memberId !== null);
  const judged =
    entitled !== null && present !== null && filled.length
      ? judgeElection(
          {
            entitled,
            present,
            candidates: filled.map((r) => ({
              memberId: r.memberId!,
              votes: r.votes ?? 0,
              post: r.post || null,
            })),
          },
          rules,
        )
      : null;
  const electedOf = new Map(
    judged && !('problems' in judged) ? judged.candidates.map((c) => [c.memberId, c.elected]) : [],
  );
  const options = (people.data?.people ?? []).map((p) => ({
    value: p.memberId,
    label: `${p.name}${p.memberStatus === 'probationary' ? '（预备党员）' : ''}`,
  }));
  const set = (key: number, patch: Partial<Row>) =>
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));

  const save = async () => {
    if (entitled === null || present === null) return setError('请填写应到和实到人数');
    if (!filled.length) return setError('请至少填写一名候选人');
    setSaving(true);
    setError(null);
    try {
      const e = await api.recordElectionResults(code, {
        heldOn,
        method,
        entitled,
        present,
        candidates: filled.map((r) => ({ memberId: r.memberId!, votes: r.votes ?? 0, post: r.post || null })),
        note: note.trim() || null,
      });
      message.success(e.valid ? '已记录换届选举，新一届任期开始' : '已记录：选举无效，任期和委员会未变');
      navigate(`/orgs/${encodeURIComponent(code)}`);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  if (org.error) return <PageError error={org.error} onRetry={org.reload} />;
  if (!org.data) return <PageSkeleton rows={8} />;
  const o = org.data;
  return (
    <div className="jc-meeting-form">
      <div className="jc-page-head">
        <OrgBreadcrumb ancestors={o.ancestors} self={{ code: o.code, name: o.name }} />
        <Typography.Title level={3} className="jc-page-title">
          记录换届选举
        </Typography.Title>
      </div>
      <Card variant="borderless" style={{ marginBottom: 12 }}>
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <label className="jc-field">
            <span className="jc-field-label">选举日期</span>
            <DatePicker
              value={fromIso(heldOn)}
              format={DATE_FORMAT}
              disabledDate={notFuture}
              allowClear={false}
              inputReadOnly
              style={{ width: '100%' }}
              aria-label="选举日期"
              onChange={(d) => setHeldOn(toIso(d) ?? today())}
            />
          </label>
          <div className="jc-field">
            <span className="jc-field-label">选举方式</span>
            <Segmented
              value={method}
              onChange={(v) => setMethod(v as 'general_meeting' | 'congress')}
              options={[
                { value: 'general_meeting', label: '党员大会' },
                { value: 'congress', label: '党员代表大会' },
              ]}
            />
          </div>
          <Space wrap size={16}>
            <label className="jc-field">
              <span className="jc-field-label">应到会有选举权人数</span>
              <InputNumber
                min={1}
                precision={0}
                value={entitled}
                onChange={setEntitled}
                aria-label="应到人数"
              />
            </label>
            <label className="jc-field">
              <span className="jc-field-label">实到会有选举权人数</span>
              <InputNumber
                min={0}
                precision={0}
                value={present}
                onChange={setPresent}
                aria-label="实到人数"
              />
            </label>
          </Space>
          {method === 'general_meeting' && people.data && (
            <Typography.Text type="secondary">
              {zhDate(heldOn)}本组织名册上有正式党员{fullOnRoster}人（预备党员没有选举权）。
            </Typography.Text>
          )}
          {judged && !('problems' in judged) && (
            <Alert
              type={judged.valid ? 'success' : 'error'}
              showIcon
              title={
                judged.valid
                  ? `到会人数超过应到会人数的${rules.quorum[0]}/${rules.quorum[1]}，选举有效；得票超过实到人数一半（${Math.floor(present! / 2) + 1}票及以上）始得当选`
                  : judged.reason
              }
            />
          )}
          {judged && 'problems' in judged && (
            <Alert type="warning" showIcon title={judged.problems[0]!.message} />
          )}
        </Space>
      </Card>
      <Card variant="borderless" title="候选人得票与分工" style={{ marginBottom: 12 }}>
        <ul className="jc-vote-form" aria-label="候选人">
          {rows.map((r, i) => (
            <li key={r.key} className="jc-vote-item">
              <div className="jc-vote-counts">
                <Select
                  showSearch
                  optionFilterProp="label"
                  options={options}
                  value={r.memberId ?? undefined}
                  placeholder={`候选人${i + 1}`}
                  aria-label={`候选人${i + 1}`}
                  style={{ minWidth: 160, flex: 1 }}
                  loading={people.loading}
                  onChange={(v: number) => set(r.key, { memberId: v })}
                />
                <InputNumber
                  min={0}
                  precision={0}
                  value={r.votes}
                  placeholder="得票"
                  aria-label={`候选人${i + 1}得票`}
                  onChange={(v) => set(r.key, { votes: v })}
                />
                <Select
                  value={r.post}
                  options={POSTS}
                  aria-label={`候选人${i + 1}职务`}
                  style={{ width: 120 }}
                  onChange={(v: CommitteePost | '') => set(r.key, { post: v })}
                  popupMatchSelectWidth={false}
                />
                {r.memberId !== null && electedOf.has(r.memberId) && (
                  <Tag color={electedOf.get(r.memberId) ? 'green' : 'default'}>
                    {electedOf.get(r.memberId) ? '当选' : '未当选'}
                  </Tag>
                )}
                <Button
                  type="text"
                  icon={<DeleteOutlined aria-hidden />}
                  aria-label={`删除候选人${i + 1}`}
                  onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}
                />
              </div>
            </li>
          ))}
        </ul>
        <Button icon={<PlusOutlined aria-hidden />} onClick={() => setRows((rs) => [...rs, emptyRow()])}>
          添加候选人
        </Button>
        <div style={{ marginTop: 12 }}>
          <Input.TextArea
            rows={2}
            maxLength={1000}
            placeholder="备注（可不填，如上级批复文号、监票人）"
            aria-label="备注"
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </div>
      </Card>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Space>
        <Button type="primary" size="large" loading={saving} onClick={save}>
          保存
        </Button>
        <Button size="large" onClick={() => navigate(`/orgs/${encodeURIComponent(code)}`)}>
          取消
        </Button>
      </Space>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 12 }}>
        {rules.source}
      </Typography.Paragraph>
    </div>
  );
}
