/**
 * 民主评议党员 on the org page's 组织生活 tab and on 本月待办 (issue 11 item 5, decision 0030): this year's appraisal —
 * for a branch, whether it was held and graded with the counts and a button to the grading sheet (or to record the
 * meeting first); for a township, how many branches graded, held without grades, or not held — and the results
 * still asking something of a branch (基本合格 帮助改进, 不合格 组织处置, 限期改正期满, 劝退/除名 to enter), each
 * linking to the member.
 */
import { Link, useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Space, Tag, Typography } from 'antd';
import { GRADE_ZH, TODO_ZH, type AppraisalGrade } from '../../../domain/member/appraisal.js';
import type { AppraisalYear } from '../../../shared/life.js';
import { api, errorMessage } from '../../api/client.js';
import { useRequest } from '../../api/hooks.js';
import { zhDate } from '../../lib/format.js';

const STATUS: Record<AppraisalYear['orgs'][number]['status'], { text: string; color: string }> = {
  not_held: { text: '未召开', color: 'default' },
  not_graded: { text: '已召开，等次未录入', color: 'orange' },
  graded: { text: '已评定等次', color: 'green' },
};

function countsText(o: AppraisalYear['orgs'][number]): string {
  return (Object.keys(GRADE_ZH) as AppraisalGrade[]).map((g) => `${GRADE_ZH[g]} ${o.counts[g]}`).join(' · ');
}

export function OrgAppraisal({
  org,
  mayRecord,
  showOrg = false,
  asCard = false,
}: {
  org: { code: string; status?: string };
  mayRecord: boolean;
  showOrg?: boolean;
  /** on 本月待办: in a card of its own */
  asCard?: boolean;
}) {
  const navigate = useNavigate();
  const res = useRequest((s) => api.appraisalYear(org.code, undefined, s), [org.code]);
  const d = res.data;
  // 本月待办 keeps the card short; the 组织生活 tab lists more
  const limit = asCard ? 8 : 40;
  if (res.error)
    return <Alert type="error" showIcon title={errorMessage(res.error)} style={{ marginBottom: 16 }} />;
  if (!d || (d.orgs.length === 0 && d.toDos.length === 0)) return null;
  const own = d.orgs.length === 1 && d.orgs[0]!.code === d.org && !showOrg ? d.orgs[0]! : null;
  const tally = (s: keyof typeof STATUS) => d.orgs.filter((o) => o.status === s).length;
  const body = (
    <section aria-label="民主评议党员" style={{ marginBottom: asCard ? 0 : 16 }}>
      <div className="jc-life-head">
        <Typography.Title level={5} style={{ margin: 0 }}>
          {d.year}年民主评议党员
        </Typography.Title>
        {own && mayRecord && org.status !== 'dissolved' && (
          <Button
            type={own.status === 'graded' ? 'default' : 'primary'}
            onClick={() =>
              navigate(
                own.meetings.length
                  ? `/meetings/${own.meetings[own.meetings.length - 1]!.id}/appraisal`
                  : `/orgs/${encodeURIComponent(own.code)}/meetings/new?kinds=appraisal_meeting,life_meeting`,
              )
            }
          >
            {own.meetings.length
              ? own.status === 'graded'
                ? '修改评定等次'
                : '评定等次'
              : '记录民主评议会议'}
          </Button>
        )}
      </div>
      {own ? (
        <div>
          <Tag color={STATUS[own.status].color}>{STATUS[own.status].text}</Tag>
          {own.meetings.length > 0 && (
            <span className="jc-muted">{own.meetings.map((m) => zhDate(m.heldOn)).join('、')}召开</span>
          )}
          {own.status === 'graded' && (
            <div style={{ marginTop: 4 }}>
              {countsText(own)}
              {own.ungraded > 0 && <span className="jc-muted"> · 预备党员不评定等次 {own.ungraded}</span>}
              {own.excellentOverShare && (
                <Tag color="orange" style={{ marginLeft: 6 }}>
                  优秀超过三分之一
                </Tag>
              )}
            </div>
          )}
        </div>
      ) : (
        d.orgs.length > 0 && (
          <Space size={[8, 4]} wrap aria-label="评议情况">
            <span>应开展 {d.orgs.length} 个组织：</span>
            <Tag color="green">已评定 {tally('graded')}</Tag>
            <Tag color="orange">等次未录入 {tally('not_graded')}</Tag>
            <Tag>未召开 {tally('not_held')}</Tag>
          </Space>
        )
      )}
      {d.toDos.length > 0 && (
        <ul className="jc-vote-list" aria-label="评议结果运用待办">
          {d.toDos.slice(0, limit).map((t) => (
            <li key={t.appraisalId}>
              <Link to={`/members/${t.memberId}?tab=life`}>{t.name}</Link>
              {showOrg || !own ? <span className="jc-muted">（{t.orgName}）</span> : null}
              <span className="jc-muted">
                {' '}
                · {t.year}年{GRADE_ZH[t.grade]}
              </span>
              <div>{TODO_ZH[t.toDo]}</div>
            </li>
          ))}
          {d.toDos.length > limit && (
            <li className="jc-muted">
              共 {d.toDos.length} 项，此处列出前 {limit} 项
              {asCard && (
                <>
                  {' · '}
                  <Link to={`/orgs/${encodeURIComponent(d.org)}?tab=life`}>查看全部</Link>
                </>
              )}
            </li>
          )}
        </ul>
      )}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0 0' }}>
        结果运用只作提醒：组织处置由支部研究决定后在党员页面记录，平台不改变党员状态。
      </Typography.Paragraph>
    </section>
  );
  return asCard ? (
    <Card size="small" style={{ marginTop: 16 }}>
      {body}
    </Card>
  ) : (
    body
  );
}
