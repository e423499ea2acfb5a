/**
 * `/meetings/:id/appraisal`: the grading sheet of a 民主评议党员 meeting (issue 11 item 5, decision 0030). Everyone on
 * the branch's roster that day is listed with 合格 pre-selected, so a branch of 20–40 changes a few and saves; a
 * probationary member takes part but is not graded; one already appraised this year elsewhere is shown, not
 * graded again. The counts and the 优秀-over-a-third warning follow each tap (the same `gradeSummary` the server
 * uses); the warning does not stop saving (一般不超过). One column on a phone, each member's four grades on one row.
 */
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Radio, Space, Tag, Typography } from 'antd';
import {
  gradeSummary,
  GRADE_ZH,
  APPRAISAL_GRADES,
  type AppraisalGrade,
} from '../../domain/member/appraisal.js';
import { rulesAt } from '../../policy/rules.js';
import { api, errorMessage } from '../api/client.js';
import { useRequest } from '../api/hooks.js';
import { PageError, PageSkeleton } from '../components/PageState.js';
import { zhDate } from '../lib/format.js';

const ATTENDANCE_ZH: Record<string, string> = { excused: '请假', absent: '缺席' };

export default function AppraisalFormPage() {
  const { id = '' } = useParams();
  const meetingId = Number(id);
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const sheet = useRequest((s) => api.meetingAppraisal(meetingId, s), [meetingId]);
  const [grades, setGrades] = useState<Map<number, AppraisalGrade>>(new Map());
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // the recorded grades, or 合格 for each member to grade (the default a branch changes a few of)
  useEffect(() => {
    if (!sheet.data) return;
    setGrades(
      new Map(
        sheet.data.members
          .filter((m) => m.graded && !m.elsewhere)
          .map((m) => [m.memberId, (m.grade ?? 'qualified') as AppraisalGrade]),
      ),
    );
  }, [sheet.data]);

  const d = sheet.data;
  const rules = rulesAt(d?.heldOn ?? '2018-10-28').appraisal;
  const summary = useMemo(() => gradeSummary([...grades.values()], rules), [grades, rules]);
  const back = () =>
    search.get('from') === 'home'
      ? '/home'
      : search.get('from') === 'member' && search.get('member')
        ? `/members/${search.get('member')}?tab=life`
        : `/orgs/${encodeURIComponent(d?.orgCode ?? '')}?tab=life`;

  if (sheet.error) return <PageError error={sheet.error} onRetry={sheet.reload} />;
  if (!d) return <PageSkeleton rows={10} />;
  const here = d.members.filter((m) => !m.elsewhere);

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      const r = await api.saveMeetingAppraisal(meetingId, {
        grades: here.map((m) => ({
          memberId: m.memberId,
          grade: m.graded ? (grades.get(m.memberId) ?? null) : null,
        })),
      });
      message.success(
        `已保存 ${r.summary.graded} 名正式党员的评定等次${r.summary.excellentOverShare ? '（优秀超过三分之一，请复核）' : ''}`,
      );
      navigate(back());
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="jc-meeting-form jc-appraisal-form">
      <div className="jc-page-head">
        <Typography.Title level={3} className="jc-page-title">
          民主评议党员 · 评定等次
        </Typography.Title>
        <Typography.Text type="secondary">
          {d.orgName} · {zhDate(d.heldOn)} · {d.topic}
        </Typography.Text>
      </div>
      <Card variant="borderless" size="small" className="jc-appraisal-summary">
        <div aria-label="等次统计" className="jc-appraisal-counts">
          {APPRAISAL_GRADES.map((g) => (
            <span key={g}>
              {GRADE_ZH[g]} <b>{summary.counts[g]}</b>
            </span>
          ))}
          <span>
            参评正式党员 <b>{summary.graded}</b>
          </span>
        </div>
        {summary.excellentOverShare && (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: 8 }}
            title={`优秀 ${summary.counts.excellent} 人，超过参评正式党员的三分之一（一般不超过三分之一），请复核；仍可保存`}
          />
        )}
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 13 }}>
          已默认全部为“合格”，只需改动少数人。预备党员参加评议，不评定等次。
        </Typography.Paragraph>
      </Card>
      {d.warnings
        .filter((w) => !w.includes('三分之一'))
        .map((w) => (
          <Alert key={w} type="info" showIcon title={w} style={{ marginBottom: 8 }} />
        ))}
      <Card variant="borderless" size="small">
        <ul className="jc-appraisal-list" aria-label="评定等次">
          {d.members.map((m) => (
            <li key={m.memberId}>
              <span className="jc-appraisal-name">
                {m.name}
                {m.attendance && ATTENDANCE_ZH[m.attendance] && (
                  <Tag style={{ marginLeft: 6 }}>{ATTENDANCE_ZH[m.attendance]}</Tag>
                )}
              </span>
              {m.elsewhere ? (
                <Typography.Text type="secondary">今年已在{m.elsewhere}参加评议</Typography.Text>
              ) : !m.graded ? (
                <Typography.Text type="secondary">预备党员：参加评议，不评定等次</Typography.Text>
              ) : (
                <Radio.Group
                  aria-label={m.name}
                  optionType="button"
                  buttonStyle="solid"
                  size="middle"
                  value={grades.get(m.memberId) ?? 'qualified'}
                  onChange={(e) =>
                    setGrades((g) => new Map(g).set(m.memberId, e.target.value as AppraisalGrade))
                  }
                  options={APPRAISAL_GRADES.map((g) => ({ value: g, label: GRADE_ZH[g] }))}
                />
              )}
            </li>
          ))}
        </ul>
      </Card>
      {error && <Alert type="error" showIcon title={error} style={{ margin: '12px 0' }} />}
      <div className="jc-form-actions">
        <Space>
          <Button size="large" onClick={() => navigate(back())}>
            取消
          </Button>
          <Button type="primary" size="large" loading={saving} onClick={save}>
            保存评定等次
          </Button>
        </Space>
      </div>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 12 }}>
        {d.source}。评为不合格的党员，由支部按规定作出组织处置并在党员页面记录；平台不自动改变党员状态。
      </Typography.Paragraph>
    </div>
  );
}
