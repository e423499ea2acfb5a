/**
 * One error vocabulary for the whole platform. Services throw AppError with a stable code; the HTTP layer maps
 * codes to status once (server/error-handler.ts); the web client and CLI show the Chinese message for the code.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: { status: 400, zh: '提交的数据不符合要求' },
  NOT_FOUND: { status: 404, zh: '没有找到该记录，或您无权查看' },
  ORG_NOT_FOUND: { status: 404, zh: '没有找到该党组织，或您无权查看' },
  MEMBER_NOT_FOUND: { status: 404, zh: '没有找到该党员，或您无权查看' },
  ORG_CODE_TAKEN: { status: 409, zh: '组织编码已被使用' },
  ORG_CYCLE: { status: 409, zh: '不能把党组织移到它自己或它的下级组织之下' },
  ORG_PARENT_INVALID: { status: 409, zh: '上级党组织不存在或已撤销' },
  ORG_ROOT_EXISTS: { status: 409, zh: '已经有根组织（县委），新组织必须指定上级党组织' },
  ORG_KIND_NOT_ALLOWED: { status: 409, zh: '该类型的组织不能设在所选上级组织之下' },
  ORG_HAS_ACTIVE_CHILDREN: { status: 409, zh: '该党组织还有未撤销的下级组织，请先撤销或移走下级组织' },
  ORG_HAS_MEMBERS: { status: 409, zh: '该党组织还有在册党员，请先转出党员' },
  ORG_DISSOLVED: { status: 409, zh: '该党组织已撤销' },
  MEMBER_ID_NUMBER_TAKEN: { status: 409, zh: '该身份证号已登记在册' },
  MEMBER_NOT_ACTIVE: { status: 409, zh: '该党员不在册（已转出、出党或去世）' },
  MEMBER_STATUS_TRANSITION: { status: 409, zh: '该党员当前状态不能进行此操作' },
  MEMBER_ORG_NOT_BRANCH: { status: 409, zh: '党员只能编入党支部、党总支或基层党委（直属党员）' },
  EVENT_DATE_INVALID: { status: 400, zh: '日期不合理：不能晚于今天，也不能早于上一次变动' },
  MEETING_DATE_INVALID: { status: 400, zh: '会议日期不合理：不能晚于今天，也不能早于该党组织成立之日' },
  MEETING_ATTENDEE_INVALID: { status: 400, zh: '出席名单中有人当天不在该党组织的名册上' },
  PARTY_GROUP_INVALID: { status: 409, zh: '党小组的设置不符合要求（日期、成员或所属支部）' },
  DUES_AMOUNT_INVALID: { status: 400, zh: '党费金额不合理：不能为负数，也不能为0' },
  DUES_MONTH_INVALID: { status: 400, zh: '缴纳月份不合理' },
  DUES_NOT_OWED: { status: 400, zh: '该党员在所填月份不在党籍或尚未入党，不应交纳党费' },
  DUES_PREPAY_TOO_FAR: { status: 400, zh: '预交党费最多预交3个月（经支部同意可按季度交纳）' },
  DUES_DATE_INVALID: { status: 400, zh: '日期不合理：不能晚于今天' },
  DUES_BASE_REQUIRED: { status: 400, zh: '该类别按工资（收入）基数计算党费，请填写月基数' },
  RECRUITMENT_STEP_REFUSED: { status: 409, zh: '该步骤不符合发展党员工作细则的规定' },
  RECRUITMENT_PERSON_TAKEN: { status: 409, zh: '该身份证号已是党员，或已在发展程序中' },
  SCREENING_REFUSED: { status: 409, zh: '该操作不符合软弱涣散排查整顿的规定' },
  ASSESSMENT_REFUSED: { status: 409, zh: '该操作不符合分类考核的规定' },
  SAMPLING_REFUSED: { status: 409, zh: '该操作不符合抽查核实的规定' },
  STALE_VERSION: { status: 409, zh: '该记录已被他人修改，请刷新后再改' },
  IMPORT_UNREADABLE: { status: 400, zh: '无法读取该文件，请上传 .xlsx 或 .csv 格式的台账' },
  IMPORT_NO_HEADER: { status: 400, zh: '文件中没有找到表头行，请使用下载的模板' },
  IMPORT_REJECTED_ROWS: { status: 422, zh: '部分行有问题，已全部撤回未写入' },
  CLASSIFICATION_CODE_UNKNOWN: { status: 400, zh: '所选的标准类别不存在' },
  CLASSIFICATION_STANDARD: { status: 409, zh: '该写法已有国家标准或内置的对应类别，不能另行对应' },
  IMPORT_JOB_NOT_FOUND: { status: 404, zh: '导入任务不存在或已过期，请重新上传' },
  UNAUTHENTICATED: { status: 401, zh: '请先登录' },
  AUTH_FAILED: { status: 401, zh: '用户名或密码不正确' },
  ACCOUNT_LOCKED: { status: 423, zh: '登录失败次数过多，账号已暂时锁定，请稍后再试或联系管理员' },
  ACCOUNT_DISABLED: { status: 403, zh: '该账号已停用，请联系管理员' },
  RATE_LIMITED: { status: 429, zh: '尝试次数过多，请稍后再试' },
  CSRF_REJECTED: { status: 403, zh: '请求来源不正确，请刷新页面后重试' },
  PASSWORD_WEAK: { status: 400, zh: '密码至少10位，且同时包含字母和数字' },
  PASSWORD_CHANGE_REQUIRED: { status: 403, zh: '首次登录或密码被重置后，请先修改密码' },
  USERNAME_TAKEN: { status: 409, zh: '该用户名已被使用' },
  USER_NOT_FOUND: { status: 404, zh: '没有找到该账号，或您无权管理' },
  FORBIDDEN: { status: 403, zh: '您没有权限进行此操作' },
  CONFLICT: { status: 409, zh: '该记录与已有记录冲突（可能是重复提交），请刷新后重试' },
  DATA_DIR_IN_USE: { status: 409, zh: '数据目录正被另一个 Jiceng 进程使用' },
  INTERNAL: { status: 500, zh: '系统内部错误，请稍后重试或联系管理员' },
} as const satisfies Record<string, { status: number; zh: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  constructor(code: ErrorCode, message?: string, details?: unknown) {
    super(message ?? ERROR_CODES[code].zh);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
