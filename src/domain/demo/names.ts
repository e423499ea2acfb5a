/**
 * Word lists for synthetic people, places and units. Everything here is invented or generic; nothing names a real
 * person. Unit names follow the usual patterns of county-level bodies (“XX县财政局”, “XX镇卫生院”) so the demo reads
 * like a real roster; company names are random combinations and any match with a real firm is coincidence.
 */
import type { Rng } from './random.js';
import { Weighted, chance, pick } from './random.js';

/** A word list written as a block of space-separated words. */
const words = (s: string): string[] => s.trim().split(/\s+/);

/**
 * The ~110 commonest surnames with rough weights (about per mille of the population), shaped after the published
 * national surname rankings (王李张刘陈 about 5–7% each, then 杨黄赵吴周 …). Approximate by design.
 */
const SURNAMES =
  '王71 李69 张67 刘54 陈46 杨32 黄24 赵24 吴20 周21 徐16 孙15 马11 胡13 朱13 郭12 何12 高12 林12 罗9 郑8 梁8 ' +
  '谢7 宋8 唐7 许5 韩7 冯6 邓5 曹6 彭5 曾5 肖6 田3 董6 袁6 潘4 于6 蒋5 蔡4 余4 杜4 叶4 程6 苏5 魏4 吕5 丁4 任3 ' +
  '沈5 姚3 卢5 姜3 崔2 钟3 谭3 陆3 汪3 范3 金3 石3 廖3 贾4 夏3 韦2 付2 方3 白2 邹3 孟2 熊3 秦2 邱2 江2 尹2 薛4 ' +
  '闫2 段2 雷2 侯2 龙2 史2 陶2 黎2 贺2 顾2 毛2 郝2 龚2 邵2 万2 钱2 严2 覃1 武2 戴3 莫1 孔2 向1 汤2 常2 易2 乔2 ' +
  '赖2 文2 殷1 饶1 鲁1';
/** 'X12 Y3' → weighted table */
const table = (spec: string) =>
  new Weighted(spec.split(' ').map((e) => [e.slice(0, 1), Number(e.slice(1))] as const));
const SURNAME_TABLE = table(SURNAMES);

/** Common surnames among the 土家族 and 苗族 of western Hubei. */
const MINORITY_SURNAME_TABLE = table('向12 田12 覃10 彭10 冉6 谭8 杨8 张8 黄6 李8 龙4 吴4 秦3 邓3 王6 刘5');

export function surname(rng: Rng, minority: boolean): string {
  return (minority && chance(rng, 0.7) ? MINORITY_SURNAME_TABLE : SURNAME_TABLE).pick(rng);
}

/** Given-name characters by the decade band of birth: names changed markedly across generations. */
interface Era {
  male: string;
  female: string;
  /** whole two-character given names typical of the era */
  maleWhole: readonly string[];
  femaleWhole: readonly string[];
  single: number;
}

const ERAS: readonly Era[] = [
  {
    // born before 1960
    male: '国建华明德志文军平春林海忠民祥福贵荣发成清兴胜昌富金宝山生云才庆有义仁和正元章松柏远新家光振良',
    female: '秀英桂兰芳珍华玉凤淑翠梅琴云莲菊花荣香素金月爱春银巧冬',
    maleWhole: '建国 国庆 解放 援朝 卫东 建华 国华 振华 德胜 福生 长春 春生 爱国 新民 保国 胜利'.split(' '),
    femaleWhole: '秀英 桂英 秀兰 玉兰 桂兰 秀珍 凤英 玉珍 玉英 兰英 桂芳 淑珍 春兰 秀芳 金凤 冬梅'.split(' '),
    single: 0.25,
  },
  {
    // 1960–1979
    male: '建军伟勇斌强华明涛波峰刚辉平林东红兵杰俊锋亮鹏超磊志永卫国庆春海文学毅宏彬浩军',
    female: '丽红艳芳燕霞敏静玲娟华萍英琴梅平云莉洁慧晓春秀小霞凤',
    maleWhole: '卫国 卫华 建军 建平 红军 永红 志刚 志勇 海涛 文斌'.split(' '),
    femaleWhole: '丽华 红梅 小红 晓燕 春燕 艳红 秀梅 海燕 丽娟 小芳'.split(' '),
    single: 0.35,
  },
  {
    // 1980–1994
    male: '磊鹏超杰浩鑫伟强俊涛斌帅亮宇飞龙阳健凯峰博文睿晨轩成明志勇',
    female: '静丽婷娟敏燕艳丹玲倩雪琳颖晶佳悦洁璐慧蕾欣阳芳',
    maleWhole: [],
    femaleWhole: [],
    single: 0.3,
  },
  {
    // 1995 and later
    male: '浩宇轩子晨博俊皓睿杰泽航然铭豪宸逸哲辰一梓煜明天嘉阳',
    female: '欣怡雨涵梓诗琪佳雪婷思可晨萱悦璐妍馨语嘉一心若菲',
    maleWhole: [],
    femaleWhole: [],
    single: 0.12,
  },
];

