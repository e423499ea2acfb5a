/**
 * `/orgs/:code/meetings/new` and `/meetings/:id/edit`: record a meeting (issue 11, decision 0015). Opens with the
 * kinds from the link (主题党日 by default), today's date and everyone on that day's roster present, so a theme day
 * with two members excused is: a topic, two taps on 请假, a reason chip each, 保存. Works at 390 px and on a desktop.
 */
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Input,
  InputNumber,
  Select,
  Segmented,
  Space,
  Tag,
  Typography,
} from 'antd';
import { judgeVote, voteCountsProblem } from '../../domain/meetings/votes.js';
import { rulesAt } from '../../policy/rules.js';
import type { Dayjs } from 'dayjs';
import { MEETING_KINDS, type AttendanceStatus, type MeetingKind } from '../../shared/codes.js';
import {
  MeetingCreateSchema,
  type AttendanceTemplate,
  type MeetingCreate,
  type MeetingView,
} from '../../shared/schemas.js';
import { api, errorMessage, isApiError } from '../api/client.js';
import { useRequest } from '../api/hooks.js';
import { PageError, PageSkeleton } from '../components/PageState.js';
import { OrgBreadcrumb } from '../components/OrgBreadcrumb.js';
import { DATE_FORMAT, fromIso, notFuture, toIso, today, zhDate } from '../lib/format.js';

const REASONS = ['因病', '因公外出', '外出务工', '家中有事'];
const KIND_CODES = new Set<string>(MEETING_KINDS.map((k) => k.code));

interface VoteDraft {
  subject: string;
  yes: number | null;
  no: number | null;
  abstain: number | null;
}

interface Mark {
  status: AttendanceStatus;
  reason: string;
}

export default function MeetingFormPage({ mode }: { mode: 'create' | 'edit' }) {
  const params = useParams();
  const existing = useRequest((s) => api.meeting(params.id!, s), [params.id], mode === 'edit');
  if (mode === 'edit') {
    if (existing.error) return <PageError error={existing.error} onRetry={existing.reload} />;
    if (!existing.data) return <PageSkeleton rows={10} />;
    return <MeetingForm orgCode={existing.data.orgCode} meeting={existing.data} />;
  }
  return <MeetingForm orgCode={params.code ?? ''} meeting={null} />;
}

