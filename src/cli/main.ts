/** The `jiceng` command. Every command accepts --json, --data-dir and --database-url (or DATABASE_URL). */
import { complianceMapXlsx, getComplianceMap, periodZh } from '../services/compliance-map.js';
import { Command, Option } from 'commander';
import { loadConfig, type Config } from '../config.js';
import { openAnchorStore, openDatabase, startServer } from '../main.js';
import { PgliteThreadDb } from '../db/pglite-worker.js';
import { systemClock, type Ctx } from '../services/context.js';
import { runImport } from '../services/imports.js';
import { KEPT_PER_GROUP } from '../services/import-rejections.js';
import { exportMembers } from '../services/exports.js';
import { getLiveStats, getStats } from '../services/stats.js';
import { listGroups } from '../services/groups.js';
import { listHeartTalks } from '../services/heart-talks.js';
import { appraisalYear } from '../services/appraisals.js';
import { TODO_ZH } from '../domain/member/appraisal.js';
import { listTransfers } from '../services/transfers.js';
import {
  approveDecision,
  listLostContact,
  listMobile,
  listPendingDecisions,
  refuseDecision,
} from '../services/lifecycle.js';
import {
  TRANSFER_STATUSES,
  ABSENCE_FLAGS,
  DECISION_KINDS,
  DecisionApproveSchema,
  DecisionRefuseSchema,
} from '../shared/lifecycle.js';
import { getArticle9 } from '../services/article9.js';
import { warningsFor } from '../services/warnings.js';
import { warningAnalysis, warningTree } from '../services/warning-tree.js';
import { INDICATOR_BY_KEY, type IndicatorKey } from '../domain/supervision/indicators.js';
import { getTerms } from '../services/terms.js';
import { getCompliance } from '../services/meetings.js';
import { duesPartyStats, getDuesStatus } from '../services/dues.js';
import { duesContract } from '../shared/dues.js';
import { recruitmentOverdue, recruitmentStats, recruitmentSummary } from '../services/recruitment.js';
import { screening as screeningView } from '../services/screening.js';
import { divisionTableView, importDivisions } from '../services/divisions.js';
import { assessmentOf } from '../services/assessment.js';
import { reviewRound } from '../services/reviews.js';
import { REVIEW_GRADE_LABELS } from '../shared/reviews.js';
import { createDraw, listDraws, showDraw, verifyItem } from '../services/sampling.js';
import { DrawCreateSchema, RESULT_LABELS, SAMPLE_KIND_LABELS, type DrawView } from '../shared/sampling.js';
import { MEETING_KINDS, labelOf } from '../shared/codes.js';
import { listJobs, runJob } from '../services/jobs.js';
import { changeSetting, listSettingHistory, listSettings, settingsAt } from '../services/settings.js';
import { formatSettingValue, parseBandsText, type SettingKey } from '../policy/settings.js';
import { AppError, isAppError } from '../shared/errors.js';
import { isIsoDate } from '../shared/dates.js';
import { chineseHelp } from './help-zh.js';
import { ensureWebBuilt } from './web-build.js';
import { seedDemo } from '../services/demo.js';
import { withAuditSession, type Db } from '../db/client.js';
import {
  addGrant,
  createUser,
  endGrant,
  ensureFirstAdmin,
  listGrants,
  managedUserId,
} from '../services/accounts.js';
import { GRANT_ACTION_LABELS, GrantCreateSchema, GrantEndSchema, type GrantView } from '../shared/grants.js';
import { verifyAudit, writeAudit, type VerifyResult } from '../services/audit.js';
import { anchorAudit, type AnchorOutcome, type AuditAnchorStore } from '../services/audit-anchor.js';
import { backup, restore } from '../services/backup.js';
import { ROLES, type Role } from '../domain/access/policy.js';
import {
  ClassificationMapSchema,
  SettingUpdateSchema,
  UserCreateSchema,
  type ImportResult,
  ComplianceMapQuerySchema,
} from '../shared/schemas.js';
import { classificationOverview, mapClassification } from '../services/classification.js';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename, resolve } from 'node:path';

interface DbOpts {
  dataDir?: string;
  databaseUrl?: string;
  json?: boolean;
}

function configFrom(o: DbOpts): Config {
  return loadConfig({ JICENG_DATA_DIR: o.dataDir, DATABASE_URL: o.databaseUrl });
}

function withDb(cmd: Command): Command {
  return cmd
    .option('--data-dir <dir>', '嵌入式数据库目录（默认 ./data 或 JICENG_DATA_DIR）')
    .option('--database-url <url>', 'PostgreSQL 连接串（默认 DATABASE_URL）')
    .option('--json', '以 JSON 输出，便于脚本处理');
}

const ANCHOR_REFUSED: Record<string, string> = {
  anchor_forged: '链头锚点文件的校验码不对',
  tail_deleted: '锚点所记的记录已不在日志中',
  rewritten: '锚点所记的记录已被改写',
  hash_mismatch: '锚点之后有记录内容与哈希不符',
  chain_broken: '锚点之后有记录与前一条不衔接',
};

/** Says on stderr when the audit chain's head could not be anchored (stdout stays clean for --json). */
function warnAnchor(outcome: AnchorOutcome | { error: unknown }) {
  if ('error' in outcome)
    console.error(
      `警告：未能更新审计日志的链头锚点：${outcome.error instanceof Error ? outcome.error.message : String(outcome.error)}`,
    );
  else if (outcome.status === 'refused')
    console.error(
      `警告：审计日志与链头锚点不符（${ANCHOR_REFUSED[outcome.reason] ?? outcome.reason}，记录编号 ${outcome.id}），锚点未更新。请运行 jiceng audit verify`,
    );
}

/**
 * Opens the database, runs the command, then anchors the audit chain's head outside the database (see
 * services/audit-anchor.ts), also after a failed command: whatever it committed is anchored.
 */
async function withCtx<T>(
  o: DbOpts,
  fn: (ctx: Ctx, db: Db, anchors: AuditAnchorStore) => Promise<T>,
  opts: { quietAnchor?: boolean } = {},
): Promise<T> {
  const config = configFrom(o);
  let db: Db;
  try {
    db = await openDatabase(config);
  } catch (e) {
    // e.g. DATA_DIR_IN_USE: the folder is held by a running server (one process per embedded folder)
    fail(e, o.json);
  }
  const anchors = openAnchorStore(config);
  let failed = true;
  try {
    const audited = withAuditSession(db, { actorId: null, label: 'system:cli', ip: null });
    const settings = await settingsAt(db, systemClock.today());
    const r = await fn(
      { db: audited, clock: systemClock, actor: { kind: 'system', label: 'cli' }, settings },
      db,
      anchors,
    );
    failed = false;
    return r;
  } finally {
    try {
      const outcome = await anchorAudit(db, anchors);
      if (!opts.quietAnchor) warnAnchor(outcome);
    } catch (error) {
      // a failed command already reports its own error
      if (!failed) warnAnchor({ error });
    }
    await db.close();
  }
}

/** The reason a verification failed, in words. */
function verifyFailure(r: VerifyResult): string {
  const b = r.firstBroken!;
  switch (b.reason) {
    case 'hash_mismatch':
      return `审计日志被改动：第一条异常记录编号 ${b.id}（内容与哈希不符）`;
    case 'chain_broken':
    case 'order':
      return `审计日志被改动：第一条异常记录编号 ${b.id}（与前一条不衔接：有记录被删除、插入或调换）`;
    case 'anchor_forged':
      return '审计日志无法核验：链头锚点文件的校验码不对（锚点文件被伪造或改动，或密钥文件被更换）';
    case 'tail_deleted':
      return `审计日志被改动：锚点记录的第 ${b.id} 条（截至该条共 ${r.anchor?.entries ?? '?'} 条）已不在日志中或此前的记录变少了（日志末尾被删除或日志被清空）`;
    case 'rewritten':
      return `审计日志被改动：第 ${b.id} 条的哈希与锚点记录的不同（此前的记录被改写并重算了哈希）`;
  }
}

function verifySuccess(r: VerifyResult): string {
  const base = `审计日志完整：共 ${r.entries} 条，链头哈希 ${r.head ?? '（空）'}`;
  if (!r.anchor) return `${base}\n注意：链头尚未锚定（没有锚点文件），无法发现末尾记录被删除或整条链被重算`;
  return `${base}\n链头已锚定：截至第 ${r.anchor.id} 条（共 ${r.anchor.entries} 条，${r.anchor.at}）${r.unanchored ? `，之后又有 ${r.unanchored} 条新记录` : ''}`;
}

async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** A setting's value as typed on the command line: a number, a band list in short form, or JSON. */
function settingArg(raw: string): unknown {
  const t = raw.trim();
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  const bands = parseBandsText(t);
  if (bands) return bands;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return t;
  }
}

