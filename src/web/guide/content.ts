/**
 * The user guide (使用指南, the /help page) as data: for each role a short introduction and the monthly routine as
 * ordered steps. Each step names what the user clicks, with the exact text on the screen, and a screenshot id.
 *
 * e2e/guide.e2e.ts walks these same steps as the demo accounts, clicking the labels named here (a renamed button
 * fails the journey), and writes each step's screenshot to src/web/public/guide/<shot>.jpg (served as
 * /guide/<shot>.jpg); test/unit/guide.test.ts checks that every screenshot exists and none is left over.
 * `npm run test:e2e -- e2e/guide.e2e.ts` makes them again.
 *
 * Plain data only (no React): the journey and the unit test import it under Node.
 */

export type GuideRole = 'county_admin' | 'township_officer' | 'branch_secretary' | 'member' | 'viewer';

/**
 * Something the user clicks or fills in, as it appears on the screen.
 * - button, tab, menu (an item of a drop-down menu), choice (a radio option), field (a box to fill in): `label` is
 *   the exact text on the screen (for a button shown only as an icon on a phone, its name read out by the phone);
 * - name: something that differs from person to person (a member's name, an org in the tree); `label` describes it.
 */
export interface GuideClick {
  kind: 'button' | 'tab' | 'menu' | 'choice' | 'field' | 'name';
  label: string;
}

export interface GuideStep {
  /** screenshot id: the file /guide/<shot>.jpg */
  shot: string;
  title: string;
  /** 1–3 sentences of plain Chinese */
  text: string;
  /** what to click, in order */
  clicks: GuideClick[];
}

export interface GuideSection {
  role: GuideRole;
  /** the role's name as the app shows it */
  roleName: string;
  /** the size the screenshots are taken at: a phone (390×844) or a desktop (1440×900) */
  device: 'phone' | 'desktop';
  intro: string;
  steps: GuideStep[];
}

export interface GuideFaq {
  q: string;
  a: string;
}

const button = (label: string): GuideClick => ({ kind: 'button', label });
const tab = (label: string): GuideClick => ({ kind: 'tab', label });
const menu = (label: string): GuideClick => ({ kind: 'menu', label });
const choice = (label: string): GuideClick => ({ kind: 'choice', label });
const field = (label: string): GuideClick => ({ kind: 'field', label });
const name = (label: string): GuideClick => ({ kind: 'name', label });

