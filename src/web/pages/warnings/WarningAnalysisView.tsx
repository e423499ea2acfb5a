/**
 * 预警 → 分析 (decision 0039): the county's analysis view — for each unit directly under the org (a township) how many
 * of its orgs have a red or amber warning of each indicator and their share, with the whole subtree's row last. In
 * tree order, never ranked; shown only to a county administrator while the setting is on (the API refuses otherwise).
 */
import { Alert, Typography, type TableProps } from 'antd';
import type { WarningAnalysis } from '../../../shared/warnings.js';
import { ResponsiveTable } from '../../components/ResponsiveTable.js';

type Group = WarningAnalysis['groups'][number];

export function WarningAnalysisView({ data }: { data: WarningAnalysis }) {
  // only the indicators some org has a warning of: the others are all zero
  const keys = data.indicators.filter((i) =>
    data.total.byIndicator.some((x) => x.indicator === i.key && x.red + x.amber > 0),
  );
  const columns: TableProps<Group>['columns'] = [
    {
      key: 'name',
      title: '单位',
      fixed: 'left',
      render: (_: unknown, g) => (
        <span>
          {g.name}
          <Typography.Text type="secondary">（{g.orgs}个组织）</Typography.Text>
        </span>
      ),
    },
    {
      key: 'orgs',
      title: '有预警的组织',
      render: (_: unknown, g) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          <span className="jc-red-text">红 {g.red}</span>
          <span className="jc-amber-text">黄 {g.amber}</span>
        </span>
      ),
    },
    ...keys.map((i) => ({
      key: i.key,
      title: i.zh,
      render: (_: unknown, g: Group) => {
        const x = g.byIndicator.find((b) => b.indicator === i.key);
        if (!x || x.red + x.amber === 0) return <span className="jc-muted">0</span>;
        return (
          <span style={{ whiteSpace: 'nowrap' }}>
            {x.red > 0 && <span className="jc-red-text">红 {x.red}</span>}
            {x.amber > 0 && <span className="jc-amber-text">黄 {x.amber}</span>}
            <Typography.Text type="secondary">{x.percent}%</Typography.Text>
          </span>
        );
      },
    })),
  ];
  return (
    <div data-testid="warning-analysis">
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title="分析视图仅供县委组织部分析使用：按组织顺序列出各单位的预警分布和占比（有该项预警的组织数÷该单位组织数），不排名，不向乡镇和支部推送。"
      />
      <ResponsiveTable<Group>
        rowKey="code"
        size="small"
        columns={columns}
        dataSource={[...data.groups, { ...data.total, name: `合计（${data.total.name}）` }]}
        pagination={false}
        scroll={{ x: 200 + keys.length * 130 }}
        cardHidden={['name']}
        cardTitle={(g) => `${g.name}（${g.orgs}个组织）`}
      />
    </div>
  );
}
