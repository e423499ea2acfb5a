/**
 * `/import`: the import wizard. 1 choose what to import (with templates) → 2 upload; the server reads and
 * checks every row (progress from polling) → 3 review what would happen: a summary of the problems (one line per
 * cause, then the rows rejected because of them) and the rejected rows page by page (the server keeps the first
 * 200 of each problem and counts the rest), then apply either the good rows or all-or-nothing → 4 the final counts.
 */
import { MAX_UPLOAD_BYTES, MAX_UPLOAD_MESSAGE } from '../../shared/limits.js';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Progress,
  Radio,
  Result,
  Row,
  Select,
  Space,
  Statistic,
  Steps,
  Typography,
  Upload,
} from 'antd';
import {
  ApartmentOutlined,
  CalendarOutlined,
  DownloadOutlined,
  FileExcelOutlined,
  InboxOutlined,
  ReloadOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type {
  ImportJob,
  ImportJobResult,
  ImportKind,
  ImportProblem,
  ImportRejection,
  ImportRejectionPage,
  ImportWarning,
} from '../../shared/schemas.js';
import { api, errorMessage, isAbort } from '../api/client.js';
import { useShell } from '../layout/context.js';
import { importHeadline } from '../../shared/import-summary.js';
import { ResponsiveTable } from '../components/ResponsiveTable.js';
import { count } from '../lib/format.js';
import { useAuth } from '../auth/context.js';

const KIND_ZH: Record<ImportKind, string> = {
  orgs: '党组织',
  members: '党员',
  meetings: '三会一课台账',
  'dues-bases': '党费基数',
  dues: '党费缴纳',
  applicants: '发展党员台账',
  screening: '软弱涣散村党组织台账',
};
const KIND_NOTE: Record<ImportKind, string> = {
  orgs: '组织编码、名称、类别、领域、上级组织编码等。按上级在前的顺序填写。',
  members: '姓名、身份证号、民族、入党日期、所在党组织编码等。身份证号相同的视为同一人，会更新。',
  meetings:
    '组织编码、会议类型、召开日期、主题、缺席人员等。未列为缺席的在册党员记为出席；已记录过的会议不会重复导入。',
  'dues-bases': '身份证号、姓名、党员类别、月工资基数（元）、执行起始月份。同一党员同一月份再次导入即更正。',
  dues: '身份证号、姓名、缴纳月份（如 2026年1-3月）、金额（元）、缴纳日期、缴纳方式。已导入过的缴费不会重复记录。',
  applicants:
    '姓名、身份证号、所在党组织编码、当前阶段（入党申请人、积极分子、发展对象、预备党员）和已有步骤的日期。日期不符合细则间隔的照样导入并提示。',
  screening:
    '组织编码、排查年度、软弱涣散类型（1–10的序号或统计表表述，多个用“、”或“；”分隔）、主要问题、认定日期。须由县委组织部导入；已认定的再次导入即更正。',
};
const POLL_MS = 700;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      reject(new DOMException('aborted', 'AbortError'));
    });
  });
}

/** Polls the job until it leaves the given busy state, reporting each version. */
async function pollJob(
  job: ImportJob,
  busy: ImportJob['state'],
  onUpdate: (j: ImportJob) => void,
  signal: AbortSignal,
): Promise<ImportJob> {
  let cur = job;
  let failures = 0;
  while (cur.state === busy) {
    await sleep(POLL_MS, signal);
    try {
      cur = await api.importJob(cur.id, signal);
      failures = 0;
      onUpdate(cur);
    } catch (e) {
      if (isAbort(e) || signal.aborted) throw e;
      // a blip in the network should not lose a long import: retry a few times before giving up
      if (++failures >= 5) throw e;
    }
  }
  return cur;
}

/**
 * One CSV cell. A value a spreadsheet would take for a formula (=, +, -, @, or a tab or carriage return first:
 * a column header read from the uploaded file can be anything) gets a leading single quote, so it stays text.
 */
