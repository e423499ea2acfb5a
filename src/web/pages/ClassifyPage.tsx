/**
 * `/classify` (归类, issue 9 #3, decision 0013): the texts that imports kept because no code table or synonym knew
 * them, per field with how many members hold each — "611 名党员的职业为“企事业单位管理人员”，对应标准类别：[…]". A
 * choice is saved as a local synonym of the county and applied at once to those members (their statistics move
 * from 未归类 to the category) and to every later import. For an administrator of the whole county.
 */
import { useState } from 'react';
import { App, Alert, Button, Card, Empty, Select, Space, Tag, Typography } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import type { ClassificationOverview } from '../../shared/schemas.js';
import type { ClassifiedField } from '../../shared/classification.js';
import { classificationApi } from '../api/classification.js';
import { useRequest } from '../api/hooks.js';
import { errorMessage } from '../api/client.js';
import { PageError, PageSkeleton } from '../components/PageState.js';
import { ResponsiveTable } from '../components/ResponsiveTable.js';
import { shanghaiTime } from '../lib/format.js';
import { useShell } from '../layout/context.js';

type FieldView = ClassificationOverview['fields'][number];
type Synonym = ClassificationOverview['synonyms'][number];

export default function ClassifyPage() {
  const overview = useRequest((s) => classificationApi.overview(s), []);
  if (overview.error && !overview.data) return <PageError error={overview.error} onRetry={overview.reload} />;
  const view = overview.data;
  if (!view) return <PageSkeleton rows={8} />;
  const pending = view.fields.reduce((n, f) => n + f.values.length, 0);
  const zhOf = new Map(view.fields.map((f) => [f.field, f.zh]));
  return (
    <div>
      <div className="jc-page-head">
        <Typography.Title level={3} className="jc-page-title">
          归类
        </Typography.Title>
        <Typography.Text type="secondary">
          导入台账时，民族、学历、职业的写法如果无法对应国家标准或常用说法，党员照常导入，按原文保存，统计中计为“未归类”。在这里为每种写法选择对应的标准类别：持有该写法的党员立即归类、统计随之更新，今后导入的同样写法也自动归类。每次归类都记入操作记录。
        </Typography.Text>
      </div>
      {pending === 0 && (
        <Alert type="success" showIcon style={{ marginBottom: 16 }} title="没有未归类的写法" />
      )}
      {view.fields
        .filter((f) => f.values.length > 0)
        .map((f) => (
          <FieldCard key={f.field} field={f} onMapped={overview.reload} />
        ))}
      <Card variant="borderless" title="本县对照" style={{ marginTop: 16 }}>
        <ResponsiveTable<Synonym>
          rowKey="id"
          size="middle"
          dataSource={view.synonyms}
          pagination={view.synonyms.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有本县对照" /> }}
          cardTitle={(s) => `“${s.raw}” → ${s.codeZh}`}
          columns={[
            { title: '写法', dataIndex: 'raw', render: (raw: string) => `“${raw}”` },
            { title: '项目', dataIndex: 'field', render: (f: ClassifiedField) => zhOf.get(f) ?? f },
            {
              title: '对应标准类别',
              dataIndex: 'codeZh',
              render: (zh: string) => <Tag color="blue">{zh}</Tag>,
            },
            { title: '归类人', dataIndex: 'mappedBy', render: (u: string | null) => u ?? '命令行' },
            { title: '时间', dataIndex: 'updatedAt', render: (t: string) => shanghaiTime(t) },
          ]}
        />
      </Card>
    </div>
  );
}

function FieldCard({ field, onMapped }: { field: FieldView; onMapped: () => void }) {
  const total = field.values.reduce((n, v) => n + v.persons, 0);
  return (
    <Card
      variant="borderless"
      title={`${field.zh}（${field.values.length} 种写法，${total} 人）`}
      style={{ marginBottom: 16 }}
    >
      <ul className="jc-classify-list" aria-label={`未归类的${field.zh}`}>
        {field.values.map((v) => (
          <ValueRow key={v.raw} field={field} value={v} onMapped={onMapped} />
        ))}
      </ul>
    </Card>
  );
}

function ValueRow({
  field,
  value,
  onMapped,
}: {
  field: FieldView;
  value: FieldView['values'][number];
  onMapped: () => void;
}) {
  const { message } = App.useApp();
  const shell = useShell();
  const [code, setCode] = useState<string | undefined>(undefined);
  const [saving, setSaving] = useState(false);
  const save = async () => {
    if (!code) return;
    setSaving(true);
    try {
      const r = await classificationApi.map({ field: field.field, raw: value.raw, code });
      message.success(
        `已把“${r.raw}”对应为“${r.codeZh}”：${r.reclassified} 人已归类，统计已更新；今后导入的同样写法自动归类`,
      );
      shell.refreshTree();
      onMapped();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  const label = `${value.raw}的对应标准类别`;
  return (
    <li className="jc-classify-row">
      <span className="jc-classify-text">
        <Typography.Text strong>{value.persons}</Typography.Text> 名党员的{field.zh}为“
        <Typography.Text mark>{value.raw}</Typography.Text>”
        {value.onRoster !== value.persons && (
          <Typography.Text type="secondary">（其中在册 {value.onRoster} 名）</Typography.Text>
        )}
        ，对应标准类别：
      </span>
      <Space.Compact className="jc-classify-choice">
        <Select
          aria-label={label}
          placeholder="请选择"
          value={code}
          onChange={setCode}
          showSearch={{ optionFilterProp: 'label' }}
          options={field.codes.map((c) => ({ value: c.code, label: c.zh }))}
          popupMatchSelectWidth={false}
          style={{ minWidth: 200, flex: 1 }}
        />
        <Button
          type="primary"
          icon={<CheckOutlined aria-hidden />}
          disabled={!code}
          loading={saving}
          onClick={save}
        >
          归类
        </Button>
      </Space.Compact>
    </li>
  );
}
