/**
 * The org page's 述职评议 tab (decision 0037): for a committee, its round of this year at a glance with a link to the
 * round page; for every org, its secretaries' results by year (the committee that reviewed them, the grade, the
 * problems and rectification items, and the follow-ups done or still to do).
 */
import { Link } from 'react-router-dom';
import { Alert, Button, Card, Empty, List, Space, Tag, Typography } from 'antd';
import type { OrgView } from '../../../shared/schemas.js';
import { REVIEWING_KINDS } from '../../../domain/reviews/secretary-review.js';
import { errorMessage } from '../../api/client.js';
import { reviewsApi } from '../../api/reviews.js';
import { useRequest } from '../../api/hooks.js';
import { today, zhDate } from '../../lib/format.js';
import { GradeTag } from '../ReviewRoundPage.js';

export function OrgReviews({ org }: { org: Pick<OrgView, 'code' | 'kind'> }) {
  const year = Number(today().slice(0, 4));
  const reviewing = (REVIEWING_KINDS as readonly string[]).includes(org.kind);
  const results = useRequest((s) => reviewsApi.results(org.code, s), [org.code]);
  const round = useRequest((s) => reviewsApi.round(org.code, year, s), [org.code, year], reviewing);
  const roundUrl = `/orgs/${encodeURIComponent(org.code)}/reviews?year=${year}`;
  return (
    <div>
      {reviewing && (
        <Card
          size="small"
          variant="outlined"
          style={{ marginBottom: 16 }}
          title={`${year}年度书记述职评议（评议下级书记）`}
        >
          {round.error ? (
            <Alert type="error" showIcon title={errorMessage(round.error)} />
          ) : round.data ? (
            <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
              <span>
                {round.data.round
                  ? `述职 ${round.data.counts.reported}/${round.data.counts.reporters} 人，已评定 ${round.data.counts.graded} 人；好 ${round.data.counts.good}、较好 ${round.data.counts.fairly_good}、一般 ${round.data.counts.average}、差 ${round.data.counts.poor}`
                  : '尚未开始'}
                {round.data.toDos.length > 0 && (
                  <Tag color="orange" style={{ marginLeft: 8 }}>
                    结果运用待办 {round.data.toDos.length}
                  </Tag>
                )}
              </span>
              <Link to={roundUrl}>
                <Button type={round.data.round ? 'default' : 'primary'}>
                  {round.data.round || !round.data.canManage ? '打开述职评议' : `开始${year}年度述职评议`}
                </Button>
              </Link>
            </Space>
          ) : null}
        </Card>
      )}
      <Typography.Title level={5}>本组织书记历年述职评议</Typography.Title>
      {results.error ? (
        <Alert type="error" showIcon title={errorMessage(results.error)} />
      ) : !results.data ? null : results.data.results.length === 0 ? (
        <Empty description="尚无述职评议结果" />
      ) : (
        <List
          dataSource={results.data.results}
          renderItem={(r) => (
            <List.Item>
              <Space direction="vertical" size={2} style={{ width: '100%' }}>
                <span>
                  <strong>{r.year}年度</strong> {r.name} <GradeTag grade={r.grade} />
                  <Typography.Text type="secondary">
                    {r.reviewerName}
                    {r.heldOn ? ` · ${zhDate(r.heldOn)}` : ''}
                  </Typography.Text>
                </span>
                {r.problems && <span>指出的问题：{r.problems}</span>}
                {r.rectification.length > 0 && <span>整改事项：{r.rectification.join('；')}</span>}
                {r.followUps.length > 0 && (
                  <span>
                    {r.followUps.map((f) => (
                      <Tag key={f.kind} color={f.done ? 'green' : 'orange'}>
                        {f.zh}：{f.done ? '已办' : '待办'}
                      </Tag>
                    ))}
                  </span>
                )}
              </Space>
            </List.Item>
          )}
        />
      )}
    </div>
  );
}