function csvCell(v: string | number): string {
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

function rejectionsCsv(rows: ImportRejection[], note: string | null): string {
  const lines = [['行号', '列', '说明'].map(csvCell).join(',')];
  for (const r of rows) lines.push([r.row, r.column, r.message].map(csvCell).join(','));
  if (note) lines.push(['', '', note].map(csvCell).join(','));
  return '\uFEFF' + lines.join('\r\n');
}

/** Problems per page of the list, at first. */
const FIRST_PAGE_SIZE = 20;

/** Rows the server lists per problem; the others are only counted. */
const LISTED_PER_PROBLEM = 200;

/** One line of the problem summary, in words. */
function problemLine(p: ImportProblem): string {
  return p.dependent
    ? `另有 ${p.count} 行因所依赖的行有问题而未导入（“${p.column}”：${p.message}）`
    : `${p.count} 行“${p.column}”：${p.message}`;
}

function exampleRows(p: ImportProblem): string {
  return `如第 ${p.rows.join('、')} 行${p.count > p.rows.length ? '等' : ''}`;
}

function saveText(name: string, content: string, type: string) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

export default function ImportPage() {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const shell = useShell();
  const [step, setStep] = useState(0);
  const [kind, setKind] = useState<ImportKind>('members');
  const [job, setJob] = useState<ImportJob | null>(null);
  /** the first page of the problem list, fetched before the review shows (so it opens with its rows) */
  const [firstRejections, setFirstRejections] = useState<ImportRejectionPage | null>(null);
  const [uploading, setUploading] = useState(false);
  const [applying, setApplying] = useState<null | 'partial' | 'all'>(null);
  const [error, setError] = useState<string | null>(null);
  const ctrl = useRef<AbortController | null>(null);

  useEffect(() => () => ctrl.current?.abort(), []);

  const fresh = () => {
    ctrl.current?.abort();
    ctrl.current = new AbortController();
    return ctrl.current.signal;
  };

  const restart = useCallback((toStep: number) => {
    ctrl.current?.abort();
    setJob(null);
    setFirstRejections(null);
    setError(null);
    setApplying(null);
    setUploading(false);
    setStep(toStep);
  }, []);

  const upload = async (file: File) => {
    const lower = file.name.toLowerCase();
    if (!lower.endsWith('.xlsx') && !lower.endsWith('.csv')) {
      message.error('请上传 .xlsx 或 .csv 格式的文件');
      return;
    }
    if (file.size > MAX_UPLOAD_BYTES) {
      message.error(MAX_UPLOAD_MESSAGE);
      return;
    }
    const signal = fresh();
    setError(null);
    setUploading(true);
    try {
      let j = await api.startImport(kind, file, signal);
      setJob(j);
      j = await pollJob(j, 'parsing', setJob, signal);
      setJob(j);
      if (j.state === 'failed') {
        setError(j.error?.message ?? '文件检查失败');
      } else {
        let first: ImportRejectionPage | null = null;
        if (j.result?.rejectedTotal) {
          // without it the list loads by itself once shown
          first = await api
            .importRejections(j.id, { page: 1, pageSize: FIRST_PAGE_SIZE }, signal)
            .catch((e: unknown) => {
              if (isAbort(e) || signal.aborted) throw e;
              return null;
            });
        }
        setFirstRejections(first);
        setStep(2);
      }
    } catch (e) {
      if (!isAbort(e)) setError(errorMessage(e));
    } finally {
      if (!signal.aborted) setUploading(false);
    }
  };

  const apply = async (allOrNothing: boolean) => {
    if (!job) return;
    const signal = fresh();
    setApplying(allOrNothing ? 'all' : 'partial');
    setError(null);
    try {
      let j = await api.applyImport(job.id, { allOrNothing });
      setJob(j);
      j = await pollJob(j, 'applying', setJob, signal);
      setJob(j);
      setStep(3);
      if (j.state === 'applied') shell.refreshTree();
    } catch (e) {
      if (!isAbort(e)) setError(errorMessage(e));
    } finally {
      if (!signal.aborted) setApplying(null);
    }
  };

  const downloadTemplate = (k: ImportKind) =>
    api.downloadTemplate(k).then(
      (name) => message.success(`已下载：${name}`),
      (e: unknown) => message.error(errorMessage(e)),
    );

  return (
    <div>
      <div className="jc-page-head">
        <Typography.Title level={3} className="jc-page-title">
          数据导入
        </Typography.Title>
        <Typography.Text type="secondary">
          从 Excel 台账批量导入党组织或党员。系统先逐行检查并预览结果，确认后才写入。
        </Typography.Text>
      </div>
      <Card variant="borderless">
        <Steps
          current={step}
          status={step === 3 ? (job?.state === 'applied' ? 'finish' : 'error') : error ? 'error' : 'process'}
          style={{ marginBottom: 24 }}
          items={[{ title: '选择类型' }, { title: '上传文件' }, { title: '检查结果' }, { title: '完成' }]}
        />

        {step === 0 && (
          <ChooseKind kind={kind} onKind={setKind} onTemplate={downloadTemplate} onNext={() => setStep(1)} />
        )}

        {step === 1 && (
          <UploadStep
            kind={kind}
            job={job}
            uploading={uploading}
            error={error}
            onFile={upload}
            onBack={() => restart(0)}
            onTemplate={() => downloadTemplate(kind)}
          />
        )}

        {step === 2 && job?.result && (
          <ReviewStep
            job={job}
            result={job.result}
            firstRejections={firstRejections}
            applying={applying}
            error={error}
            onApply={apply}
            onReupload={() => restart(1)}
          />
        )}

        {step === 3 && job && (
          <DoneStep
            job={job}
            onAgain={() => restart(0)}
            onBack={() => {
              setError(null);
              setStep(2);
            }}
            onHome={() => navigate('/')}
          />
        )}
      </Card>
    </div>
  );
}

function ChooseKind({
  kind,
  onKind,
  onTemplate,
  onNext,
}: {
  kind: ImportKind;
  onKind: (k: ImportKind) => void;
  onTemplate: (k: ImportKind) => void;
  onNext: () => void;
}) {
  return (
    <div style={{ maxWidth: 1040 }}>
      <Typography.Paragraph>请选择要导入的数据：</Typography.Paragraph>
      <Radio.Group
        value={kind}
        onChange={(e) => onKind(e.target.value as ImportKind)}
        style={{ width: '100%' }}
        aria-label="导入类型"
      >
        <Row gutter={[16, 16]}>
          {(['orgs', 'members', 'meetings', 'dues-bases', 'dues', 'applicants', 'screening'] as const).map(
            (k) => (
              <Col xs={24} sm={12} lg={8} key={k}>
                <Card
                  size="small"
                  hoverable
                  onClick={() => onKind(k)}
                  style={{ borderColor: kind === k ? '#c81623' : undefined, height: '100%' }}
                >
                  <Radio value={k}>
                    <Space>
                      {k === 'orgs' ? (
                        <ApartmentOutlined aria-hidden />
                      ) : k === 'members' ? (
                        <TeamOutlined aria-hidden />
                      ) : (
                        <CalendarOutlined aria-hidden />
                      )}
                      <strong>{KIND_ZH[k]}</strong>
                    </Space>
                  </Radio>
                  <Typography.Paragraph type="secondary" style={{ margin: '8px 0 8px 24px' }}>
                    {KIND_NOTE[k]}
                  </Typography.Paragraph>
                  <Button
                    type="link"
                    icon={<DownloadOutlined aria-hidden />}
                    style={{ paddingLeft: 24 }}
                    onClick={(e) => {
                      e.stopPropagation();
                      onTemplate(k);
                    }}
                  >
                    下载{KIND_ZH[k]}导入模板
                  </Button>
                </Card>
              </Col>
            ),
          )}
        </Row>
      </Radio.Group>
      <div style={{ marginTop: 24 }}>
        <Button type="primary" onClick={onNext}>
          下一步
        </Button>
      </div>
    </div>
  );
}

function UploadStep({
  kind,
  job,
  uploading,
  error,
  onFile,
  onBack,
  onTemplate,
}: {
  kind: ImportKind;
  job: ImportJob | null;
  uploading: boolean;
  error: string | null;
  onFile: (f: File) => void;
  onBack: () => void;
  onTemplate: () => void;
}) {
  const total = job?.progress.total ?? null;
  const done = job?.progress.done ?? 0;
  const pct = total ? Math.min(100, Math.round((done / total) * 100)) : 0;
  return (
    <div style={{ maxWidth: 720 }}>
      <Upload.Dragger
        accept=".xlsx,.csv"
        multiple={false}
        showUploadList={false}
        disabled={uploading}
        beforeUpload={(file) => {
          onFile(file);
          return Upload.LIST_IGNORE;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined aria-hidden />
        </p>
        <p className="ant-upload-text">点击或将{KIND_ZH[kind]}台账文件拖到此处上传</p>
        <p className="ant-upload-hint">支持 .xlsx 和 .csv，请使用下载的模板填写</p>
      </Upload.Dragger>

      {(uploading || job) && !error && (
        <div style={{ marginTop: 20 }} aria-live="polite">
          <Space style={{ marginBottom: 4 }}>
            <FileExcelOutlined aria-hidden />
            <span>{job?.fileName ?? '正在上传…'}</span>
          </Space>
          <Progress
            percent={total ? pct : job ? 99 : 0}
            status={uploading ? 'active' : 'normal'}
            showInfo={!!total}
            aria-label="文件检查进度"
          />
          <Typography.Text type="secondary">
            {!job
              ? '正在上传文件…'
              : total
                ? `正在检查：已读 ${done} / ${total} 行`
                : `正在读取文件：已读 ${done} 行`}
          </Typography.Text>
        </div>
      )}

      {error && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 20 }}
          title="文件无法导入"
          description={error}
          action={
            <Button size="small" onClick={onTemplate}>
              下载模板
            </Button>
          }
        />
      )}

      <Space style={{ marginTop: 24 }}>
        <Button onClick={onBack} disabled={uploading}>
          上一步
        </Button>
      </Space>
    </div>
  );
}