function eraOf(birthYear: number): Era {
  return ERAS[birthYear < 1960 ? 0 : birthYear < 1980 ? 1 : birthYear < 1995 ? 2 : 3]!;
}

export function givenName(rng: Rng, birthYear: number, female: boolean): string {
  const era = eraOf(birthYear);
  const whole = female ? era.femaleWhole : era.maleWhole;
  if (whole.length > 0 && chance(rng, 0.25)) return pick(rng, whole);
  const chars = female ? era.female : era.male;
  const a = chars[Math.floor(rng() * chars.length)]!;
  if (chance(rng, era.single)) return a;
  let b = chars[Math.floor(rng() * chars.length)]!;
  if (b === a) b = chars[(chars.indexOf(a) + 7) % chars.length]!;
  return a + b;
}

// ------------------------------------------------------------------------------------------------ places

const VILLAGE_FIRST = '大小新上下东西南北石柳桃杨马龙凤双三五高黄白青红金枫松竹梅李张王刘陈胡程何余周';
const VILLAGE_FEATURE = '湾河冲畈岭坳坪沟岗庙桥垸台店铺寨嘴咀塘堰山垴港湖洲坝园岩';
const COMMUNITY_WORDS = words(`
  人民 解放 建设 东门 西门 南街 北街 新华 城关 花园 滨江 文昌 永安 和平 幸福 向阳 长虹 光明 桥东 桥西
  朝阳 新城 育才 紫荆 金桂 翠竹 春晖 民主 胜利 友谊 迎宾 青年 凤凰 龙泉 学府 锦绣 丰收 兴隆 白沙 沿河
`);

