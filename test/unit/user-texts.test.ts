/**
 * What the settings page, the rule footnotes and the review page show cites public sources only: no internal notes
 * (the research notes' sections and source numbers, decision records, CLI states, package versions) — the UI review
 * of session 25 found them on four pages.
 */
import { describe, expect, it } from 'vitest';
import { SETTINGS, SETTING_GROUPS } from '../../src/policy/settings.js';
import { ARTICLE9_RULES, DUES_RULES_2008, RULE_SETS } from '../../src/policy/rules.js';
import { REVIEW_SOURCE } from '../../src/services/reviews.js';

const INTERNAL = [
  /研究笔记/,
  /sources\.md/,
  /§/,
  /\[S\d+/,
  /decision \d{4}/i,
  /jiceng \w+/,
  /due_\dm/,
  /@\d+\.\d+/,
];

/** Every string reachable from `v` that a person reads (holds a Chinese character). */
function texts(v: unknown, out: string[] = [], seen = new Set<unknown>()): string[] {
  if (typeof v === 'string') {
    if (/[\u4e00-\u9fff]/.test(v)) out.push(v);
  } else if (v && typeof v === 'object' && !seen.has(v)) {
    seen.add(v);
    for (const x of Object.values(v)) texts(x, out, seen);
  }
  return out;
}

describe('texts shown to people', () => {
  it('cite no internal notes', () => {
    const all = texts([SETTINGS, SETTING_GROUPS, RULE_SETS, ARTICLE9_RULES, DUES_RULES_2008, REVIEW_SOURCE]);
    expect(all.length).toBeGreaterThan(100);
    const leaks = all.filter((t) => INTERNAL.some((r) => r.test(t)));
    expect(leaks).toEqual([]);
  });
});