export const GUIDE: GuideSection[] = [
  {
    role: 'branch_secretary',
    roleName: '支部书记',
    device: 'phone',
    intro:
      '用手机就能完成。党员情况有变化时当时录入一次，乡镇和县里的统计会自动更新，不需要再填表上报。' +
      '系统不要求每天登录、签到或上传照片；每月花几分钟核对一遍名册即可。',
    steps: [
      {
        shot: 'branch-home',
        title: '登录，看本月待办',
        text:
          '输入用户名和密码后点“登录”，进入“本月待办”：本月、本季度、本年应开的会议哪些已开、哪些还没开，上季度以来漏开的，' +
          '最近一次会议和本届任期（显示“即将到期”时请提前准备换届）。点上方红色按钮即可记录会议，名单已全部预填为出席。',
        clicks: [button('登录')],
      },
      {
        shot: 'branch-meeting',
        title: '每月：记录主题党日和三会一课',
        text:
          '也可以在左侧党组织树中点本支部，进入本支部页面后点“记录会议”：会议类型已选好主题党日（同时是党员大会、党课的，一并勾选，一次记录分别计入），' +
          '当天名册上的党员已全部预填为“出席”，只需填主题、把请假的人点成“请假”并选原因，再点“保存”。' +
          '本支部页面的“组织生活”里可看到今年各类会议应开、已开和未开的月份、季度；照片和笔记不需要上传。',
        clicks: [button('记录会议')],
      },
      {
        shot: 'branch-roster',
        title: '每月核对一遍党员名册',
        text:
          '点“党员名册”，每名党员一张卡片，按姓名拼音排序。可以按姓名、拼音首字母、全拼（ü 输入 v，如吕输入 lv）或身份证号后几位搜索。' +
          '名册就是台账，不必另外再记一本 Excel。',
        clicks: [button('党员名册')],
      },
      {
        shot: 'branch-member',
        title: '信息有误，直接更正',
        text:
          '点党员姓名打开详细信息，发现错误点“编辑”改正后保存，只需改这一处。' +
          '身份证号和电话默认隐藏，点“查看”才显示，并会留下记录。',
        clicks: [name('党员姓名')],
      },
      {
        shot: 'branch-new-member',
        title: '新党员：新增党员',
        text:
          '回到党员名册，点“新增党员”，逐项填写后保存。系统会校验身份证号并自动带出出生日期和性别；' +
          '状态和日期相互矛盾（例如正式党员没有转正日期）时会提示，不会保存。',
        clicks: [button('新增党员')],
      },
      {
        shot: 'branch-confirm',
        title: '预备期满：办理转正',
        text:
          '支部大会通过、上级党委审批后，在名册中找到这名预备党员，点姓名，再点“转正”。' +
          '系统已把转正日期默认为预备期满之日，核对后点“确定”。',
        clicks: [field('搜索党员'), name('预备党员姓名'), button('转正')],
      },
      {
        shot: 'branch-transfer',
        title: '党员外出或调动：转出',
        text:
          '党员转往县外，在其详细信息中点“转出”，填写转往单位和日期。' +
          '在县内转到其他支部，请由乡镇（街道）党（工）委办理，不要自己重复录入。',
        clicks: [button('转出')],
      },
      {
        shot: 'branch-audit',
        title: '数字不对时：看操作记录',
        text:
          '在本支部页面的“操作记录”里，可以看到谁在什么时候改了什么，改前改后一目了然。' +
          '手机上点左上角的菜单按钮可以打开党组织树。',
        clicks: [name('本支部名称'), tab('操作记录')],
      },
    ],
  },
  {
    role: 'township_officer',
    roleName: '乡镇组织委员',
    device: 'desktop',
    intro:
      '维护本乡镇（街道）及下属村、社区党组织和党员的信息。支部书记已经录入的内容，请不要再录一遍；' +
      '每月看一遍各支部的人数和换届提醒，把支部办不了的事（如县内转接）办好。',
    steps: [
      {
        shot: 'township-home',
        title: '登录，看各支部本月待办',
        text:
          '登录后进入“本月待办”：每个支部本月、本季度、本年应开的会议是否已开，上季度以来漏开的，最近一次会议和任期；' +
          '可只看本月未开或有漏开的支部，也可按名称查找。支部按组织顺序排列，不排名次。',
        clicks: [button('登录')],
      },
      {
        shot: 'township-branches',
        title: '看各支部：人数和换届提醒',
        text:
          '在左侧党组织树中点本乡镇进入本乡镇页面，点“下级组织”，每个支部的党员数和任期一览无余；“即将到期”“已到期”的支部要督促换届。' +
          '点支部名称或左侧党组织树可以进入该支部；树上方的搜索框可按名称、编码或拼音查找，例如输入 hjc 找到“黄家村党支部”。',
        clicks: [tab('下级组织')],
      },
      {
        shot: 'township-roster',
        title: '核对名册和预备党员',
        text: '点“党员名册”查看全乡镇党员，可按人员类别、年龄段、学历等筛选，例如筛选出预备党员，提醒支部按期办理转正。',
        clicks: [button('党员名册')],
      },
      {
        shot: 'township-export',
        title: '批量修改：导出可导入的名册',
        text:
          '要在 Excel 里批量修改，请点“导出可导入的名册”，改好后再通过“数据导入”导回。' +
          '“导出Excel”得到的名册身份证号和电话是隐藏的，不能再导入。',
        clicks: [button('导出可导入的名册')],
      },
      {
        shot: 'township-import',
        title: '导入前先检查',
        text:
          '点上方菜单“管理”中的“数据导入”，选择“党员”，点“下一步”后上传文件。系统先逐行检查，不会马上写入；' +
          '同一原因的问题只列一条（例如某一列都没填），改好文件重新上传即可。',
        clicks: [button('管理'), menu('数据导入'), choice('党员'), button('下一步')],
      },
      {
        shot: 'township-screening',
        title: '软弱涣散排查：看依据，记走访',
        text:
          '点上方菜单“监督”中的“软弱涣散排查”，名单列出系统按健康指标、信访和满意度测评建议的村及依据；点“依据与认定”查看全部依据，' +
          '并记录走访发现、信访件次和测评结果，写明日期。县委认定后，按一村一策制定整改措施，逾期未完成的措施会出现在“本月待办”。',
        clicks: [button('监督'), menu('软弱涣散排查')],
      },
    ],
  },
  {
    role: 'county_admin',
    roleName: '组织部管理员',
    device: 'desktop',
    intro:
      '管理全县党组织和党员数据，为乡镇和支部开设账号，查看统计。全县的数字都由各支部的名册算出，' +
      '不需要让下级再报一遍；每月看数、处理账号和授权、核对有疑问的修改即可。',
    steps: [
      {
        shot: 'county-home',
        title: '登录，看全县概况',
        text: '登录后进入全县页面：党员总数、正式和预备党员、女党员和少数民族党员占比，以及六张统计图，都是实时统计。',
        clicks: [button('登录')],
      },
      {
        shot: 'county-past',
        title: '查看过去某一天的数字',
        text: '在“统计截至日期”中输入日期（例如上年年底）后按回车，统计按当天的组织关系重新计算，可用于核对年报。',
        clicks: [field('统计截至日期')],
      },
      {
        shot: 'county-accounts',
        title: '为乡镇和支部开设账号',
        text:
          '点上方菜单“管理”中的“账号管理”，再点“新建账号”，选择角色和所属组织。系统生成的初始密码只显示一次，' +
          '请当面或电话告知，不要发在群里；对方首次登录时须修改密码。',
        clicks: [button('管理'), menu('账号管理'), button('新建账号')],
      },
      {
        shot: 'county-reset',
        title: '有人忘了密码：重置密码',
        text: '在该账号一行点“重置密码”，系统生成新的临时密码，对方登录后须再修改。',
        clicks: [button('重置密码')],
      },
      {
        shot: 'county-grants',
        title: '临时代管：授权',
        text:
          '某个账号需要在一段时间内管理另一个组织（例如代管邻村支部）时，在该账号一行点“授权”，再点“新增授权”，' +
          '选择组织、可做的操作和起止日期。到期自动失效，也可以提前“结束”。',
        clicks: [button('授权'), button('新增授权')],
      },
      {
        shot: 'county-audit',
        title: '核对修改：操作记录',
        text:
          '点“管理”中的“操作记录”，可以看到全县每一次修改和每一次查看完整身份证号，谁、何时、改了什么。' +
          '记录不能被删改，发现数字有疑问时先看这里。',
        clicks: [button('管理'), menu('操作记录')],
      },
      {
        shot: 'county-settings',
        title: '本县的做法：本县设置',
        text: '党龄分段、换届提醒提前期、登录锁定等属于本县做法，在“管理”中的“本县设置”里修改，从选定日期起生效，并保留修改记录。',
        clicks: [button('管理'), menu('本县设置')],
      },
      {
        shot: 'county-screening',
        title: '认定软弱涣散党组织，验收销号',
        text:
          '点“监督”中的“软弱涣散排查”，在某村一行点“依据与认定”，勾选类型、写明理由后认定，系统自动建立一村一策整顿方案；排查比例只作参考，不按比例凑数。' +
          '验收时录入得分和测评票数，系统按本县验收办法给出建议，由验收组认定；合格后销号，跟踪期内指标再次变红会标为“跟踪期内反弹”。',
        clicks: [button('监督'), menu('软弱涣散排查'), button('依据与认定')],
      },
    ],
  },
  {
    role: 'member',
    roleName: '党员本人',
    device: 'phone',
    intro:
      '党员本人的账号只能看到自己的信息。不需要每天登录，也没有打卡、积分和排名；信息有误时请联系所在党支部更正。',
    steps: [
      {
        shot: 'member-record',
        title: '查看我的信息',
        text: '登录后直接看到自己的党员信息：所在党组织、入党日期、转正日期和党龄。身份证号和电话默认隐藏，点“查看”显示。',
        clicks: [button('登录')],
      },
      {
        shot: 'member-history',
        title: '我的组织关系变动',
        text: '点“组织关系变动”，可以看到入党、转正、转接等每一次变动及其日期。',
        clicks: [tab('组织关系变动')],
      },
      {
        shot: 'member-password',
        title: '修改密码',
        text: '点右上角的头像，再点“修改密码”。密码至少 10 位，须同时包含字母和数字。',
        clicks: [name('右上角头像'), menu('修改密码')],
      },
    ],
  },
  {
    role: 'viewer',
    roleName: '只读',
    device: 'desktop',
    intro: '只读账号供领导查看统计和名册，不能修改，也看不到完整的身份证号和电话。',
    steps: [
      {
        shot: 'viewer-home',
        title: '查看统计和名册',
        text: '登录后看到所管范围的统计概况；点左侧党组织树进入下级组织，点“党员名册”查看党员。',
        clicks: [button('登录')],
      },
    ],
  },
];