/** A village name such as 王家湾村 / 石桥村 / 新河村, unique within `taken`. */
export function villageName(rng: Rng, taken: Set<string>): string {
  for (let attempt = 0; ; attempt++) {
    const a = VILLAGE_FIRST[Math.floor(rng() * VILLAGE_FIRST.length)]!;
    const f = VILLAGE_FEATURE[Math.floor(rng() * VILLAGE_FEATURE.length)]!;
    const r = rng();
    let name =
      r < 0.35 ? `${a}家${f}村` : r < 0.8 ? `${a}${f}村` : `${a}${f}${pick(rng, ['口', '头', '岭', '铺'])}村`;
    if (attempt > 20) name = name.replace('村', `${attempt}村`);
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

export function communityName(rng: Rng, taken: Set<string>): string {
  for (let attempt = 0; ; attempt++) {
    let name = `${pick(rng, COMMUNITY_WORDS)}社区`;
    if (attempt > 20) name = `${pick(rng, COMMUNITY_WORDS)}${zhNumber(attempt)}社区`;
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

export const STREETS = words(`
  人民路 解放路 建设路 长江路 和平路 新华路 东风路 文化路 育才路 民主路 城东大道 城西大道 滨河路
  府前街 中山路 光明路 青年路 迎宾大道 工业园路 沿河路
`);

/** Birthplaces outside Hubei seen in a Hubei roster (neighbouring provinces first). */
export const FAR_NATIVE_PLACES = words(`
  河南信阳 河南南阳 安徽六安 安徽安庆 江西九江 湖南岳阳 湖南常德 重庆万州 陕西安康 四川达州 江苏南京
  山东临沂
`);

// ------------------------------------------------------------------------------------------------ units

/** County-level departments (prefixed with the county name), in rough order of size of their Party membership. */
export const DEPARTMENTS = words(`
  公安局 教育局 财政局 农业农村局 人民法院 人民检察院 自然资源和规划局 卫生健康局 住房和城乡建设局
  交通运输局 市场监督管理局 人力资源和社会保障局 水利和湖泊局 税务局 委办公室 人民政府办公室
  纪委监委机关 委组织部 委宣传部 委统战部 委政法委员会 人大常委会机关 政协机关 发展和改革局
  科技和经济信息化局 民政局 司法局 生态环境分局 商务局 文化和旅游局 退役军人事务局 应急管理局 审计局
  统计局 医疗保障局 林业局 信访局 城市管理执法局 融媒体中心 行政审批局 总工会 妇女联合会 共青团委员会
  供销合作社联合社 机关事务服务中心 档案馆 党校 气象局 烟草专卖局 乡村振兴局
`);

export const COUNTY_SCHOOLS = words(`
  第一中学 第二中学 实验中学 职业技术学校 实验小学 城关第一小学 城关第二小学 特殊教育学校 第三中学
  实验幼儿园 城关中学 城东小学
`);

export const COUNTY_HEALTH = words(`
  人民医院 中医医院 妇幼保健院 疾病预防控制中心 精神卫生中心 第二人民医院
`);

export const STATE_ENTERPRISES = words(`
  城市建设投资有限公司 国有资产经营有限公司 交通建设投资有限公司 水务有限公司 农业发展投资有限公司
  文化旅游投资有限公司 粮食储备有限公司 公共交通有限公司 供热燃气有限公司 融资担保有限公司
`);
/** State enterprises named as branches of national groups: prefix + county + suffix. */
export const STATE_BRANCHES: readonly (readonly [string, string])[] = [
  ['国网', '供电公司'],
  ['中国邮政集团有限公司', '分公司'],
  ['中国移动', '分公司'],
  ['中国电信', '分公司'],
  ['中国联通', '分公司'],
  ['中国农业银行', '支行'],
  ['中国工商银行', '支行'],
  ['中国建设银行', '支行'],
  ['中国石化', '石油分公司'],
];

const FIRM_WORDS = words(`
  鑫源 华兴 宏达 恒通 金叶 绿源 兴盛 天成 隆昌 东方 新世纪 瑞丰 同创 永信 嘉和 盛世 富民 丰泽 振兴
  长江 博远 汇通 明德 创新 益康 顺达 聚福 天元 金鼎 百川 众合 宇泰 华茂 荣昌 锦程 德润 润泽 青山 源泰
  广源 诚信 民安 沃土 佳美 和谐 楚天 荆楚 大别山 云雾 金秋
`);
const INDUSTRIES = words(`
  茶业 建材 纺织 食品 机械制造 电子科技 物流 建筑工程 农业开发 医药 商贸 旅游开发 电子商务 新能源科技
  服装 家具 米业 药材种植 养殖 汽车零部件 印务 环保科技 矿业 水产 油脂 包装 信息技术 房地产开发 酒业
  生物科技
`);

/** A firm name such as 英山县鑫源茶业有限公司, unique within `taken`. */
export function firmName(rng: Rng, countyName: string, taken: Set<string>): string {
  for (let attempt = 0; ; attempt++) {
    const base = `${pick(rng, FIRM_WORDS)}${pick(rng, INDUSTRIES)}`;
    const name =
      attempt < 30
        ? `${countyName}${base}有限公司`
        : `${countyName}${base}${zhNumber(Math.floor(attempt / 30) + 1)}公司`;
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

export const SOCIAL_ORGS = words(`
  律师协会 个体劳动者私营企业协会 注册会计师行业协会 慈善总会 红十字会 志愿者协会 养老服务中心
  民办教育协会 茶叶产业协会 物业管理协会 社会工作服务中心 老年大学 书法家协会 餐饮行业协会
`);

// ------------------------------------------------------------------------------------------------ numbers

const DIGITS = '〇一二三四五六七八九';

/** 1..99 in Chinese numerals: 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五. */
export function zhNumber(n: number): string {
  if (n < 10) return DIGITS[n]!;
  const t = Math.floor(n / 10);
  const u = n % 10;
  return `${t === 1 ? '' : DIGITS[t]!}十${u === 0 ? '' : DIGITS[u]!}`;
}
