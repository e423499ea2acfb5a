/**
 * 本县设置 → 村级区划名单 (decision 0039): the county's village-level division table in force, its counts by
 * township with the villages and communities that have no party org, and the upload of a new version (检查 first,
 * then 导入; any bad row and nothing is written). Shown to a county administrator of the whole county only.
 */
import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Space, Typography, Upload, type TableProps } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import type { ImportResult } from '../../shared/schemas.js';
import type { DivisionTownship } from '../../shared/divisions.js';
import { URBAN_RURAL_CODES } from '../../domain/supervision/divisions.js';
import { errorMessage } from '../api/client.js';
import { divisionsApi } from '../api/divisions.js';
import { useRequest } from '../api/hooks.js';
import { ResponsiveTable } from '../components/ResponsiveTable.js';
import { PageError } from '../components/PageState.js';
import { DATE_FORMAT, fromIso, toIso, zhDate } from '../lib/format.js';

const URBAN_RURAL_ZH = new Map<string, string>([
  ...URBAN_RURAL_CODES.map((c) => [c.code, `${c.code}${c.zh}`] as [string, string]),
  ['none', '未填'],
]);

const columns: TableProps<DivisionTownship>['columns'] = [
  { title: '乡镇（街道）', dataIndex: 'name', key: 'name', render: (n: string, r) => `${n}（${r.code}）` },
  { title: '社区', dataIndex: 'communities', key: 'communities', align: 'right' },
  { title: '村', dataIndex: 'villages', key: 'villages', align: 'right' },
  { title: '其他', dataIndex: 'other', key: 'other', align: 'right' },
  {
    title: '城乡分类',
    key: 'urbanRural',
    render: (_: unknown, r) =>
      Object.entries(r.byUrbanRural)
        .map(([k, n]) => `${URBAN_RURAL_ZH.get(k) ?? k} ${n}`)
        .join('、') || '—',
  },
  {
    title: '未建党组织',
    dataIndex: 'uncovered',
    key: 'uncovered',
    align: 'right',
    render: (n: number) => (n ? <Typography.Text type="danger">{n}</Typography.Text> : 0),
  },
];

export function DivisionsCard() {
  const { message } = App.useApp();
  const view = useRequest((s) => divisionsApi.get(s), []);
  const [file, setFile] = useState<File | null>(null);
  const [effective, setEffective] = useState<Dayjs | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ dryRun: boolean; r: ImportResult } | null>(null);

  const send = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    try {
      const r = await divisionsApi.import(file, {
        dryRun,
        ...(effective ? { effectiveFrom: toIso(effective)! } : {}),
      });
      setResult({ dryRun, r });
      if (!dryRun && !r.rejectedTotal) {
        message.success('村级区划名单已导入');
        view.reload();
      }
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const v = view.data;
  return (
    <Card variant="borderless" title="村级区划名单" style={{ marginBottom: 16 }} data-testid="divisions-card">
      <Typography.Paragraph type="secondary">
        “村（社区）未建党组织”指标按本县的村级区划名单（统计用区划代码）核对：名单中的村民委员会、居民委员会，没有任何党组织填写其区划代码的，即为未建党组织。未导入名单时该指标不计算。
      </Typography.Paragraph>
      {view.error && !v ? <PageError error={view.error} onRetry={view.reload} /> : null}
      {v && !v.table && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title="尚未导入村级区划名单，“村（社区）未建党组织”指标不计算。"
        />
      )}
      {v?.table && (
        <>
          <Typography.Paragraph>
            {`现行名单：${v.county?.orgName ?? ''}（${v.table.countyCode}），${zhDate(v.table.effectiveFrom)}起适用，${v.table.townships} 个乡镇（街道），${v.table.villages} 个村级区划；来源：${v.table.source}${v.table.importedByName ? `；导入人：${v.table.importedByName}` : ''}`}
          </Typography.Paragraph>
          <ResponsiveTable<DivisionTownship>
            rowKey="code"
            size="small"
            columns={columns}
            dataSource={v.byTownship}
            pagination={false}
            data-testid="divisions-table"
          />
          {v.versions.length > 1 && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
              历次版本：
              {v.versions.map((x) => `${zhDate(x.effectiveFrom)}起（${x.villages}个村级区划）`).join('；')}
            </Typography.Paragraph>
          )}
        </>
      )}
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        导入新名单
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        .xlsx 或
        .csv，列为“统计用区划代码、名称、城乡分类代码、所属乡镇代码”；每个乡镇（街道）一行，其下每个村（居）委会一行。先检查，有任何问题行就全部不导入。
      </Typography.Paragraph>
      <Space wrap>
        <Upload
          accept=".xlsx,.csv"
          maxCount={1}
          beforeUpload={(f) => {
            setFile(f);
            setResult(null);
            return false;
          }}
          onRemove={() => {
            setFile(null);
            setResult(null);
          }}
          fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}
        >
          <Button icon={<UploadOutlined />}>选择文件</Button>
        </Upload>
        <DatePicker
          placeholder="生效日期（默认今天）"
          format={DATE_FORMAT}
          value={effective}
          onChange={setEffective}
          maxDate={v ? (fromIso(v.today) ?? undefined) : undefined}
        />
        <Button disabled={!file} loading={busy} onClick={() => void send(true)}>
          检查
        </Button>
        <Button
          type="primary"
          disabled={!file || !result?.dryRun || result.r.rejectedTotal > 0}
          loading={busy}
          onClick={() => void send(false)}
        >
          导入
        </Button>
        <Button icon={<DownloadOutlined />} onClick={() => void divisionsApi.template()}>
          下载模板
        </Button>
      </Space>
      {result && <ResultView dryRun={result.dryRun} r={result.r} />}
    </Card>
  );
}

function ResultView({ dryRun, r }: { dryRun: boolean; r: ImportResult }) {
  const counts = `共 ${r.total} 行：新增 ${r.inserted}，更新 ${r.updated}，无变化 ${r.unchanged}`;
  if (r.rejectedTotal)
    return (
      <Alert
        type="error"
        showIcon
        style={{ marginTop: 16 }}
        data-testid="divisions-result"
        title={`有 ${r.badRows} 行有问题，名单未导入`}
        description={
          <ul style={{ paddingLeft: 20, margin: 0 }}>
            {r.rejected.slice(0, 50).map((x, i) => (
              <li key={i}>{`第${x.row}行［${x.column}］${x.message}`}</li>
            ))}
          </ul>
        }
      />
    );
  return (
    <Alert
      type={dryRun ? 'info' : 'success'}
      showIcon
      style={{ marginTop: 16 }}
      data-testid="divisions-result"
      title={dryRun ? `检查通过。${counts}。确认无误后点“导入”。` : `已导入。${counts}。`}
    />
  );
}