export const FAQ: GuideFaq[] = [
  {
    q: '导出的名册改好后为什么导不回去？',
    a:
      '“导出Excel”得到的名册中，身份证号和电话是隐藏的（中间为 *），这样的文件不能再导入。' +
      '要在 Excel 中修改后导回，请在党员名册点“导出可导入的名册”，这份文件含完整信息，导出会被记录，请妥善保管。',
  },
  {
    q: '导入时提示了很多问题，怎么办？',
    a:
      '系统按原因汇总，每个原因只说一次，例如“16 行‘所属领域’为空；另有 791 行因其上级组织未能导入而未导入”。' +
      '改好这个原因，依赖它的行也就能导入了。可以先“只导入无问题的行”，改好后再导一次，已导入的行不会重复。',
  },
  {
    q: '导入后提示“无法对应标准类别”、统计里出现“未归类”是什么意思？',
    a:
      '民族、学历、职业的写法不影响导入：常见说法（如“汉”“大学”“中专”“企事业单位管理人员”“农民”“离退休”）会自动对应到标准类别；' +
      '系统不认识的写法按原文保存，党员照常导入，统计中计为“未归类”。县委组织部管理员在“归类”页面（或导入结果中的“去归类”）' +
      '为每种写法选择标准类别，例如“611 名党员的职业为‘企事业单位管理人员’，对应标准类别：企事业单位、社会组织管理人员”；' +
      '这些党员立即归类、统计随之更新，今后导入的同样写法也自动归类。编辑单个党员时只能从标准类别中选择。',
  },
  {
    q: '提示“数据目录正被另一个 Jiceng 进程使用”是什么意思？',
    a:
      '这是给维护服务器的同志看的：系统正在运行时，不能再用命令行对同一个数据目录做导入、备份等操作。' +
      '请先停止正在运行的服务（在其窗口按 Ctrl+C），或者在服务运行期间通过网页操作。',
  },
  {
    q: '忘记密码或账号被锁定怎么办？',
    a:
      '请联系为您开设账号的管理员（乡镇或县委组织部），在“账号管理”中重置密码；新的临时密码登录后须修改。' +
      '连续输错 5 次密码，账号会锁定 15 分钟，稍后再试或请管理员重置。',
  },
  {
    q: '需要每天登录、签到或上传照片吗？',
    a:
      '不需要。系统没有签到、在线时长、积分和排名，照片和笔记也不作为评判标准。' +
      '党员情况有变化时录入一次即可，统计和上报所需的数字由系统从名册算出。',
  },
  {
    q: '统计数字和我手里的台账对不上？',
    a:
      '先看页面上的“统计截至”是哪一天；再在“操作记录”中查看最近的修改。' +
      '若名册本身有误，在党员详细信息中点“编辑”更正一次，所有统计随之更新。',
  },
];

/** Every screenshot id, in guide order. */
export function guideShots(): string[] {
  return GUIDE.flatMap((s) => s.steps.map((st) => st.shot));
}