function ReviewStep({
  job,
  result,
  firstRejections,
  applying,
  error,
  onApply,
  onReupload,
}: {
  job: ImportJob;
  result: ImportJobResult;
  firstRejections: ImportRejectionPage | null;
  applying: null | 'partial' | 'all';
  error: string | null;
  onApply: (allOrNothing: boolean) => void;
  onReupload: () => void;
}) {
  const badRows = result.badRows;
  const problems = result.rejectedTotal;
  const toWrite = result.inserted + result.updated;
  const total = job.progress.total ?? null;
  const busy = applying !== null;
  return (
    <div>
      <Typography.Paragraph>
        <FileExcelOutlined aria-hidden /> {job.fileName}：共 {count(result.total)} 行{KIND_ZH[job.kind]}
        数据。以下是导入后将会发生的变化（尚未写入）：
      </Typography.Paragraph>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title="将新增"
              value={result.inserted}
              suffix="行"
              styles={{ content: { color: '#389e0d' } }}
            />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title="将更新"
              value={result.updated}
              suffix="行"
              styles={{ content: { color: '#1f6fbf' } }}
            />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title="无变化" value={result.unchanged} suffix="行" />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title="有问题"
              value={badRows}
              suffix="行"
              styles={{ content: { color: badRows ? '#cf1322' : undefined } }}
            />
          </Card>
        </Col>
      </Row>

      {problems > 0 ? (
        <>
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            title={`有 ${badRows} 行存在 ${problems} 个问题`}
            description="可以只导入无问题的行（有问题的行不写入，修改后再次导入即可），或修改文件后重新上传。"
          />
          <ProblemSummary result={result} />
          <RejectionList key={job.id} job={job} result={result} initial={firstRejections} />
        </>
      ) : (
        <Alert type="success" showIcon style={{ marginBottom: 12 }} title="所有行检查通过" />
      )}
      <WarningSummary result={result} kind={job.kind} />

      {busy && (
        <div style={{ marginTop: 16 }} aria-live="polite">
          <Progress
            percent={total && job.state === 'applying' ? Math.round((job.progress.done / total) * 100) : 99}
            status="active"
            aria-label="写入进度"
          />
          <Typography.Text type="secondary">正在写入…</Typography.Text>
        </div>
      )}
      {error && (
        <Alert type="error" showIcon style={{ marginTop: 16 }} title="导入失败" description={error} />
      )}

      <Space wrap style={{ marginTop: 20 }}>
        <Button
          type="primary"
          loading={applying === 'partial'}
          disabled={busy || toWrite === 0}
          onClick={() => onApply(false)}
        >
          只导入无问题的行
        </Button>
        <Button
          loading={applying === 'all'}
          disabled={busy || problems > 0 || toWrite === 0}
          onClick={() => onApply(true)}
        >
          全部无误才导入
        </Button>
        <Button icon={<ReloadOutlined aria-hidden />} disabled={busy} onClick={onReupload}>
          修改文件后重新上传
        </Button>
      </Space>
      {toWrite === 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {problems > 0 ? '没有可以写入的行。' : '文件中的数据与系统一致，无需导入。'}
        </Typography.Paragraph>
      )}
    </div>
  );
}