function MeetingForm({ orgCode, meeting }: { orgCode: string; meeting: MeetingView | null }) {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [search] = useSearchParams();
  const org = useRequest((s) => api.org(orgCode, s), [orgCode]);
  const initialKinds = (meeting?.kinds ??
    (search.get('kinds') ?? 'theme_day').split(',').filter((k) => KIND_CODES.has(k))) as MeetingKind[];
  const [kinds, setKinds] = useState<MeetingKind[]>(initialKinds.length ? initialKinds : ['theme_day']);
  const [heldOn, setHeldOn] = useState<string>(meeting?.heldOn ?? today());
  const [startsAt, setStartsAt] = useState(meeting?.startsAt ?? '');
  const [topic, setTopic] = useState(meeting?.topic ?? '');
  const [place, setPlace] = useState(meeting?.place ?? '');
  const [host, setHost] = useState(meeting?.host ?? '');
  const [recorder, setRecorder] = useState(meeting?.recorder ?? '');
  const [lecturer, setLecturer] = useState(meeting?.lecturer ?? '');
  const [minutes, setMinutes] = useState(meeting?.minutes ?? '');
  const [resolutions, setResolutions] = useState(meeting?.resolutions ?? '');
  const [guests, setGuests] = useState<string[]>(meeting?.guests ?? []);
  const [votes, setVotes] = useState<VoteDraft[]>(
    meeting?.votes.map((v) => ({ subject: v.subject, yes: v.yes, no: v.no, abstain: v.abstain })) ?? [],
  );
  // 流入党员 hosted by the org who took part (outside the expected/present figures)
  const [visitors, setVisitors] = useState<Set<number>>(
    () => new Set((meeting?.visitors ?? []).map((v) => v.memberId)),
  );
  const [partyGroupId, setPartyGroupId] = useState<number | null>(meeting?.partyGroupId ?? null);
  const [marks, setMarks] = useState<Map<number, Mark>>(
    () =>
      new Map(
        (meeting?.attendance ?? [])
          .filter((a) => a.status !== 'present')
          .map((a) => [a.memberId, { status: a.status, reason: a.reason ?? '' }]),
      ),
  );
  const [more, setMore] = useState(!!(meeting?.minutes || meeting?.resolutions || meeting?.guests.length));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  // a group meeting names its party group (decision 0018): the branch's groups that day
  const isGroupMeeting = kinds.includes('group_meeting');
  const groups = useRequest((s) => api.groups(orgCode, heldOn, s), [orgCode, heldOn], isGroupMeeting);
  const groupChoices = isGroupMeeting ? (groups.data?.groups ?? []) : [];
  const groupId = groupChoices.some((g) => g.id === partyGroupId) ? partyGroupId : null;
  // who is expected: that day's roster (a committee meeting alone: the committee; a group's meeting: the group)
  const template = useRequest(
    (s) => api.attendanceTemplate(orgCode, heldOn, kinds, s, groupId),
    [orgCode, heldOn, kinds.join(','), groupId],
  );
  const people = template.data?.people ?? [];
  const hosted = template.data?.hosted ?? [];
  useEffect(() => {
    // marks of people no longer expected are dropped when the list changes; visitors no longer hosted likewise
    if (!template.data) return;
    const ids = new Set(template.data.people.map((p) => p.memberId));
    setMarks((m) => new Map([...m].filter(([id]) => ids.has(id))));
    const away = new Set(template.data.hosted.map((p) => p.memberId));
    setVisitors((v) => new Set([...v].filter((id) => away.has(id))));
  }, [template.data]);

  const counts = useMemo(() => tally(people, marks), [people, marks]);
  const setMark = (id: number, status: AttendanceStatus) =>
    setMarks((m) => {
      const next = new Map(m);
      if (status === 'present') next.delete(id);
      else next.set(id, { status, reason: m.get(id)?.reason ?? '' });
      return next;
    });
  const setReason = (id: number, reason: string) =>
    setMarks((m) => {
      const next = new Map(m);
      const cur = next.get(id);
      if (cur) next.set(id, { ...cur, reason });
      return next;
    });
  const toggleKind = (k: MeetingKind, on: boolean) =>
    setKinds((ks) =>
      on
        ? MEETING_KINDS.map((x) => x.code).filter((c) => c === k || ks.includes(c))
        : ks.filter((x) => x !== k),
    );

  // opened from 本月待办: back there; otherwise the org's 组织生活 tab
  const back = () =>
    navigate(search.get('from') === 'home' ? '/home' : `/orgs/${encodeURIComponent(orgCode)}?tab=life`);

  const submit = async () => {
    const body: MeetingCreate = {
      kinds,
      heldOn,
      startsAt: startsAt.trim() || null,
      topic: topic.trim(),
      place: place.trim() || null,
      host: host.trim() || null,
      recorder: recorder.trim() || null,
      lecturer: kinds.includes('party_lecture') ? lecturer.trim() || null : null,
      minutes: minutes.trim() || null,
      resolutions: resolutions.trim() || null,
      guests,
      visitors: hosted.filter((p) => visitors.has(p.memberId)).map((p) => p.memberId),
      partyGroupId: groupId,
      votes: kinds.includes('general_meeting')
        ? votes.map((v) => ({
            subject: v.subject.trim(),
            yes: v.yes ?? 0,
            no: v.no ?? 0,
            abstain: v.abstain ?? 0,
          }))
        : [],
      attendance: people.map((p) => {
        const m = marks.get(p.memberId);
        return m
          ? { memberId: p.memberId, status: m.status, reason: m.reason.trim() || null }
          : { memberId: p.memberId, status: 'present' as const };
      }),
    };
    const checked = MeetingCreateSchema.safeParse(body);
    if (!checked.success) {
      const found: Record<string, string> = {};
      for (const i of checked.error.issues) {
        const key =
          i.path[0] === 'attendance'
            ? `attendance.${String(people[Number(i.path[1])]?.memberId)}`
            : String(i.path[0]);
        found[key] ??= i.message;
      }
      setProblems(found);
      return;
    }
    setProblems({});
    setSaving(true);
    try {
      if (meeting) await api.updateMeeting(meeting.id, { ...checked.data, rowVersion: meeting.rowVersion });
      else {
        const created = await api.recordMeeting(orgCode, checked.data);
        // a new 民主评议党员 meeting goes on to its grading sheet (decision 0030)
        if (kinds.includes('appraisal_meeting')) {
          message.success(`已记录：${zhDate(heldOn)}的${kinds.map(kindName).join('、')}，请评定等次`);
          navigate(`/meetings/${created.id}/appraisal${search.get('from') === 'home' ? '?from=home' : ''}`);
          return;
        }
      }
      message.success(`已记录：${zhDate(heldOn)}的${kinds.map(kindName).join('、')}`);
      back();
    } catch (e) {
      if (isApiError(e) && e.fieldIssues.length) {
        setProblems(Object.fromEntries(e.fieldIssues.map((i) => [String(i.path[0] ?? 'other'), i.message])));
        if (!e.fieldIssues.some((i) => i.path.length)) setProblems({ other: e.message });
      } else setProblems({ other: errorMessage(e) });
    } finally {
      setSaving(false);
    }
  };

  if (org.error) return <PageError error={org.error} onRetry={org.reload} />;
  const o = org.data;
  return (
    <div className="jc-meeting-form">
      <div className="jc-page-head">
        {o && <OrgBreadcrumb ancestors={o.ancestors} self={{ code: o.code, name: o.name }} />}
        <Typography.Title level={3} className="jc-page-title">
          {meeting ? '修改会议记录' : '记录会议'}
        </Typography.Title>
      </div>
      <Card variant="borderless" style={{ marginBottom: 12 }}>
        <div className="jc-field">
          <div className="jc-field-label" id="kinds-label">
            会议类型（可多选，一次会议可同时计入多项）
          </div>
          <div role="group" aria-labelledby="kinds-label" className="jc-kind-tags">
            {MEETING_KINDS.map((k) => (
              <Tag.CheckableTag
                key={k.code}
                checked={kinds.includes(k.code)}
                onChange={(on) => toggleKind(k.code, on)}
                className="jc-kind-tag"
              >
                {k.zh}
              </Tag.CheckableTag>
            ))}
          </div>
          {problems.kinds && <div className="jc-error-text">{problems.kinds}</div>}
        </div>
        {groupChoices.length > 0 && (
          <div className="jc-field">
            <span className="jc-field-label">党小组（党小组会：选择后名单为该党小组当天的成员）</span>
            <Select<number | null>
              aria-label="党小组"
              value={groupId}
              onChange={(v) => setPartyGroupId(v)}
              options={[
                { value: null, label: '全体党员（不指定党小组）' },
                ...groupChoices.map((g) => ({ value: g.id, label: `${g.name}（${g.members.length}人）` })),
              ]}
              style={{ width: '100%' }}
            />
            {problems.partyGroupId && <span className="jc-error-text">{problems.partyGroupId}</span>}
          </div>
        )}
        <div className="jc-field-row">
          <label className="jc-field">
            <span className="jc-field-label">日期</span>
            <DatePicker
              aria-label="会议日期"
              allowClear={false}
              format={DATE_FORMAT}
              value={fromIso(heldOn)}
              onChange={(d: Dayjs | null) => setHeldOn(toIso(d) ?? today())}
              disabledDate={notFuture}
              inputReadOnly
              style={{ width: '100%' }}
            />
            {problems.heldOn && <span className="jc-error-text">{problems.heldOn}</span>}
          </label>
          <label className="jc-field">
            <span className="jc-field-label">开始时间（可不填）</span>
            <Input
              aria-label="开始时间"
              placeholder="如 09:30"
              value={startsAt}
              onChange={(e) => setStartsAt(e.target.value)}
              inputMode="numeric"
              maxLength={5}
            />
            {problems.startsAt && <span className="jc-error-text">{problems.startsAt}</span>}
          </label>
        </div>
        <label className="jc-field">
          <span className="jc-field-label">主题</span>
          <Input
            aria-label="会议主题"
            placeholder="如：学习党章、志愿服务"
            value={topic}
            onChange={(e) => setTopic(e.target.value)}
            maxLength={200}
            status={problems.topic ? 'error' : undefined}
          />
          {problems.topic && <span className="jc-error-text">{problems.topic}</span>}
        </label>
        <div className="jc-field-row">
          <label className="jc-field">
            <span className="jc-field-label">地点</span>
            <Input
              aria-label="地点"
              value={place}
              onChange={(e) => setPlace(e.target.value)}
              maxLength={100}
            />
          </label>
          <label className="jc-field">
            <span className="jc-field-label">主持人</span>
            <Input
              aria-label="主持人"
              value={host}
              onChange={(e) => setHost(e.target.value)}
              maxLength={40}
            />
          </label>
          <label className="jc-field">
            <span className="jc-field-label">记录人</span>
            <Input
              aria-label="记录人"
              value={recorder}
              onChange={(e) => setRecorder(e.target.value)}
              maxLength={40}
            />
          </label>
          {kinds.includes('party_lecture') && (
            <label className="jc-field">
              <span className="jc-field-label">授课人</span>
              <Input
                aria-label="授课人"
                value={lecturer}
                onChange={(e) => setLecturer(e.target.value)}
                maxLength={40}
              />
            </label>
          )}
        </div>
      </Card>

      <Card
        variant="borderless"
        style={{ marginBottom: 12 }}
        title={
          <span aria-live="polite" className="jc-attendance-head">
            出席情况
            <span className="jc-muted jc-attendance-counts">
              应到 {people.length} · 实到 {counts.present} · 请假 {counts.excused} · 缺席 {counts.absent}
            </span>
          </span>
        }
      >
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          名单为会议当天本组织名册上的党员
          {kinds.length === 1 && kinds[0] === 'committee_meeting' ? '（支部委员会：当天的班子成员）' : ''}
          {groupId !== null && kinds.every((k) => k === 'group_meeting')
            ? '（党小组会：该党小组当天的成员）'
            : ''}
          ，已全部预填为出席；只需标出请假或缺席的人。
        </Typography.Paragraph>
        {template.error ? <Alert type="error" showIcon title={errorMessage(template.error)} /> : null}
        {template.data && people.length === 0 && (
          <Alert type="info" showIcon title="会议当天本组织名册上没有党员（或没有班子成员）" />
        )}
        <ul className="jc-attendance-form" aria-label="出席名单">
          {people.map((p) => {
            const m = marks.get(p.memberId);
            const status = m?.status ?? 'present';
            const err = problems[`attendance.${p.memberId}`];
            return (
              <li key={p.memberId} className={`jc-attendee jc-attendee-${status}`} data-member={p.memberId}>
                <div className="jc-attendee-row">
                  <span className="jc-attendee-name">
                    {p.name}
                    {p.memberStatus === 'probationary' && <Tag className="jc-attendee-tag">预备</Tag>}
                  </span>
                  <Segmented<AttendanceStatus>
                    size="small"
                    aria-label={`${p.name}的出席情况`}
                    value={status}
                    onChange={(v) => setMark(p.memberId, v)}
                    options={[
                      { value: 'present', label: '出席' },
                      { value: 'excused', label: '请假' },
                      { value: 'absent', label: '缺席' },
                    ]}
                  />
                </div>
                {m && m.status !== 'present' && (
                  <div className="jc-attendee-reason">
                    <Space size={[4, 4]} wrap>
                      {REASONS.map((r) => (
                        <Tag.CheckableTag
                          key={r}
                          checked={m.reason === r}
                          onChange={() => setReason(p.memberId, r)}
                        >
                          {r}
                        </Tag.CheckableTag>
                      ))}
                    </Space>
                    <Input
                      size="small"
                      aria-label={`${p.name}${m.status === 'excused' ? '请假' : '缺席'}原因`}
                      placeholder={m.status === 'excused' ? '请假原因（必填）' : '原因（可不填）'}
                      value={m.reason}
                      onChange={(e) => setReason(p.memberId, e.target.value)}
                      maxLength={100}
                      status={err ? 'error' : undefined}
                    />
                    {err && <span className="jc-error-text">{err}</span>}
                  </div>
                )}
              </li>
            );
          })}
        </ul>
        {hosted.length > 0 && (
          <fieldset className="jc-visitors" aria-label="流入党员参加情况">
            <legend className="jc-field-label">流入党员（在本组织登记的外出流动党员）</legend>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
              勾选参加了本次会议的人：计为其参加组织生活，不计入本组织应到、实到人数，也不参加表决。
            </Typography.Paragraph>
            <Space size={[16, 8]} wrap>
              {hosted.map((p) => (
                <Checkbox
                  key={p.memberId}
                  checked={visitors.has(p.memberId)}
                  onChange={(e) =>
                    setVisitors((v) => {
                      const next = new Set(v);
                      if (e.target.checked) next.add(p.memberId);
                      else next.delete(p.memberId);
                      return next;
                    })
                  }
                >
                  {p.name}
                  <span className="jc-muted">（{p.homeOrgName}）</span>
                </Checkbox>
              ))}
            </Space>
            {problems.visitors && <div className="jc-error-text">{problems.visitors}</div>}
          </fieldset>
        )}
      </Card>

      {kinds.includes('general_meeting') && (
        <VotesCard
          votes={votes}
          onChange={setVotes}
          entitled={people.filter((p) => p.memberStatus === 'full' && p.onOwnRoster).length}
          presentVoters={
            people.filter((p) => p.memberStatus === 'full' && !marks.has(p.memberId) && p.onOwnRoster).length
          }
          heldOn={heldOn}
          problem={problems.votes}
        />
      )}

      <Card variant="borderless" style={{ marginBottom: 12 }}>
        {!more ? (
          <Button type="link" style={{ paddingInline: 0 }} onClick={() => setMore(true)}>
            填写会议记录、决议、列席人员（可不填）
          </Button>
        ) : (
          <>
            <label className="jc-field">
              <span className="jc-field-label">会议记录（可不填）</span>
              <Input.TextArea
                aria-label="会议记录"
                rows={4}
                value={minutes}
                onChange={(e) => setMinutes(e.target.value)}
                maxLength={20000}
              />
            </label>
            <label className="jc-field">
              <span className="jc-field-label">会议决议（可不填）</span>
              <Input.TextArea
                aria-label="会议决议"
                rows={2}
                value={resolutions}
                onChange={(e) => setResolutions(e.target.value)}
                maxLength={5000}
              />
            </label>
            <div className="jc-field">
              <span className="jc-field-label">列席人员（非本组织党员，输入姓名后回车）</span>
              <Select
                aria-label="列席人员"
                mode="tags"
                value={guests}
                onChange={(v: string[]) => setGuests(v)}
                open={false}
                style={{ width: '100%' }}
                tokenSeparators={['、', ',', '，']}
              />
            </div>
          </>
        )}
      </Card>

      {problems.other && <Alert type="error" showIcon title={problems.other} style={{ marginBottom: 12 }} />}
      {problems.attendance && (
        <Alert type="error" showIcon title={problems.attendance} style={{ marginBottom: 12 }} />
      )}
      <div className="jc-form-actions">
        <Button onClick={back}>取消</Button>
        <Button type="primary" loading={saving} disabled={!template.data} onClick={submit}>
          保存
        </Button>
      </div>
    </div>
  );
}

