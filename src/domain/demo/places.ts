/**
 * The vendored division data (see DATA_SOURCE.md) and what the generator derives from it: the kind of each
 * township-level division, short place names for 籍贯, address prefixes and the ethnic mix of a county.
 */
import countyJson from './county-divisions.json' with { type: 'json' };
import provinceJson from './province-divisions.json' with { type: 'json' };
import type { PlaceContext } from './types.js';

export interface Division {
  code: string;
  name: string;
}

export interface CountySlice {
  source: { package: string; data: string };
  province: Division;
  city: Division;
  county: Division;
  townships: (Division & { villages: Division[] })[];
}

export interface ProvinceSlice {
  source: { package: string; data: string };
  province: Division;
  cities: Division[];
  counties: (Division & { city: string })[];
  /** c: 9-digit code, n: name, v: number of villages (村委会), r: number of communities (居委会) */
  townships: { c: string; n: string; v: number; r: number }[];
}

export const COUNTY: CountySlice = countyJson;
export const PROVINCE: ProvinceSlice = provinceJson;

/** Province-administered county-level units sit under this pseudo-city (省直辖县级行政区划). */
export const DIRECT_CITY_SUFFIX = '9000';

/**
 * 街道 (code 0xx) → 党工委; 镇 (1xx) and 乡 (2xx, 3xx) → 乡镇党委; 4xx/5xx are state farms and forest farms
 * (their own Party committee, 事业单位) or development zones and similar (党工委).
 */
export type TownshipType = 'street' | 'town' | 'farm' | 'zone';

export function townshipType(code: string, name: string): TownshipType {
  const d = code[6];
  if (d === '0') return 'street';
  if (d === '1' || d === '2' || d === '3') return 'town';
  return /林场|农场|渔场|种场|茶场|牧场|苗圃|垦殖场/.test(name) ? 'farm' : 'zone';
}

export { villageClass } from '../supervision/divisions.js';

/** 莲花村村民委员会 → 莲花村, 毕升社区居民委员会 → 毕升社区, 王家湾村委会 → 王家湾村. */
export function villageShortName(name: string): string {
  if (name.endsWith('村民委员会') || name.endsWith('居民委员会')) return name.slice(0, -5);
  if (name.endsWith('村委会')) return name.slice(0, -2);
  if (name.endsWith('居委会')) return name.slice(0, -3);
  return name;
}

/** 英山县 → 英山, 长阳土家族自治县 → 长阳, 恩施土家族苗族自治州 → 恩施, 神农架林区 → 神农架. */
export function shortPlace(name: string): string {
  const s = name.replace(/(土家族苗族自治州|土家族自治县|自治州|自治县|林区|市|县|区)$/, '');
  return s.length >= 2 ? s : name;
}

/** Province short name for 籍贯: 湖北省 → 湖北. */
function provinceShort(name: string): string {
  return name.replace(/(省|市|自治区|壮族自治区|回族自治区|维吾尔自治区|特别行政区)$/, '');
}

const cityByCode = new Map(PROVINCE.cities.map((c) => [c.code, c]));

function isDirect(cityCode: string): boolean {
  return cityCode.slice(2) === DIRECT_CITY_SUFFIX;
}

/** 籍贯 of someone from this county: districts go by their city (湖北武汉), counties by their own name. */
function nativeOf(county: Division & { city: string }): string {
  const p = provinceShort(PROVINCE.province.name);
  const city = cityByCode.get(county.city);
  if (city && !isDirect(city.code) && county.name.endsWith('区')) return p + shortPlace(city.name);
  return p + shortPlace(county.name);
}

/** The Tujia and Miao areas of western Hubei: Enshi prefecture and the Changyang and Wufeng autonomous counties. */
const MINORITY_AREAS = /^(4228|420528|420529)/;

export function placeContext(countyCode: string): PlaceContext {
  const county = PROVINCE.counties.find((c) => c.code === countyCode);
  if (!county) throw new Error(`unknown county ${countyCode}`);
  const city = cityByCode.get(county.city);
  const countyFull = PROVINCE.province.name + (city && !isDirect(city.code) ? city.name : '') + county.name;
  const townships = PROVINCE.townships.filter((t) => t.c.startsWith(countyCode));
  const seat =
    townships.find((t) => townshipType(t.c, t.n) === 'street') ??
    townships.find((t) => townshipType(t.c, t.n) === 'town') ??
    townships[0];
  const home = nativeOf(county);
  const near = [
    ...new Set(
      PROVINCE.counties.filter((c) => c.city === county.city && c.code !== countyCode).map(nativeOf),
    ),
  ].filter((n) => n !== home);
  const minorityArea = MINORITY_AREAS.test(countyCode);
  return {
    countyCode,
    countyFull,
    countyName: county.name,
    nativeHome: home,
    nativeNear: near,
    // Hubei's minorities (about 4% of its people) live mostly in the west; elsewhere they are scattered
    minorityRate: minorityArea ? 0.52 : 0.012,
    minorityMix: minorityArea
      ? [
          ['15', 82], // 土家族
          ['06', 12], // 苗族
          ['12', 4], // 侗族
          ['14', 1], // 白族
          ['03', 1], // 回族
        ]
      : [
          ['03', 25], // 回族
          ['15', 25], // 土家族
          ['06', 15], // 苗族
          ['11', 15], // 满族
          ['08', 10], // 壮族
          ['02', 5], // 蒙古族
          ['12', 5], // 侗族
        ],
    seatAddress: countyFull + (seat?.n ?? ''),
  };
}