function DoneStep({
  job,
  onAgain,
  onBack,
  onHome,
}: {
  job: ImportJob;
  onAgain: () => void;
  onBack: () => void;
  onHome: () => void;
}) {
  if (job.state !== 'applied') {
    return (
      <Result
        status="error"
        title="导入未完成"
        subTitle={job.error?.message ?? '写入时出现问题，数据未改变'}
        extra={[
          <Button key="back" type="primary" onClick={onBack}>
            返回检查结果
          </Button>,
          <Button key="again" onClick={onAgain}>
            重新导入
          </Button>,
        ]}
      />
    );
  }
  const r = job.result;
  return (
    <>
      <Result
        status="success"
        title={`${KIND_ZH[job.kind]}数据导入完成`}
        subTitle={
          r
            ? `新增 ${r.inserted} 行，更新 ${r.updated} 行，无变化 ${r.unchanged} 行${r.badRows ? `，未导入有问题的 ${r.badRows} 行` : ''}。`
            : undefined
        }
        extra={[
          <Button key="home" type="primary" onClick={onHome}>
            查看党组织
          </Button>,
          <Button key="again" onClick={onAgain}>
            继续导入
          </Button>,
        ]}
      />
      {r && <WarningSummary result={r} kind={job.kind} />}
    </>
  );
}