function kindName(k: string): string {
  return MEETING_KINDS.find((x) => x.code === k)?.zh ?? k;
}

function tally(people: AttendanceTemplate['people'], marks: Map<number, Mark>) {
  let excused = 0;
  let absent = 0;
  for (const p of people) {
    const s = marks.get(p.memberId)?.status;
    if (s === 'excused') excused++;
    else if (s === 'absent') absent++;
  }
  return { present: people.length - excused - absent, excused, absent };
}

/**
 * 表决 (general meetings; decision 0018): each resolution's yes / no / abstain counts, judged as they are typed by
 * the same rule the server applies (支部工作条例 第十一条): a vote without a quorum is shown invalid, not hidden.
 */
function VotesCard({
  votes,
  onChange,
  entitled,
  presentVoters,
  heldOn,
  problem,
}: {
  votes: VoteDraft[];
  onChange: (v: VoteDraft[]) => void;
  entitled: number;
  presentVoters: number;
  heldOn: string;
  problem: string | undefined;
}) {
  const rules = rulesAt(heldOn).votes;
  const set = (i: number, patch: Partial<VoteDraft>) =>
    onChange(votes.map((v, j) => (j === i ? { ...v, ...patch } : v)));
  return (
    <Card variant="borderless" style={{ marginBottom: 12 }} title="表决（可不填）">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        应到会有表决权（正式党员）{entitled} 人，到会 {presentVoters}{' '}
        人；预备党员没有表决权。到会超过半数表决才有效，
        赞成超过应到会有表决权人数的半数为通过（《中国共产党支部工作条例（试行）》第十一条）。
      </Typography.Paragraph>
      <ul className="jc-vote-form" aria-label="表决事项">
        {votes.map((v, i) => {
          const counts = { yes: v.yes ?? 0, no: v.no ?? 0, abstain: v.abstain ?? 0 };
          const bad = voteCountsProblem(counts, presentVoters);
          const j = judgeVote(counts, entitled, presentVoters, rules);
          return (
            <li key={i} className="jc-vote-item">
              <Input
                aria-label={`表决事项${i + 1}`}
                placeholder="表决事项，如：同意接收张三为预备党员"
                value={v.subject}
                onChange={(e) => set(i, { subject: e.target.value })}
                maxLength={200}
              />
              <div className="jc-vote-counts">
                {(['yes', 'no', 'abstain'] as const).map((k) => (
                  <label key={k} className="jc-vote-count">
                    <span>{k === 'yes' ? '赞成' : k === 'no' ? '反对' : '弃权'}</span>
                    <InputNumber
                      aria-label={`表决事项${i + 1}${k === 'yes' ? '赞成' : k === 'no' ? '反对' : '弃权'}票数`}
                      min={0}
                      precision={0}
                      inputMode="numeric"
                      value={v[k]}
                      onChange={(n) => set(i, { [k]: n })}
                      style={{ width: 72 }}
                    />
                  </label>
                ))}
                <Button
                  type="link"
                  danger
                  size="small"
                  onClick={() => onChange(votes.filter((_, x) => x !== i))}
                >
                  删除
                </Button>
              </div>
              <div
                className={bad || j.outcome !== 'passed' ? 'jc-error-text' : 'jc-muted'}
                aria-live="polite"
              >
                {bad ?? j.reason}
              </div>
            </li>
          );
        })}
      </ul>
      {problem && <div className="jc-error-text">{problem}</div>}
      <Button onClick={() => onChange([...votes, { subject: '', yes: null, no: null, abstain: null }])}>
        添加表决事项
      </Button>
    </Card>
  );
}
