/**
 * A member's organisational life on their page (issue 11 items 4 and 5, decision 0023): this year's meetings
 * (present, excused, absent) and the 党章第九条 grounds — how many consecutive months of organisational life missed
 * without good reason and of dues unpaid, since when, and the flag.
 */
import { Alert, Descriptions, Typography } from 'antd';
import { api, errorMessage } from '../../api/client.js';
import { useRequest } from '../../api/hooks.js';
import { flagTag, groundText } from '../org/Article9Flags.js';
import { MemberAppraisals } from './MemberAppraisals.js';

export function MemberLife({ memberId }: { memberId: number }) {
  const res = useRequest((s) => api.memberArticle9(memberId, s), [memberId]);
  const d = res.data;
  if (res.error) return <Alert type="error" showIcon title={errorMessage(res.error)} />;
  if (!d) return null;
  return (
    <section aria-label="组织生活情况">
      {d.flag && (
        <Alert
          type={d.flag === 'six_months' ? 'error' : 'warning'}
          showIcon
          style={{ marginBottom: 12 }}
          title={
            d.flag === 'six_months'
              ? '连续6个月未参加组织生活或未交纳党费，需支部研究处理（党章第九条）'
              : '连续3个月未参加组织生活或未交纳党费，请支部及时了解情况'
          }
          description={d.grounds
            .filter((g) => g.flag)
            .map(groundText)
            .join('；')}
        />
      )}
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, sm: 1, md: 2 }}
        items={[
          {
            key: 'year',
            label: `${d.year.year}年参加会议`,
            children: `出席 ${d.year.present} 次，请假 ${d.year.excused} 次，缺席 ${d.year.absent} 次`,
          },
          {
            key: 'flag',
            label: '党章第九条',
            children: d.flag ? flagTag(d.flag) : '无提示',
          },
          ...d.grounds.map((g) => ({
            key: g.ground,
            label: g.ground === 'org_life' ? '连续未参加组织生活' : '连续未交纳党费',
            children: g.months ? groundText(g) : '无',
          })),
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8 }}>
        只计应参加的会议：请假（有理由）的月份中断连续计算，支部当月没有开会的月份不计。提示只供支部研究，不改变党员状态。
      </Typography.Paragraph>
      <MemberAppraisals memberId={memberId} />
    </section>
  );
}