/**
 * Values no code table knew (issue 9 #3): the rows were imported with the text kept and counted as 未归类 — one line
 * per column and value, and the way to the mapping screen for an account that may map.
 */
function WarningSummary({ result, kind }: { result: ImportJobResult; kind: ImportKind }) {
  const { perms } = useAuth();
  if (!result.warningTotal) return null;
  if (kind === 'meetings' || kind === 'dues' || kind === 'applicants')
    return <LedgerWarnings result={result} />;
  return (
    <Card
      size="small"
      title="未归类的写法（已导入）"
      style={{ marginBottom: 12 }}
      extra={
        perms.classify ? (
          <Link to="/classify">
            <Button size="small" type="primary">
              去归类
            </Button>
          </Link>
        ) : undefined
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        这些行已导入，按原文保存，统计中计为“未归类”；在归类页面选择对应的标准类别后，这些党员和今后导入的同样写法会自动归类。
        {perms.classify ? '' : '请联系县委组织部管理员归类。'}
      </Typography.Paragraph>
      <ul style={{ margin: 0, paddingInlineStart: 20 }} aria-label="未归类的写法">
        {result.warningSummary.map((w) => (
          <li key={`${w.column}-${w.value}`} style={{ marginBottom: 4 }}>
            <Typography.Text>{w.message}</Typography.Text>
            <Typography.Text type="secondary">
              （如第 {w.rows.join('、')} 行{w.count > w.rows.length ? '等' : ''}）
            </Typography.Text>
          </li>
        ))}
      </ul>
    </Card>
  );
}

/**
 * A ledger's suspicious rows (issue 11 item 8): imported, but worth a look — an absentee not on the roster, a name
 * two members share, counts that do not add up. One line per cause, then the rows (the first few hundred of each).
 */
function LedgerWarnings({ result }: { result: ImportJobResult }) {
  return (
    <Card
      size="small"
      title={`需要核对的行（${result.warningTotal} 处，仍会导入）`}
      style={{ marginBottom: 12 }}
    >
      <ul style={{ margin: '0 0 8px', paddingInlineStart: 20 }} aria-label="需要核对的问题汇总">
        {result.warningSummary.map((w) => (
          <li key={`${w.code}-${w.column}`} style={{ marginBottom: 4 }}>
            <Typography.Text>{w.message}</Typography.Text>
            <Typography.Text type="secondary">
              （如第 {w.rows.join('、')} 行{w.count > w.rows.length ? '等' : ''}）
            </Typography.Text>
          </li>
        ))}
      </ul>
      <ResponsiveTable<ImportWarning>
        size="small"
        rowKey={(w) => `${w.row}-${w.code}-${w.message}`}
        dataSource={result.warnings}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        aria-label="需要核对的行"
        columns={[
          { title: '行号', dataIndex: 'row', width: 72 },
          { title: '列', dataIndex: 'column', width: 140 },
          { title: '说明', dataIndex: 'message' },
        ]}
      />
    </Card>
  );
}

/** The problems, one line per cause (most frequent first), then the rows rejected only because of them. */
function ProblemSummary({ result }: { result: ImportJobResult }) {
  const causes = result.summary.filter((p) => !p.dependent);
  const dependent = result.summary.filter((p) => p.dependent);
  return (
    <Card size="small" title="问题汇总" style={{ marginBottom: 12 }}>
      {/* one sentence first: the causes, and the rows held back only by them */}
      <Typography.Paragraph strong style={{ marginBottom: 8 }}>
        {result.headline ?? importHeadline(result.summary)}
      </Typography.Paragraph>
      <ul style={{ margin: 0, paddingInlineStart: 20 }} aria-label="问题汇总">
        {[...causes, ...dependent].map((p) => (
          <li key={`${p.code}-${p.column}`} style={{ marginBottom: 4 }}>
            <Typography.Text strong={!p.dependent} type={p.dependent ? 'secondary' : undefined}>
              {problemLine(p)}
            </Typography.Text>
            <Typography.Text type="secondary">（{exampleRows(p)}）</Typography.Text>
          </li>
        ))}
      </ul>
    </Card>
  );
}

/** The rejected rows the server kept, a page at a time, optionally of one problem. */
function RejectionList({
  job,
  result,
  initial,
}: {
  job: ImportJob;
  result: ImportJobResult;
  /** the first page, when already fetched */
  initial: ImportRejectionPage | null;
}) {
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(FIRST_PAGE_SIZE);
  const [code, setCode] = useState<string | undefined>(undefined);
  const [rows, setRows] = useState<ImportRejection[]>(initial?.items ?? []);
  const [total, setTotal] = useState(initial?.total ?? 0);
  const [matching, setMatching] = useState(initial?.rejectedTotal ?? 0);
  const [loading, setLoading] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const [downloading, setDownloading] = useState(false);
  const haveFirst = useRef(initial !== null);
  useEffect(() => {
    if (haveFirst.current) {
      haveFirst.current = false;
      return;
    }
    const ctrl = new AbortController();
    setLoading(true);
    setFailed(null);
    api.importRejections(job.id, { page, pageSize, code }, ctrl.signal).then(
      (p) => {
        setRows(p.items);
        setTotal(p.total);
        setMatching(p.rejectedTotal);
        setLoading(false);
      },
      (e: unknown) => {
        if (isAbort(e)) return;
        setFailed(errorMessage(e));
        setLoading(false);
      },
    );
    return () => ctrl.abort();
  }, [job.id, page, pageSize, code]);

  const codes = useMemo(() => {
    const byCode = new Map<string, { label: string; count: number }>();
    for (const p of result.summary) {
      const cur = byCode.get(p.code);
      if (cur) cur.count += p.count;
      else
        byCode.set(p.code, { label: p.dependent ? '因所依赖的行有问题而未导入' : p.message, count: p.count });
    }
    return [...byCode].map(([value, v]) => ({ value, label: `${v.label}（${v.count} 行）` }));
  }, [result.summary]);

  const unlisted = result.rejectedTotal - result.rejectedListed;
  const download = async () => {
    setDownloading(true);
    try {
      const all: ImportRejection[] = [];
      for (let p = 1; ; p++) {
        const got = await api.importRejections(job.id, { page: p, pageSize: 500 });
        all.push(...got.items);
        if (all.length >= got.total || got.items.length === 0) break;
      }
      saveText(
        `${job.fileName.replace(/\.[^.]+$/, '')}-问题清单.csv`,
        rejectionsCsv(
          all,
          unlisted > 0
            ? `另有 ${unlisted} 个问题未列出（每类问题只列出前 ${LISTED_PER_PROBLEM} 行），请按问题汇总修改文件后重新上传`
            : null,
        ),
        'text/csv;charset=utf-8',
      );
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setDownloading(false);
    }
  };

  return (
    <>
      {unlisted > 0 && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={`问题较多：共 ${count(result.rejectedTotal)} 个问题，下面只列出其中 ${count(result.rejectedListed)} 个`}
          description={`每类问题只列出前 ${LISTED_PER_PROBLEM} 行，另有 ${unlisted} 个问题只计入上面的汇总。请按汇总修改文件后重新上传。`}
        />
      )}
      {failed && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title="问题清单加载失败"
          description={failed}
        />
      )}
      <ResponsiveTable<ImportRejection>
        size="small"
        rowKey={(r) => `${r.row}-${r.column}-${r.code}-${r.message}`}
        dataSource={rows}
        loading={loading}
        scroll={{ x: 640 }}
        pagination={{
          current: page,
          pageSize,
          total,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100],
          showTotal: (n) =>
            n < matching ? `列出 ${count(n)} 个问题（共 ${count(matching)} 个）` : `共 ${count(n)} 个问题`,
          onChange: (p, size) => {
            if (size !== pageSize) {
              setPageSize(size);
              setPage(1);
            } else setPage(p);
          },
        }}
        columns={[
          { title: '行号', dataIndex: 'row', width: 80 },
          { title: '列', dataIndex: 'column', width: 140 },
          { title: '说明', dataIndex: 'message' },
        ]}
        title={() => (
          <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
            <strong>问题清单</strong>
            <Space wrap>
              {codes.length > 1 && (
                <Select
                  size="small"
                  allowClear
                  placeholder="全部问题"
                  aria-label="只看某一类问题"
                  style={{ minWidth: 220, maxWidth: 360 }}
                  value={code}
                  options={codes}
                  onChange={(v: string | undefined) => {
                    setCode(v);
                    setPage(1);
                  }}
                />
              )}
              <Button
                size="small"
                icon={<DownloadOutlined aria-hidden />}
                loading={downloading}
                onClick={() => void download()}
              >
                下载问题清单
              </Button>
            </Space>
          </Space>
        )}
      />
    </>
  );
}