function fail(e: unknown, json: boolean | undefined, exit = 1): never {
  const err = isAppError(e)
    ? { code: e.code, message: e.message }
    : { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
  if (json) console.log(JSON.stringify({ error: err }));
  else console.error(`错误 [${err.code}]：${err.message}`);
  process.exit(exit);
}

export async function main(argv: string[]) {
  const program = chineseHelp(new Command('jiceng'))
    .description('基层党建组织管理平台 Jiceng')
    .showHelpAfterError('（加 --help 查看说明）');

  withDb(program.command('serve').description('启动网页和 API 服务（npm start）'))
    .addOption(new Option('--port <port>', '端口').env('PORT'))
    .addOption(new Option('--host <host>', '监听地址').env('HOST'))
    .option('--no-web-build', '不自动构建网页界面')
    .option(
      '--secure-cookies',
      '会话 Cookie 只经 HTTPS 发送（经 HTTPS 访问时使用；默认 JICENG_SECURE_COOKIES）',
    )
    .option(
      '--trust-proxy <addresses>',
      '信任的反向代理地址或网段，逗号分隔（如 127.0.0.1,10.0.0.0/8；默认 JICENG_TRUST_PROXY）',
    )
    .action(
      async (
        o: DbOpts & {
          port?: string;
          host?: string;
          webBuild: boolean;
          secureCookies?: boolean;
          trustProxy?: string;
        },
      ) => {
        if (o.webBuild) await ensureWebBuilt({ log: (s) => console.log(s) });
        const config = loadConfig({
          JICENG_DATA_DIR: o.dataDir,
          DATABASE_URL: o.databaseUrl,
          PORT: o.port ? Number(o.port) : undefined,
          HOST: o.host,
          JICENG_SECURE_COOKIES: o.secureCookies,
          JICENG_TRUST_PROXY: o.trustProxy
            ?.split(',')
            .map((x) => x.trim())
            .filter(Boolean),
        });
        let started: Awaited<ReturnType<typeof startServer>>;
        try {
          started = await startServer(config);
        } catch (e) {
          fail(e, false);
        }
        const { address, db, auditAnchoring } = started;
        // Ctrl+C or a service manager's stop: finish requests, close the database (PGlite writes its files and
        // the data folder's lock is released), then exit
        let stopping = false;
        const stop = () => {
          if (stopping) return;
          stopping = true;
          console.log('正在停止服务…');
          started.app.close().then(
            () => process.exit(0),
            () => process.exit(1),
          );
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        // the embedded database's thread lost (out of memory, a crash): every request would fail, so the process
        // ends with an error for its service manager to restart it (decision 0057's session 23 addendum)
        if (db instanceof PgliteThreadDb)
          db.onLost((e) => {
            console.error(`嵌入式数据库线程意外退出，服务停止：${e.message}`);
            process.exit(1);
          });
        const first = await ensureFirstAdmin({ db });
        auditAnchoring.touch();
        if (first) {
          console.log('');
          console.log('================ 首次启动：已创建系统管理员 ================');
          console.log(`  用户名：${first.username}`);
          console.log(`  密  码：${first.password}`);
          console.log('  此密码只显示这一次。首次登录后须修改密码。');
          console.log('============================================================');
          console.log('');
        }
        console.log(
          `Jiceng 已启动：${address}  （数据库：${db.kind === 'pglite' ? `嵌入式 ${config.JICENG_DATA_DIR}` : 'PostgreSQL'}）`,
        );
        console.log(`API 文档：${address}/api/docs`);
      },
    );

  withDb(program.command('migrate').description('执行数据库迁移')).action(async (o: DbOpts) => {
    await withCtx(o, async () => undefined);
    if (o.json) console.log(JSON.stringify({ ok: true }));
    else console.log('数据库已是最新结构');
  });

  program
    .command('build-web')
    .description('构建网页界面到 dist/web')
    .action(async () => {
      await ensureWebBuilt({ force: true, log: (s) => console.log(s) });
    });

  withDb(program.command('demo').description('生成演示数据（真实行政区划的演示县）'))
    .addOption(new Option('--scale <scale>', '规模').choices(['county', 'province']).default('county'))
    .option('--seed <n>', '随机种子', '20261122')
    .option('--members <n>', '省级规模的党员总数（默认 5000000）')
    .action(async (o: DbOpts & { scale: 'county' | 'province'; seed: string; members?: string }) => {
      try {
        const out = await withCtx(o, (ctx) =>
          seedDemo(ctx, {
            scale: o.scale,
            seed: Number(o.seed),
            ...(o.members ? { targetMembers: Number(o.members) } : {}),
            log: o.json ? undefined : (s: string) => console.log(s),
          }),
        );
        if (o.json) console.log(JSON.stringify(out));
      } catch (e) {
        fail(e, o.json);
      }
    });

  /** an import's problems, one line each (causes, then the rows rejected because of them) */
  const importSummaryLines = (r: ImportResult): string[] => {
    const lines = r.summary.map((p) => {
      const rows = `如第 ${p.rows.join('、')} 行${p.count > p.rows.length ? '等' : ''}`;
      return p.dependent
        ? `另有 ${p.count} 行因所依赖的行有问题未导入：[${p.column}] ${p.message}（${rows}）`
        : `${p.count} 行 [${p.column}] ${p.code}：${p.message}（${rows}）`;
    });
    if (r.rejectedTotal > r.rejected.length)
      lines.push(
        `共 ${r.rejectedTotal} 个问题，--json 列出其中 ${r.rejected.length} 个（每类问题最多前 ${KEPT_PER_GROUP} 行）`,
      );
    return lines;
  };
  /** problems listed row by row in the human output when there are at most this many */
  const IMPORT_LIST_MAX = 50;

  const imp = program.command('import').description('从 .xlsx 或 .csv 导入台账');
  const IMPORT_ZH = {
    orgs: '导入党组织',
    members: '导入党员',
    meetings: '导入三会一课台账（会议记录）',
    'dues-bases': '导入党费基数台账（党员类别、月工资基数、执行起始月份）',
    dues: '导入党费缴纳台账（缴纳月份、金额、日期、方式）',
    applicants: '导入发展党员台账（入党申请人、积极分子、发展对象、预备党员及已有步骤的日期）',
    screening: '导入软弱涣散村党组织台账（组织编码、排查年度、软弱涣散类型、主要问题、认定日期）',
    divisions:
      '导入本县村级区划名单（统计用区划代码、名称、城乡分类代码、所属乡镇代码；有任何问题行就全部不写入；仅县级管理员）',
  };
  for (const kind of [
    'orgs',
    'members',
    'meetings',
    'dues-bases',
    'dues',
    'applicants',
    'screening',
    'divisions',
  ] as const) {
    const cmd = withDb(imp.command(`${kind} <file>`).description(IMPORT_ZH[kind]));
    if (kind === 'divisions')
      cmd.option('--effective-from <date>', '名单的生效日期（默认今天，不能晚于今天）');
    cmd
      .option('--dry-run', '只检查，不写入')
      .option('--all-or-nothing', '有任何问题行就全部不写入')
      .option('--progress', '在标准错误输出上显示进度（每1万行）')
      .action(
        async (
          file: string,
          o: DbOpts & {
            dryRun?: boolean;
            allOrNothing?: boolean;
            progress?: boolean;
            effectiveFrom?: string;
          },
        ) => {
          let result;
          let shown = 0;
          const onProgress = (n: number) => {
            if (n - shown >= 10_000) {
              shown = n;
              process.stderr.write(`已处理 ${n} 行\n`);
            }
          };
          try {
            result = await withCtx(o, (ctx) =>
              kind === 'divisions'
                ? importDivisions(
                    ctx,
                    { path: file },
                    { dryRun: o.dryRun ?? false, effectiveFrom: o.effectiveFrom },
                  )
                : runImport(
                    ctx,
                    kind,
                    { path: file },
                    {
                      dryRun: o.dryRun ?? false,
                      allOrNothing: o.allOrNothing ?? false,
                      ...(o.progress ? { onProgress } : {}),
                    },
                  ),
            );
          } catch (e) {
            fail(
              e,
              o.json,
              isAppError(e) && (e.code === 'IMPORT_UNREADABLE' || e.code === 'IMPORT_NO_HEADER') ? 2 : 1,
            );
          }
          // --json: the counts, rejectedTotal, badRows, the summary and the kept rejections (a few hundred of each
          // problem at most, as the web shows them)
          if (o.json) console.log(JSON.stringify(result));
          else {
            console.log(
              `共 ${result.total} 行：新增 ${result.inserted}，更新 ${result.updated}，无变化 ${result.unchanged}，有问题 ${result.badRows} 行${o.dryRun ? '（仅检查，未写入）' : ''}`,
            );
            // one sentence first: the causes, and the rows held back only by them
            if (result.headline) console.log(result.headline);
            if (result.rejectedTotal) console.log('问题汇总：');
            for (const line of importSummaryLines(result)) console.log(`  ${line}`);
            // a ledger's suspicious rows: imported, one line per cause, then each row (issue 11 item 8)
            if (result.warningTotal && (kind === 'meetings' || kind === 'dues' || kind === 'applicants')) {
              console.log('提示（已导入，请核对）：');
              for (const w of result.warningSummary)
                console.log(
                  `  ${w.message}（如第 ${w.rows.join('、')} 行${w.count > w.rows.length ? '等' : ''}）`,
                );
              if (result.warningTotal <= IMPORT_LIST_MAX)
                for (const w of result.warnings) console.log(`  第${w.row}行 [${w.column}] ${w.message}`);
            }
            // values kept as typed (未归类): imported, one line per column and value (issue 9 #3)
            else if (result.warningTotal) {
              console.log('提示（已导入，统计为“未归类”）：');
              for (const w of result.warningSummary)
                console.log(
                  `  ${w.message}（如第 ${w.rows.join('、')} 行${w.count > w.rows.length ? '等' : ''}）；可用 jiceng classify map ${w.field} '${w.value}' 代码 归类`,
                );
            }
            // a short list is printed in full; a long one is summed up above (--json lists the kept rows)
            if (result.rejectedTotal && result.rejectedTotal <= IMPORT_LIST_MAX) {
              console.log('问题清单：');
              for (const r of result.rejected)
                console.log(`  第${r.row}行 [${r.column}] ${r.code}：${r.message}`);
            }
          }
          process.exitCode = result.rejectedTotal ? 3 : 0;
        },
      );
  }

  // the mapping of unclassified values (issue 9 #3, decision 0013)
  const classify = program
    .command('classify')
    .description('归类：把台账中无法对应标准类别的写法（统计为“未归类”）对应到标准类别');
  withDb(classify.command('list').description('列出未归类的写法及人数，以及本县已有的对照')).action(
    async (o: DbOpts) => {
      try {
        const view = await withCtx(o, (ctx) => classificationOverview(ctx));
        if (o.json) console.log(JSON.stringify(view));
        else {
          for (const f of view.fields) {
            console.log(`${f.zh}（${f.field}）：${f.values.length ? '' : '没有未归类的写法'}`);
            for (const v of f.values)
              console.log(`  “${v.raw}”：${v.persons} 人（在册党员 ${v.onRoster} 名）`);
          }
          if (view.synonyms.length) {
            console.log('本县对照：');
            for (const s of view.synonyms) console.log(`  ${s.field} “${s.raw}” → ${s.codeZh}（${s.code}）`);
          }
        }
      } catch (e) {
        fail(e, o.json);
      }
    },
  );
  withDb(
    classify
      .command('map <field> <raw> <code>')
      .description(
        '把某一写法对应到标准类别（field：ethnicity、education、occupation；code：标准代码），并立即用于已导入的党员和今后的导入',
      ),
  ).action(async (field: string, raw: string, code: string, o: DbOpts) => {
    try {
      const input = ClassificationMapSchema.safeParse({ field, raw, code });
      if (!input.success)
        throw new AppError(
          'VALIDATION_FAILED',
          `参数不正确：field 应为 ethnicity、education 或 occupation，raw 为原文，code 为标准代码`,
        );
      const out = await withCtx(o, (ctx) => mapClassification(ctx, input.data));
      if (o.json) console.log(JSON.stringify(out));
      else
        console.log(
          `已把“${out.raw}”对应为“${out.codeZh}”：${out.reclassified} 人已归类（在册党员 ${out.onRoster} 名），今后的导入也按此对应`,
        );
    } catch (e) {
      fail(e, o.json);
    }
  });

  const exp = program.command('export').description('导出到 .xlsx');
  withDb(exp.command('members <orgCode> <file>').description('导出某组织（含下级）的党员名册'))
    .option('--as-of <date>', '截至日期 YYYY-MM-DD')
    .option('--full', '导出完整身份证号和电话（可再次导入）')
    .action(async (orgCode: string, file: string, o: DbOpts & { asOf?: string; full?: boolean }) => {
      try {
        if (o.asOf && !isIsoDate(o.asOf)) throw new AppError('VALIDATION_FAILED', '日期格式应为 YYYY-MM-DD');
        const out = await withCtx(o, (ctx) =>
          exportMembers(
            ctx,
            orgCode,
            o.asOf ? { asOf: o.asOf } : {},
            { path: file },
            { full: o.full ?? false },
          ),
        );
        if (o.json) console.log(JSON.stringify({ file, rows: out.rows }));
        else console.log(`已导出 ${out.rows} 名党员到 ${file}`);
      } catch (e) {
        fail(e, o.json);
      }
    });

  withDb(program.command('stats <orgCode>').description('某组织（含全部下级）的党员统计'))
    .option('--as-of <date>', '统计截至日期 YYYY-MM-DD')
    .option('--live', '不用预计算结果，按历史数据重新统计')
    .action(async (orgCode: string, o: DbOpts & { asOf?: string; live?: boolean }) => {
      try {
        if (o.asOf && !isIsoDate(o.asOf)) throw new AppError('VALIDATION_FAILED', '日期格式应为 YYYY-MM-DD');
        const s = await withCtx(o, (ctx) =>
          o.live ? getLiveStats(ctx, orgCode, o.asOf) : getStats(ctx, orgCode, o.asOf),
        );
        if (o.json) console.log(JSON.stringify(s));
        else {
          console.log(
            `${s.orgName}（${s.org}）截至 ${s.asOf}：党员 ${s.members.total} 名（正式 ${s.members.full}，预备 ${s.members.probationary}）`,
          );
          console.log(
            `  男 ${s.sex.male}，女 ${s.sex.female}；汉族 ${s.ethnicity.han}，少数民族 ${s.ethnicity.minority}${s.ethnicity.unclassified ? `，民族未归类 ${s.ethnicity.unclassified}` : ''}`,
          );
          console.log(
            `  年龄：${Object.entries(s.ageBands)
              .map(([k, v]) => `${k} ${v}`)
              .join('，')}`,
          );
          console.log(`  党组织 ${s.orgs.total} 个`);
        }
      } catch (e) {
        fail(e, o.json);
      }
    });

  withDb(
    program
      .command('compliance <orgCode>')
      .description(
        '组织生活落实情况：某组织（含全部下级）在一段时间内应开、已开、未开的会议（按月、季度、年度）',
      ),
  )
    .requiredOption('--from <date>', '开始日期 YYYY-MM-DD')
    .requiredOption('--to <date>', '结束日期 YYYY-MM-DD')
    .option(
      '--as-of <date>',
      '截至日期 YYYY-MM-DD（默认今天）：之后召开的会议不计，之后结束的月份、季度、年度不计',
    )
    .action(async (orgCode: string, o: DbOpts & { from: string; to: string; asOf?: string }) => {
      try {
        const c = await withCtx(
          o,
          (ctx) => getCompliance(ctx, orgCode, { from: o.from, to: o.to, asOf: o.asOf ?? null }),
          { quietAnchor: true },
        );
        if (o.json) console.log(JSON.stringify(c));
        else {
          console.log(`${c.org} ${c.from} 至 ${c.to}：${c.orgs.length} 个党组织有应开的会议`);
          for (const org of c.orgs) {
            const parts = org.items.map(
              (i) =>
                `${i.type === 'heart_talk' ? '谈心谈话' : labelOf(MEETING_KINDS, i.type)} ${i.held}/${i.expected}${i.missing.length ? `（未开 ${i.missing.join('、')}）` : ''}`,
            );
            console.log(`  ${org.name}（${org.code}）：${parts.join('；')}`);
          }
        }
      } catch (e) {
        fail(e, o.json);
      }
    });

  withDb(
    program
      .command('compliance-map <orgCode>')
      .description(
        '组织生活热力图：某类会议某年各党组织每月/季度已开、未开、进行中（可按乡镇筛选，可导出 .xlsx）',
      ),
  )
    .requiredOption('--year <year>', '年份，如 2026')
    .option(
      '--kind <kind>',
      '会议类型（theme_day、general_meeting、committee_meeting …、heart_talk）',
      'theme_day',
    )
    .option('--township <code>', '只看本组织下的某个乡镇（组织编码）')
    .option('--xlsx <file>', '同时导出为 .xlsx 文件')
    .action(
      async (
        orgCode: string,
        o: DbOpts & { year: string; kind: string; township?: string; xlsx?: string },
      ) => {
        try {
          const q = ComplianceMapQuerySchema.parse({ year: o.year, kind: o.kind, within: o.township });
          const m = await withCtx(
            o,
            (ctx) =>
              o.xlsx
                ? complianceMapXlsx(ctx, orgCode, q, { path: o.xlsx })
                : getComplianceMap(ctx, orgCode, q),
            { quietAnchor: true },
          );
          if (o.json) console.log(JSON.stringify(m));
          else {
            const t = m.totals;
            console.log(
              `${m.orgName} ${m.year}年 ${m.kind === 'heart_talk' ? '谈心谈话' : labelOf(MEETING_KINDS, m.kind)}：${t.orgs} 个党组织，应开 ${t.expected}，已开 ${t.held}，未开 ${t.missing}${t.pending ? `，进行中 ${t.pending}` : ''}`,
            );
            for (const r of m.rows)
              if (r.missing.length)
                console.log(`  ${r.name}（${r.code}）未开：${r.missing.map(periodZh).join('、')}`);
            if (o.xlsx) console.log(`已导出到 ${o.xlsx}`);
          }
        } catch (e) {
          fail(e, o.json);
        }
      },
    );

  withDb(
    program
      .command('groups <orgCode>')
      .description('党小组：某支部某日（默认今天）的党小组、组长和成员，以及未编入党小组的党员'),
  )
    .option('--as-of <date>', '日期 YYYY-MM-DD（默认今天）')
    .action(async (orgCode: string, o: DbOpts & { asOf?: string }) => {
      try {
        if (o.asOf && !isIsoDate(o.asOf)) throw new AppError('VALIDATION_FAILED', '日期格式应为 YYYY-MM-DD');
        const g = await withCtx(o, (ctx) => listGroups(ctx, orgCode, o.asOf ?? null), { quietAnchor: true });
        if (o.json) console.log(JSON.stringify(g));
        else {
          console.log(`${g.org} ${g.asOf}：${g.groups.length} 个党小组`);
          for (const x of g.groups)
            console.log(
              `  ${x.name}（组长：${x.leaderName ?? '未指定'}）${x.members.length} 人：${x.members.map((m) => m.name).join('、')}`,
            );
          if (g.ungrouped.length)
            console.log(
              `  未编入党小组 ${g.ungrouped.length} 人：${g.ungrouped.map((m) => m.name).join('、')}`,
            );
        }
      } catch (e) {
        fail(e, o.json);
      }
    });

  withDb(
    program
      .command('dues <orgCode>')
      .description('党费情况：某组织（含全部下级）的党员某月应交、实交、欠交和提示（金额单位：分）'),
  )
    .requiredOption('--month <month>', '月份 YYYY-MM')
    .option('--as-of <date>', '截至日期 YYYY-MM-DD（默认今天）：之后的缴费不计，欠交算到该日所在月份')
    .option('--detail', '--json 时另附组织名称、人数、每名党员的所在组织、类别、基数、少交免交、状态等')
    .action(async (orgCode: string, o: DbOpts & { month: string; asOf?: string; detail?: boolean }) => {
      try {
        if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(o.month))
          throw new AppError('VALIDATION_FAILED', '月份格式应为 YYYY-MM');
        const s = await withCtx(
          o,
          (ctx) => getDuesStatus(ctx, orgCode, { month: o.month, asOf: o.asOf ?? null }),
          {
            quietAnchor: true,
          },
        );
        if (o.json) console.log(JSON.stringify(o.detail ? s : duesContract(s)));
        else {
          const y = (fen: number) => (fen / 100).toFixed(2);
          console.log(
            `${s.orgName}（${s.org}）${s.month} 截至 ${s.asOf}：党员 ${s.counts.members} 名，应交 ${y(s.totals.due)} 元，实交 ${y(s.totals.paid)} 元，累计欠交 ${y(s.totals.arrears)} 元`,
          );
          if (s.counts.unknown) console.log(`  未核定基数 ${s.counts.unknown} 名`);
          console.log(
            `  连续3个月以上未交 ${s.counts.threeMonths} 名，连续6个月以上未交（需研究处理） ${s.counts.sixMonths} 名`,
          );
          for (const m of s.members.filter((x) => x.flag))
            console.log(`  ${m.name}（${m.orgName}）：欠交 ${m.arrearsMonths} 个月 ${y(m.arrears)} 元`);
        }
      } catch (e) {
        fail(e, o.json);
      }
    });

  withDb(
    program
      .command('recruitment <orgCode>')
      .description(
        '发展党员：某组织（含全部下级）各阶段人数（入党申请人、积极分子、发展对象、预备党员）、逾期步骤、多年未发展党员的支部',
      ),
  )
    .option('--as-of <date>', '截至日期 YYYY-MM-DD（默认今天）')
    .action(async (orgCode: string, o: DbOpts & { asOf?: string }) => {
      try {
        const s = await withCtx(o, (ctx) => recruitmentSummary(ctx, orgCode, o.asOf ?? null), {
          quietAnchor: true,
        });
        if (o.json) console.log(JSON.stringify(s));
        else {
          console.log(
            `${s.orgName}（${s.org}）截至 ${s.asOf}：入党申请人 ${s.stages.applicant}，入党积极分子 ${s.stages.activist}，发展对象 ${s.stages.candidate}，预备党员 ${s.stages.probationary}`,
          );
          console.log(`  逾期步骤 ${s.overdue.length} 个`);
          for (const x of s.overdue.slice(0, 20))
            console.log(`    ${x.person}（${x.orgName}）：${x.stepZh}，期限 ${x.due}`);
          console.log(`  ${s.idleYears}年以上未发展党员的支部 ${s.branchesWithoutAdmission.length} 个`);
          for (const b of s.branchesWithoutAdmission.slice(0, 20))
            console.log(
              `    ${b.name}（${b.code}）：${b.lastAdmitted ? `最近一次 ${b.lastAdmitted}，${b.years} 年` : '没有接收记录'}`,
            );
        }
      } catch (e) {
        fail(e, o.json);
      }
    });

  withDb(
    program
      .command('recruitment-overdue <orgCode>')
      .description(
        '发展党员逾期步骤：某组织（含全部下级）已过期限的下一步骤，按期限先后（与 jiceng recruitment 的逾期步骤相同）',
      ),
  )
    .option('--as-of <date>', '截至日期 YYYY-MM-DD（默认今天）')
    .action(async (orgCode: string, o: DbOpts & { asOf?: string }) => {
      try {
        const s = await withCtx(o, (ctx) => recruitmentOverdue(ctx, orgCode, o.asOf ?? null), {
          quietAnchor: true,
        });
        if (o.json) console.log(JSON.stringify(s));
        else {
          console.log(`${s.orgName}（${s.org}）截至 ${s.asOf}：逾期步骤 ${s.overdue.length} 个`);
          for (const x of s.overdue) console.log(`  ${x.person}（${x.orgName}）：${x.stepZh}，期限 ${x.due}`);
        }
      } catch (e) {
        fail(e, o.json);
      }
    });

  withDb(
    program
      .command('reviews <orgCode>')
      .description(
        '书记抓基层党建述职评议：某党委某年度评议的直接下级党组织书记、述职与等次、待办的结果运用事项，以及下级党委的评议情况',
      ),
  )
    .requiredOption('--year <year>', '评议年度，如 2026')
    .action(async (orgCode: string, o: DbOpts & { year: string }) => {
      try {
        if (!/^\d{4}$/.test(o.year)) throw new AppError('VALIDATION_FAILED', '年度应为4位数字');
        const r = await withCtx(o, (ctx) => reviewRound(ctx, orgCode, Number(o.year)), { quietAnchor: true });
        if (o.json) console.log(JSON.stringify(r));
        else {
          const c = r.counts;
          console.log(
            `${r.orgName}（${r.org}）${r.year}年度书记述职评议：${r.round ? `名单日期 ${r.round.asOf}，评议会议 ${r.round.heldOn ?? '未召开'}` : '尚未开始'}；述职 ${c.reported}/${c.reporters} 人，已评定 ${c.graded} 人（好 ${c.good}，较好 ${c.fairly_good}，一般 ${c.average}，差 ${c.poor}）`,
          );
          for (const x of r.secretaries)
            console.log(
              `  ${x.orgName}（${x.orgCode}）：${x.name ?? '书记空缺'}${x.grade ? `，${REVIEW_GRADE_LABELS[x.grade]}` : ''}`,
            );
          for (const t of r.toDos) console.log(`  待办：${t.orgName} ${t.name}：${t.zh}`);
          for (const b of r.below)
            console.log(`  下级 ${b.orgName}（${b.orgCode}）：述职 ${b.entries} 人，已评定 ${b.graded} 人`);
        }
      } catch (e) {
        fail(e, o.json);
      }
    });

  withDb(
    program
      .command('screening <orgCode>')
      .description(
        '软弱涣散排查：某组织（含全部下级）某年度每个村（社区）党组织的提示类型及依据、县里认定的类型，及“整顿软弱涣散基层党组织情况”统计表',
      ),
  )
    .requiredOption('--year <year>', '排查年度，如 2026')
    .option('--as-of <date>', '截至日期 YYYY-MM-DD（默认该年年底或今天）')
    .action(async (orgCode: string, o: DbOpts & { year: string; asOf?: string }) => {
      try {
        const year = Number(o.year);
        if (!/^\d{4}$/.test(o.year)) throw new AppError('VALIDATION_FAILED', '年度应为4位数字');
        const s = await withCtx(o, (ctx) => screeningView(ctx, orgCode, year, o.asOf ?? null), {
          quietAnchor: true,
        });
        if (o.json) console.log(JSON.stringify(s));
        else {
          console.log(
            `${s.orgName}（${s.org}）${s.year}年软弱涣散排查，截至 ${s.asOf}：排查 ${s.table.screened} 个，认定 ${s.table.confirmed} 个${s.ratioReference === null ? '（本县不设比例）' : `（本县参考比例 ${s.ratioPercent}%，约 ${s.ratioReference} 个，仅供参考）`}`,
          );
          for (const t of s.table.byType.filter((x) => x.count))
            console.log(`  第${t.type}类 ${t.label}：${t.count} 个，占 ${t.percent}%`);
          const m = s.table.measures;
          console.log(
            `  结对帮扶单位 ${m.pairingUnits}，县级联系领导 ${m.liaisonLeaders}，第一书记 ${m.firstSecretaries}，驻村干部 ${m.residentCadres}，已解决问题 ${m.problemsSolved}，整顿提升 ${m.rectified}`,
          );
          for (const x of s.orgs.filter((r) => r.confirmed.length || r.suggested.length).slice(0, 50))
            console.log(
              `  ${x.name}（${x.code}）：${x.confirmed.length ? `已认定第${x.confirmed.join('、')}类` : '未认定'}${x.suggested.length ? `；提示第${x.suggested.map((g) => g.type).join('、')}类` : ''}`,
            );
        }
      } catch (e) {
        fail(e, o.json);
      }
    });

  withDb(
    program
      .command('divisions')
      .description(
        '本县村级区划名单：今天适用的版本、各乡镇（街道）的社区数、村数和未建党组织的村（社区）数，以及历次导入的版本（导入用 jiceng import divisions）',
      ),
  ).action(async (o: DbOpts) => {
    try {
      const v = await withCtx(o, (ctx) => divisionTableView(ctx), { quietAnchor: true });
      if (o.json) console.log(JSON.stringify(v));
      else if (!v.table) console.log('尚未导入村级区划名单：“村（社区）未建党组织”指标不计算');
      else {
        console.log(
          `${v.county?.orgName ?? v.table.countyCode}（${v.table.countyCode}）村级区划名单，${v.table.effectiveFrom}起适用：${v.table.townships} 个乡镇（街道），${v.table.villages} 个村级区划；来源 ${v.table.source}`,
        );
        for (const t of v.byTownship)
          console.log(
            `  ${t.name}（${t.code}）：社区 ${t.communities}，村 ${t.villages}${t.other ? `，其他 ${t.other}` : ''}；未建党组织 ${t.uncovered}`,
          );
      }
    } catch (e) {
      fail(e, o.json);
    }
  });

  withDb(
    program
      .command('assessment <orgCode>')
      .description(
        '分类考核：某党组织某年度逐月得分（各考核项目得分及依据）、全年累计得分、月均得分和星级（按本县考核方案）',
      ),
  )
    .requiredOption('--year <year>', '考核年度，如 2026')
    .action(async (orgCode: string, o: DbOpts & { year: string }) => {
      try {
        if (!/^\d{4}$/.test(o.year)) throw new AppError('VALIDATION_FAILED', '年度应为4位数字');
        const a = await withCtx(o, (ctx) => assessmentOf(ctx, orgCode, Number(o.year)), {
          quietAnchor: true,
        });
        if (o.json) console.log(JSON.stringify(a));
        else {
          console.log(
            `${a.orgName}（${a.org}）${a.year}年分类考核：${a.category ? a.category.zh : '未设置考核类别'}；${a.result.months}个月累计 ${a.result.total} 分（满分 ${a.result.max}），月均 ${a.result.average ?? '—'} 分，${a.result.starsZh}${a.result.rectifySuggested ? '（低于本县提示星级，建议列入软弱涣散排查参考）' : ''}`,
          );
          for (const m of a.months)
            console.log(
              `  ${m.month}（${m.category.zh}）${m.score} 分：${m.items.map((i) => `${i.zh}${i.score}/${i.points}`).join('，')}`,
            );
        }
      } catch (e) {
        fail(e, o.json);
      }
    });

  withDb(
    program
      .command('recruitment-stats <orgCode>')
      .description(
        '发展党员统计（党内统计口径）：某组织（含全部下级）各年度发展党员数及其中女性、少数民族、35岁及以下、大专及以上、生产工作一线、各职业人数，预备党员转正数',
      ),
  )
    .option('--from <year>', '起始年度（默认截止年度前4年）')
    .option('--to <year>', '截止年度（默认今年）')
    .action(async (orgCode: string, o: DbOpts & { from?: string; to?: string }) => {
      try {
        const year = (v: string | undefined) => {
          if (v === undefined) return undefined;
          if (!/^\d{4}$/.test(v)) throw new AppError('VALIDATION_FAILED', '年度应为4位数字');
          return Number(v);
        };
        const range = { from: year(o.from), to: year(o.to) };
        const s = await withCtx(o, (ctx) => recruitmentStats(ctx, orgCode, range), { quietAnchor: true });
        if (o.json) console.log(JSON.stringify(s));
        else {
          console.log(`${s.orgName}（${s.org}）发展党员统计 ${s.from}—${s.to}年`);
          for (const y of s.years)
            console.log(
              `  ${y.year}年：发展党员 ${y.admitted} 名（女 ${y.women}，少数民族 ${y.minorities}，35岁及以下 ${y.young}，大专及以上 ${y.college}，生产工作一线 ${y.frontLine}），转正 ${y.confirmed} 名`,
            );
        }
      } catch (e) {
        fail(e, o.json);
      }
    });

  withDb(
    program
      .command('dues-stats <orgCode>')
      .description(
        '党内统计年报表2 党费情况：按时按标准交纳、经批准少交、免交、自愿一次性多交1000元以上的人数',
      ),
  )
    .requiredOption('--year <year>', '年度，如 2026')
    .option('--as-of <date>', '截至日期 YYYY-MM-DD（默认该年年底或今天）')
    .action(async (orgCode: string, o: DbOpts & { year: string; asOf?: string }) => {
      try {
        const year = Number(o.year);
        if (!Number.isInteger(year)) throw new AppError('VALIDATION_FAILED', '年度应为4位数字');
        const s = await withCtx(o, (ctx) => duesPartyStats(ctx, orgCode, { year, asOf: o.asOf ?? null }), {
          quietAnchor: true,
        });
        if (o.json) console.log(JSON.stringify(s));
        else
          console.log(
            `${s.org} ${s.year}年（截至 ${s.asOf}）：应交党费党员 ${s.members} 名，按时按标准交纳 ${s.paidInFull}，经批准少交 ${s.reduced}，免交 ${s.exempt}，自愿一次性多交1000元以上 ${s.voluntaryOver1000}，未核定 ${s.unknown}`,
          );
      } catch (e) {
        fail(e, o.json);
      }
    });

  withDb(
    program
      .command('heart-talks <orgCode>')
      .description('谈心谈话：某组织某年（默认今年）的谈心谈话记录，以及名册上还没有与支委谈心谈话的党员'),
  )
    .option('--year <year>', '年份 YYYY（默认今年）')
    .action(async (orgCode: string, o: DbOpts & { year?: string }) => {
      try {
        const t = await withCtx(o, (ctx) => listHeartTalks(ctx, orgCode, o.year ?? null), {
          quietAnchor: true,
        });
        if (o.json) console.log(JSON.stringify(t));
        else {
          console.log(`${t.org} ${t.year}年：谈心谈话 ${t.talks.length} 次`);
          for (const x of t.talks)
            console.log(
              `  ${x.heldOn} ${x.people.map((p) => p.name).join('、')}${x.note ? `：${x.note}` : ''}`,
            );
          console.log(
            `  还没有与支委谈心谈话 ${t.missing.length} 人${t.missing.length ? `：${t.missing.map((m) => m.name).join('、')}` : ''}`,
          );
        }
      } catch (e) {
        fail(e, o.json);
      }
    });

  withDb(
    program
      .command('warnings <orgCode>')
      .description(
        '预警：某组织（含全部下级）在某日未解除的红色、黄色预警，每条带起始日期和依据；--json 输出 {"org","asOf","warnings":[{"org","indicator","level","since","evidence","explained"}]}',
      ),
  )
    .option('--as-of <date>', '截至日期 YYYY-MM-DD（默认今天）')
    .action(async (orgCode: string, o: DbOpts & { asOf?: string }) => {
      try {
        const w = await withCtx(o, (ctx) => warningsFor(ctx, orgCode, o.asOf ?? null), { quietAnchor: true });
        if (o.json) console.log(JSON.stringify(w));
        else {
          const red = w.warnings.filter((x) => x.level === 'red').length;
          console.log(`${w.org} 截至 ${w.asOf}：红色预警 ${red} 条，黄色预警 ${w.warnings.length - red} 条`);
          for (const x of w.warnings)
            console.log(
              `  [${x.level === 'red' ? '红' : '黄'}] ${x.org} ${INDICATOR_BY_KEY.get(x.indicator as IndicatorKey)?.zh ?? x.indicator}（自 ${x.since}${x.explained ? '，已说明' : ''}）：${x.evidence.join('；')}`,
            );
        }
      } catch (e) {
        fail(e, o.json);
      }
    });

  withDb(
    program
      .command('warning-tree <orgCode>')
      .description(
        '预警组织树：某组织及全部下级组织，每个组织本身预警的最高等级和指标、下级中有红色或仅有黄色预警的组织数（按组织顺序，不排名）',
      ),
  )
    .option('--indicator <key>', '只看某一指标（如 org_life）')
    .action(async (orgCode: string, o: DbOpts & { indicator?: string }) => {
      try {
        const t = await withCtx(o, (ctx) => warningTree(ctx, orgCode, o.indicator ?? null), {
          quietAnchor: true,
        });
        if (o.json) console.log(JSON.stringify(t));
        else
          for (const n of t.nodes)
            console.log(
              `${'  '.repeat(n.depth)}${n.level === 'red' ? '[红] ' : n.level === 'amber' ? '[黄] ' : ''}${n.name}（${n.code}）${n.below.orgs ? `：下级 ${n.below.orgs} 个，红 ${n.below.red}，黄 ${n.below.amber}` : ''}`,
            );
      } catch (e) {
        fail(e, o.json);
      }
    });

  withDb(
    program
      .command('warning-analysis <orgCode>')
      .description(
        '预警分析视图（本县设置“预警分析视图”开启时）：各项指标在本组织直属各单位（乡镇、街道）中的红色、黄色预警组织数和占比（按组织顺序，不排名）',
      ),
  ).action(async (orgCode: string, o: DbOpts) => {
    try {
      const a = await withCtx(o, (ctx) => warningAnalysis(ctx, orgCode), { quietAnchor: true });
      if (o.json) console.log(JSON.stringify(a));
      else {
        const zh = new Map(a.indicators.map((i) => [i.key, i.zh]));
        for (const g of [...a.groups, a.total]) {
          console.log(`${g.name}（${g.code}）：${g.orgs} 个组织，有红色预警 ${g.red}，仅黄色 ${g.amber}`);
          for (const x of g.byIndicator.filter((i) => i.red + i.amber))
            console.log(
              `  ${zh.get(x.indicator) ?? x.indicator}：红 ${x.red}，黄 ${x.amber}，占 ${x.percent}%`,
            );
        }
      }
    } catch (e) {
      fail(e, o.json);
    }
  });

  withDb(
    program
      .command('appraisals <orgCode>')
      .description(
        '民主评议党员：某组织（含全部下级）某年（默认今年）各支部评议召开和等次录入情况、优秀比例提醒，以及不合格、基本合格党员待办的结果运用事项',
      ),
  )
    .option('--year <year>', '年份 YYYY（默认今年）')
    .action(async (orgCode: string, o: DbOpts & { year?: string }) => {
      try {
        const a = await withCtx(o, (ctx) => appraisalYear(ctx, orgCode, o.year ?? null), {
          quietAnchor: true,
        });
        if (o.json) console.log(JSON.stringify(a));
        else {
          const st = { not_held: '未召开', not_graded: '已召开，等次未录入', graded: '已评定' } as const;
          console.log(`${a.org} ${a.year}年民主评议党员：应开展 ${a.orgs.length} 个组织`);
          for (const x of a.orgs)
            console.log(
              `  ${x.name}（${x.code}）：${st[x.status]}${x.status === 'graded' ? `，优秀 ${x.counts.excellent}、合格 ${x.counts.qualified}、基本合格 ${x.counts.basically_qualified}、不合格 ${x.counts.unqualified}，预备党员不评定等次 ${x.ungraded}${x.excellentOverShare ? '（优秀超过三分之一）' : ''}` : ''}`,
            );
          console.log(`  待办的结果运用事项 ${a.toDos.length} 项`);
          for (const t of a.toDos)
            console.log(`  ${t.name}（${t.orgName}，${t.year}年）：${TODO_ZH[t.toDo]}`);
        }
      } catch (e) {
        fail(e, o.json);
      }
    });

  withDb(
    program
      .command('article9 <orgCode>')
      .description(
        '党章第九条提示：某组织（含全部下级）连续3个月（提示）或6个月（需研究处理）无正当理由不参加组织生活或不交纳党费的党员（只作提示，不改变党员状态）',
      ),
  )
    .option('--as-of <date>', '截至日期 YYYY-MM-DD（默认今天）')
    .action(async (orgCode: string, o: DbOpts & { asOf?: string }) => {
      try {
        const a = await withCtx(o, (ctx) => getArticle9(ctx, orgCode, o.asOf ?? null), { quietAnchor: true });
        if (o.json) console.log(JSON.stringify(a));
        else {
          console.log(
            `${a.orgName}（${a.org}）截至 ${a.asOf}：连续6个月（需研究处理）${a.counts.sixMonths} 名，连续3个月（提示）${a.counts.threeMonths} 名`,
          );
          const what = { org_life: '未参加组织生活', dues: '未交党费' } as const;
          for (const m of a.members)
            console.log(
              `  ${m.name}（${m.orgName}）：${m.grounds.map((g) => `自 ${g.since} 起连续 ${g.months} 个月${what[g.ground]}`).join('；')}`,
            );
        }
      } catch (e) {
        fail(e, o.json);
      }
    });

  withDb(
    program
      .command('transfers <orgCode>')
      .description(
        '组织关系转接：某组织及下级组织转出和转入的党员，及其状态（待接收、已接收、已退回、在途、已超期）',
      ),
  )
    .option('--as-of <date>', '日期 YYYY-MM-DD（默认今天）')
    .action(async (orgCode: string, o: DbOpts & { asOf?: string }) => {
      try {
        if (o.asOf && !isIsoDate(o.asOf)) throw new AppError('VALIDATION_FAILED', '日期格式应为 YYYY-MM-DD');
        const t = await withCtx(o, (ctx) => listTransfers(ctx, orgCode, { asOf: o.asOf ?? null }), {
          quietAnchor: true,
        });
        if (o.json) console.log(JSON.stringify(t));
        else {
          const line = (x: (typeof t.outgoing)[number], other: string) =>
            `  ${x.issuedOn} ${x.name} ${other} ${labelOf(TRANSFER_STATUSES, x.status)}（有效期至 ${x.validUntil}）`;
          console.log(
            `${t.orgName}（${t.org}）${t.asOf}：转出 ${t.outgoing.length}，转入 ${t.incoming.length}`,
          );
          for (const x of t.outgoing) console.log(line(x, `→ ${x.toOrg?.name ?? x.externalOrg}`));
          for (const x of t.incoming) console.log(line(x, `← ${x.fromOrg?.name ?? x.externalOrg}`));
        }
      } catch (e) {
        fail(e, o.json);
      }
    });

  withDb(
    program
      .command('mobile-members <orgCode>')
      .description(
        '流动党员：某组织及下级组织外出的党员及提示（应转移组织关系、出国党员超过半年未联系），以及在本组织参加组织生活的外地党员',
      ),
  )
    .option('--as-of <date>', '日期 YYYY-MM-DD（默认今天）')
    .action(async (orgCode: string, o: DbOpts & { asOf?: string }) => {
      try {
        if (o.asOf && !isIsoDate(o.asOf)) throw new AppError('VALIDATION_FAILED', '日期格式应为 YYYY-MM-DD');
        const t = await withCtx(o, (ctx) => listMobile(ctx, orgCode, { asOf: o.asOf ?? null }), {
          quietAnchor: true,
        });
        if (o.json) console.log(JSON.stringify(t));
        else {
          console.log(
            `${t.orgName}（${t.org}）${t.asOf}：外出 ${t.outflow.length} 人，外地党员 ${t.hosted.length} 人`,
          );
          for (const x of t.outflow)
            console.log(
              `  ${x.name}（${x.orgName}）${x.since} 起在 ${x.place}${x.flags.length ? `：${x.flags.map((f) => labelOf(ABSENCE_FLAGS, f)).join('；')}` : ''}`,
            );
        }
      } catch (e) {
        fail(e, o.json);
      }
    });

  withDb(
    program
      .command('lost-contact <orgCode>')
      .description('失联党员：某组织及下级组织失联的党员，失联月数和提示（需研究停止党籍、需研究除名）'),
  )
    .option('--as-of <date>', '日期 YYYY-MM-DD（默认今天）')
    .action(async (orgCode: string, o: DbOpts & { asOf?: string }) => {
      try {
        if (o.asOf && !isIsoDate(o.asOf)) throw new AppError('VALIDATION_FAILED', '日期格式应为 YYYY-MM-DD');
        const t = await withCtx(o, (ctx) => listLostContact(ctx, orgCode, { asOf: o.asOf ?? null }), {
          quietAnchor: true,
        });
        if (o.json) console.log(JSON.stringify(t));
        else {
          console.log(`${t.orgName}（${t.org}）${t.asOf}：失联 ${t.members.length} 人`);
          for (const x of t.members)
            console.log(
              `  ${x.name}（${x.orgName}）${x.since} 起失联 ${x.months} 个月${x.flags.length ? `：${x.flags.map((f) => labelOf(ABSENCE_FLAGS, f)).join('；')}` : ''}`,
            );
        }
      } catch (e) {
        fail(e, o.json);
      }
    });

  const decisions = program
    .command('decisions')
    .description('党籍处置决定的批准：等待批准的决定，批准或不批准');
  withDb(
    decisions
      .command('pending <orgCode>', { isDefault: true })
      .description('等待某组织及其下级组织批准的党籍处置决定（批准前党员的党籍状态不变）'),
  ).action(async (orgCode: string, o: DbOpts) => {
    try {
      const list = await withCtx(o, (ctx) => listPendingDecisions(ctx, orgCode), { quietAnchor: true });
      if (o.json) console.log(JSON.stringify({ org: orgCode, pending: list }));
      else if (!list.length) console.log('没有等待批准的党籍处置决定');
      else
        for (const d of list)
          console.log(
            `#${d.id} ${d.name}（${d.memberOrgName}）${labelOf(DECISION_KINDS, d.kind)}，${d.decidingOrgName} ${d.decidedOn} 决定，待 ${d.approvingOrg.name} 批准（已等待 ${d.waitingDays} 天）`,
          );
    } catch (e) {
      fail(e, o.json);
    }
  });
  const decisionId = (id: string) => {
    const n = Number(id);
    if (!Number.isInteger(n) || n <= 0) throw new AppError('VALIDATION_FAILED', '决定编号应为正整数');
    return n;
  };
  withDb(decisions.command('approve <id>').description('批准一项党籍处置决定：党员的党籍状态自批准之日改变'))
    .requiredOption('--on <date>', '批准日期 YYYY-MM-DD')
    .option('--document-no <text>', '批准文号')
    .action(async (id: string, o: DbOpts & { on: string; documentNo?: string }) => {
      try {
        const input = DecisionApproveSchema.safeParse({ approvedOn: o.on, documentNo: o.documentNo ?? null });
        if (!input.success)
          throw new AppError('VALIDATION_FAILED', input.error.issues.map((i) => i.message).join('；'));
        const r = await withCtx(o, (ctx) => approveDecision(ctx, decisionId(id), input.data));
        const d = r.decisions.find((x) => x.id === Number(id));
        if (o.json) console.log(JSON.stringify(d));
        else console.log(`已批准：${labelOf(DECISION_KINDS, d!.kind)}，自 ${d!.effectiveOn} 起生效`);
      } catch (e) {
        fail(e, o.json);
      }
    });
  withDb(decisions.command('refuse <id>').description('不批准一项党籍处置决定（须写明理由）：党籍状态不变'))
    .requiredOption('--on <date>', '日期 YYYY-MM-DD')
    .requiredOption('--reason <text>', '不批准的理由')
    .action(async (id: string, o: DbOpts & { on: string; reason: string }) => {
      try {
        const input = DecisionRefuseSchema.safeParse({ refusedOn: o.on, reason: o.reason });
        if (!input.success)
          throw new AppError('VALIDATION_FAILED', input.error.issues.map((i) => i.message).join('；'));
        const r = await withCtx(o, (ctx) => refuseDecision(ctx, decisionId(id), input.data));
        const d = r.decisions.find((x) => x.id === Number(id));
        if (o.json) console.log(JSON.stringify(d));
        else console.log(`已登记不批准：${labelOf(DECISION_KINDS, d!.kind)}（${d!.refusalReason}）`);
      } catch (e) {
        fail(e, o.json);
      }
    });

  withDb(
    program
      .command('terms <orgCode>')
      .description(
        '任期与换届：某组织（含全部下级）各组织的换届期限和状态（ok 正常、due_6m/due_3m/due_1m 届满前提醒、overdue 已逾期、postponed 经批准延期、none 未记录）',
      ),
  )
    .option('--as-of <date>', '截至日期 YYYY-MM-DD（默认今天）')
    .action(async (orgCode: string, o: DbOpts & { asOf?: string }) => {
      try {
        const t = await withCtx(o, (ctx) => getTerms(ctx, orgCode, o.asOf ?? null), { quietAnchor: true });
        if (o.json) console.log(JSON.stringify(t));
        else {
          const zh: Record<string, string> = {
            ok: '正常',
            due_6m: '半年内到期',
            due_3m: '三个月内到期',
            due_1m: '一个月内到期',
            overdue: '已逾期未换届',
            postponed: '经批准延期',
            none: '未记录任期',
          };
          console.log(`${t.org} 截至 ${t.asOf}：${t.orgs.length} 个组织`);
          for (const x of t.orgs)
            console.log(
              `  ${x.name}（${x.code}）：${x.termEnds ? `${x.termEnds} 前换届，` : ''}${zh[x.status]}`,
            );
        }
      } catch (e) {
        fail(e, o.json);
      }
    });

  const settings = program
    .command('settings')
    .description('本县设置：党龄分段、换届提醒提前期、账号安全（不带子命令时列出）');
  withDb(settings.command('list', { isDefault: true }).description('列出今天生效的本县设置')).action(
    async (o: DbOpts) => {
      try {
        const view = await withCtx(o, (ctx) => listSettings(ctx), { quietAnchor: true });
        if (o.json) console.log(JSON.stringify(view));
        else {
          console.log(`本县设置（${view.today} 生效）`);
          for (const g of view.groups) {
            console.log(`${g.zh}`);
            for (const st of view.settings.filter((x) => x.group === g.code)) {
              const since = st.current ? `，自 ${st.current.effectiveFrom} 起` : '';
              console.log(
                `  ${st.label}（${st.key}）：${st.valueText}${st.changed ? `（默认 ${st.defaultText}${since}）` : '（默认值）'}`,
              );
              for (const next of st.scheduled)
                console.log(
                  `    将于 ${next.effectiveFrom} 起改为 ${next.valueText}${next.note ? `：${next.note}` : ''}`,
                );
            }
          }
          console.log(
            `党内统计口径（${view.rules.effectiveFrom} 起）：年龄 ${view.rules.ageBands.map((b) => b.zh).join('、')}`,
          );
        }
      } catch (e) {
        fail(e, o.json);
      }
    },
  );
  withDb(settings.command('history [key]').description('本县设置的修改记录（按生效日期从新到旧）')).action(
    async (key: string | undefined, o: DbOpts) => {
      try {
        const rows = await withCtx(o, (ctx) => listSettingHistory(ctx, key), { quietAnchor: true });
        if (o.json) console.log(JSON.stringify(rows));
        else if (!rows.length) console.log('没有修改记录：各项设置均为默认值');
        else {
          const state = { in_force: '生效中', superseded: '已被取代', scheduled: '待生效' } as const;
          for (const r of rows)
            console.log(
              `${r.effectiveFrom}  ${r.label}：${r.valueText}  [${state[r.state]}] ${r.changedBy ?? '命令行'} ${r.changedAt}${r.note ? `  说明：${r.note}` : ''}`,
            );
        }
      } catch (e) {
        fail(e, o.json);
      }
    },
  );
  withDb(
    settings
      .command('set <key> <value>')
      .description(
        '修改一项设置，自 --from 日期起生效；党龄分段写作 0-5,6-10,11-20,21+ 或 JSON（例：jiceng settings set termEndingSoonMonths 3 --from 2027-01-01）',
      ),
  )
    .requiredOption(
      '--from <date>',
      '生效日期 YYYY-MM-DD（早于今天时将按新值重新判断此后的历史，须用 --note 说明）',
    )
    .option('--note <text>', '修改说明')
    .action(async (key: string, raw: string, o: DbOpts & { from: string; note?: string }) => {
      try {
        const input = SettingUpdateSchema.safeParse({
          value: settingArg(raw),
          effectiveFrom: o.from,
          note: o.note ?? null,
        });
        if (!input.success)
          throw new AppError('VALIDATION_FAILED', input.error.issues.map((i) => i.message).join('；'));
        const v = await withCtx(o, (ctx) => changeSetting(ctx, key, input.data));
        if (o.json) console.log(JSON.stringify(v));
        else
          console.log(
            `已修改「${v.label}」：自 ${input.data.effectiveFrom} 起为 ${formatSettingValue(v.key as SettingKey, input.data.value)}；今天生效的值为 ${v.valueText}`,
          );
      } catch (e) {
        fail(e, o.json);
      }
    });

  const sample = program
    .command('sample')
    .description('抽查核实：按一致性信号加权抽取记录、查看抽查、记录现场核实结果');
  const printDraw = (d: DrawView) => {
    console.log(
      `抽查 #${d.id} ${d.orgName}（${d.orgCode}）${d.from} 至 ${d.to}：${d.kinds.map((k) => SAMPLE_KIND_LABELS[k]).join('、')}，候选 ${d.candidates} 条，抽取 ${d.records.length} 条；${d.drawnBy} 于 ${d.drawnAt} 抽取，随机种子 ${d.seed}；已核实 ${d.verified} 条，不属实 ${d.falseCount} 条`,
    );
    for (const r of d.records)
      console.log(
        `  ${r.position}. [${r.id}] ${r.kindZh} ${r.orgName}：${r.summary}（权重 ${r.weight}${r.signals.length ? `：${r.signals.map((x) => x.zh).join('；')}` : ''}）${r.mark ? ` — ${RESULT_LABELS[r.mark]}` : ''}`,
      );
  };
  withDb(
    sample
      .command('draw <orgCode>')
      .description('抽取一批记录现场核实（随机种子由系统生成并记录，抽取结果不能重抽或删除）'),
  )
    .requiredOption('--from <date>', '期间起始日期 YYYY-MM-DD')
    .requiredOption('--to <date>', '期间截止日期 YYYY-MM-DD')
    .option('--kinds <list>', '记录类别，逗号分隔：meeting,dues_payment,recruitment_step', 'meeting')
    .requiredOption('--size <n>', '抽取数量（1–200）')
    .action(
      async (orgCode: string, o: DbOpts & { from: string; to: string; kinds: string; size: string }) => {
        try {
          const input = DrawCreateSchema.safeParse({
            orgCode,
            from: o.from,
            to: o.to,
            kinds: o.kinds.split(',').map((k) => k.trim()),
            size: o.size,
          });
          if (!input.success)
            throw new AppError('VALIDATION_FAILED', input.error.issues.map((i) => i.message).join('；'));
          const d = await withCtx(o, (ctx) => createDraw(ctx, input.data));
          if (o.json) console.log(JSON.stringify(d));
          else printDraw(d);
        } catch (e) {
          fail(e, o.json);
        }
      },
    );
  withDb(
    sample.command('show <id>').description('一次抽查：抽中的记录、加权依据、核实结果及历次记录'),
  ).action(async (id: string, o: DbOpts) => {
    try {
      if (!/^\d+$/.test(id)) throw new AppError('VALIDATION_FAILED', '抽查编号应为数字');
      const d = await withCtx(o, (ctx) => showDraw(ctx, Number(id)), { quietAnchor: true });
      if (o.json) console.log(JSON.stringify(d));
      else printDraw(d);
    } catch (e) {
      fail(e, o.json);
    }
  });
  withDb(sample.command('list').description('全部抽查，新的在前')).action(async (o: DbOpts) => {
    try {
      const l = await withCtx(o, (ctx) => listDraws(ctx), { quietAnchor: true });
      if (o.json) console.log(JSON.stringify(l));
      else
        for (const d of l.draws)
          console.log(
            `#${d.id} ${d.orgName} ${d.from} 至 ${d.to}：抽取 ${d.items} 条，已核实 ${d.verified} 条，不属实 ${d.falseCount} 条（${d.drawnBy}，${d.drawnAt}）`,
          );
    } catch (e) {
      fail(e, o.json);
    }
  });
  withDb(
    sample
      .command('verify <itemId>')
      .description('记录一条现场核实结果（只增不改，最新一条为该记录的核实标记）'),
  )
    .addOption(
      new Option('--result <r>', '核实结果：true 属实、partly 部分属实、false 不属实')
        .choices(['true', 'partly', 'false'])
        .makeOptionMandatory(),
    )
    .requiredOption('--verifier <name>', '核实人')
    .requiredOption('--on <date>', '核实日期 YYYY-MM-DD')
    .option('--note <text>', '核实情况说明（不属实、部分属实时必填）', '')
    .action(
      async (
        itemId: string,
        o: DbOpts & { result: 'true' | 'partly' | 'false'; verifier: string; on: string; note: string },
      ) => {
        try {
          if (!/^\d+$/.test(itemId)) throw new AppError('VALIDATION_FAILED', '记录编号应为数字');
          const d = await withCtx(o, (ctx) =>
            verifyItem(ctx, Number(itemId), {
              result: o.result,
              verifier: o.verifier,
              verifiedOn: o.on,
              note: o.note,
            }),
          );
          if (o.json) console.log(JSON.stringify(d));
          else printDraw(d);
        } catch (e) {
          fail(e, o.json);
        }
      },
    );

  const user = program.command('user').alias('accounts').description('账号管理（也可写作 accounts）');
  withDb(user.command('add').description('开设账号'))
    .requiredOption('--username <u>', '用户名')
    .option('--password <p>', '密码（不填则生成随机密码并显示一次）')
    .addOption(new Option('--role <role>', '角色').choices(ROLES.map((r) => r.code)).makeOptionMandatory())
    .option('--org <code>', '绑定的党组织编码（组织部管理员可不填，表示全部）')
    .option('--member-id <id>', '党员账号对应的党员编号')
    .option('--name <name>', '显示姓名')
    .action(
      async (
        o: DbOpts & {
          username: string;
          password?: string;
          role: Role;
          org?: string;
          memberId?: string;
          name?: string;
        },
      ) => {
        try {
          const input = UserCreateSchema.safeParse({
            username: o.username,
            displayName: o.name ?? o.username,
            role: o.role,
            orgCode: o.org ?? null,
            memberId: o.memberId ? Number(o.memberId) : null,
            password: o.password ?? null,
          });
          if (!input.success)
            throw new AppError('VALIDATION_FAILED', input.error.issues.map((i) => i.message).join('；'));
          const r = await withCtx(o, (ctx) => createUser(ctx, input.data));
          if (o.json) console.log(JSON.stringify({ user: r.user, password: r.password }));
          else {
            console.log(
              `已开设账号 ${r.user.username}（${ROLES.find((x) => x.code === r.user.role)?.zh}${r.user.orgName ? `，${r.user.orgName}` : ''}）`,
            );
            if (r.password) console.log(`初始密码（只显示一次）：${r.password}`);
          }
        } catch (e) {
          fail(e, o.json);
        }
      },
    );

  // grants by assignment (decision 0010): dated grants of some actions on one more org and its subtree
  const grant = user
    .command('grant')
    .description('授权：账号在其绑定组织之外的一个党组织（含下级）上的限期权限');
  const GRANT_STATE: Record<GrantView['state'], string> = {
    future: '未开始',
    current: '有效',
    ended: '已结束',
  };
  const grantLine = (g: GrantView) =>
    `#${g.id} ${g.transfer ? `组织关系转接 #${g.transfer.id} ${g.transfer.name}（${g.transfer.fromOrgName ?? '县外'} → ${g.transfer.toOrgName ?? '县外'}）` : `${g.orgName}（${g.orgCode}）`} ${g.actions.map((a) => GRANT_ACTION_LABELS[a]).join('、')}  ${g.validFrom} 起${g.validTo ? `，${g.validTo} 止（不含）` : '，长期'}  ${GRANT_STATE[g.state]}${g.note ? `  备注：${g.note}` : ''}`;
  const invalid = (issues: { message: string }[]) =>
    new AppError('VALIDATION_FAILED', issues.map((i) => i.message).join('；'));
  withDb(grant.command('list <username>', { isDefault: true }).description('列出账号的全部授权')).action(
    async (username: string, o: DbOpts) => {
      try {
        const list = await withCtx(o, async (ctx) => listGrants(ctx, await managedUserId(ctx, username)));
        if (o.json) console.log(JSON.stringify(list));
        else if (!list.length) console.log(`账号 ${username} 没有授权`);
        else for (const g of list) console.log(grantLine(g));
      } catch (e) {
        fail(e, o.json);
      }
    },
  );
  withDb(
    grant
      .command('add <username>')
      .description('授权：在一个党组织（含下级）上授予权限，或对一项组织关系转接授予查看、办理权限'),
  )
    .option('--org <code>', '党组织编码（与 --transfer 二选一）')
    .option('--transfer <id>', '组织关系转接编号：只对这一项转接授权，权限限 read、write（接收或退回）')
    .requiredOption(
      '--actions <list>',
      `权限，逗号分隔：${Object.entries(GRANT_ACTION_LABELS)
        .map(([k, v]) => `${k}（${v}）`)
        .join('、')}；总含 read`,
    )
    .option('--from <date>', '开始日期 YYYY-MM-DD（默认今天）')
    .option('--to <date>', '结束日期 YYYY-MM-DD，当天起不再有效（默认长期）')
    .option('--note <text>', '备注（如：驻村第一书记）')
    .action(
      async (
        username: string,
        o: DbOpts & {
          org?: string;
          transfer?: string;
          actions: string;
          from?: string;
          to?: string;
          note?: string;
        },
      ) => {
        try {
          const input = GrantCreateSchema.safeParse({
            orgCode: o.org ?? null,
            transferId: o.transfer !== undefined ? Number(o.transfer) : null,
            actions: o.actions
              .split(/[,，]/)
              .map((a) => a.trim())
              .filter(Boolean),
            validFrom: o.from ?? null,
            validTo: o.to ?? null,
            note: o.note ?? null,
          });
          if (!input.success) throw invalid(input.error.issues);
          const g = await withCtx(o, async (ctx) =>
            addGrant(ctx, await managedUserId(ctx, username), input.data),
          );
          if (o.json) console.log(JSON.stringify(g));
          else console.log(`已授权 ${username}：${grantLine(g)}`);
        } catch (e) {
          fail(e, o.json);
        }
      },
    );
  withDb(grant.command('end <username> <grantId>').description('结束授权（自所填日期起不再有效）'))
    .option('--on <date>', '结束日期 YYYY-MM-DD（默认今天）')
    .action(async (username: string, grantId: string, o: DbOpts & { on?: string }) => {
      try {
        const input = GrantEndSchema.safeParse({ on: o.on ?? null });
        if (!input.success) throw invalid(input.error.issues);
        const id = Number(grantId);
        if (!Number.isInteger(id) || id <= 0) throw new AppError('VALIDATION_FAILED', '授权编号应为正整数');
        const g = await withCtx(o, async (ctx) =>
          endGrant(ctx, await managedUserId(ctx, username), id, input.data.on),
        );
        if (o.json) console.log(JSON.stringify(g));
        else console.log(`已结束授权：${grantLine(g)}`);
      } catch (e) {
        fail(e, o.json);
      }
    });

  const jobs = program.command('jobs').description('定时任务：列出（不带子命令时）或立即运行一项');
  withDb(
    jobs.command('list', { isDefault: true }).description('列出定时任务、上次运行和下次到期时间'),
  ).action(async (o: DbOpts) => {
    try {
      const list = await withCtx(o, (ctx, db) => listJobs(db, ctx.clock), { quietAnchor: true });
      if (o.json) console.log(JSON.stringify(list));
      else
        for (const j of list) {
          const t = (iso: string | null) =>
            iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '无';
          const state = { idle: '从未运行', running: '运行中', ok: '正常', failed: '失败' }[j.status];
          console.log(`${j.name}  ${j.label}`);
          console.log(
            `  状态：${state}；上次运行：${t(j.lastRunAt)}；下次到期：${t(j.nextDueAt)}${j.due ? '（已到期）' : ''}`,
          );
          if (j.lastResult) console.log(`  上次结果：${j.lastResult}`);
          if (j.status === 'failed' && j.lastError) console.log(`  错误：${j.lastError}`);
          if (j.status === 'running')
            console.log(`  由 ${j.leaseOwner ?? '?'} 运行，租约至 ${t(j.leaseUntil)}`);
        }
    } catch (e) {
      fail(e, o.json);
    }
  });
  withDb(
    jobs
      .command('run <name>')
      .description('立即运行一项定时任务（不论是否到期），例：jiceng jobs run stats.roll'),
  ).action(async (name: string, o: DbOpts) => {
    try {
      const r = await withCtx(o, (ctx, db) => runJob(db, ctx.clock, name, { force: true }), {
        quietAnchor: true,
      });
      if (o.json) console.log(JSON.stringify(r));
      else if (!r.ran) console.log(`${name} 正由其他进程运行，未重复运行`);
      else if (r.error) console.log(`${name} 运行失败：${r.error}`);
      else console.log(`${name} 已运行：${r.result ?? ''}`);
      if (r.error) process.exitCode = 1;
    } catch (e) {
      fail(e, o.json);
    }
  });

  const audit = program.command('audit').description('审计日志');
  withDb(audit.command('verify').description('校验审计日志的哈希链和链头锚点，报告第一条被改动的记录'))
    .option('--anchor <file>', '用另存的一份锚点文件核验（默认数据目录下的 audit-anchor.json）')
    .action(async (o: DbOpts & { anchor?: string }) => {
      try {
        const r = await withCtx(
          o,
          (_ctx, db, anchors) =>
            verifyAudit(
              db,
              o.anchor ? openAnchorStore({ ...configFrom(o), JICENG_AUDIT_ANCHOR_FILE: o.anchor }) : anchors,
            ),
          { quietAnchor: true },
        );
        const message = r.ok ? verifySuccess(r) : verifyFailure(r);
        if (o.json) console.log(JSON.stringify({ ...r, message }));
        else console.log(message);
        process.exitCode = r.ok ? 0 : 4;
      } catch (e) {
        fail(e, o.json);
      }
    });

  withDb(program.command('backup <file>').description('备份全部数据到一个文件')).action(
    async (file: string, o: DbOpts) => {
      try {
        const r = await withCtx(o, (_ctx, db) => backup(db, file));
        if (o.json) console.log(JSON.stringify({ file, ...r }));
        else
          console.log(
            `已备份到 ${file}：${Object.entries(r.tables)
              .map(([t, n]) => `${t} ${n}`)
              .join('，')}`,
          );
      } catch (e) {
        fail(e, o.json);
      }
    },
  );
  withDb(program.command('restore <file>').description('从备份文件恢复（替换当前全部数据）')).action(
    async (file: string, o: DbOpts) => {
      try {
        const r = await withCtx(o, async (ctx, db, anchors) => {
          const out = await restore(db, file);
          // a restore is deliberate: it is logged, and the restored chain's head becomes the anchor
          await writeAudit(ctx, ctx.db, {
            action: 'restore',
            entity: 'backup',
            entityId: basename(file),
            orgPath: null,
            memberId: null,
            after: { file: resolve(file), sha256: await sha256File(file), tables: out.tables },
          });
          try {
            await anchorAudit(db, anchors, { force: true });
          } catch (error) {
            warnAnchor({ error });
          }
          return out;
        });
        if (o.json) console.log(JSON.stringify({ file, ...r }));
        else
          console.log(
            `已从 ${file} 恢复：${Object.entries(r.tables)
              .map(([t, n]) => `${t} ${n}`)
              .join('，')}`,
          );
      } catch (e) {
        fail(e, o.json);
      }
    },
  );

  await program.parseAsync(argv);
}
