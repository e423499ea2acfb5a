/**
 * The user guide's screenshots (src/web/guide/content.ts, made by e2e/guide.e2e.ts): each step's image is in
 * src/web/public/guide and no image there is left unused.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GUIDE, guideShots } from '../../src/web/guide/content.js';

const dir = join(import.meta.dirname, '../../src/web/public/guide');
const files = readdirSync(dir).filter((f) => !f.startsWith('.'));

describe('user guide', () => {
  it('has the screenshot of every step, and no other file', () => {
    const shots = guideShots();
    expect(new Set(shots).size).toBe(shots.length);
    expect(files.filter((f) => !f.endsWith('.jpg'))).toEqual([]);
    expect(shots.filter((s) => !files.includes(`${s}.jpg`))).toEqual([]);
    expect(files.filter((f) => !shots.includes(f.replace(/\.jpg$/, '')))).toEqual([]);
  });

  it('keeps the screenshots small (under 2 MB together)', () => {
    const total = files.reduce((n, f) => n + statSync(join(dir, f)).size, 0);
    expect(total).toBeLessThan(2 * 1024 * 1024);
  });

  it('covers every role, each step with a title, 1–3 sentences and something to click', () => {
    expect(GUIDE.map((s) => s.role).sort()).toEqual(
      ['branch_secretary', 'county_admin', 'member', 'township_officer', 'viewer'].sort(),
    );
    for (const s of GUIDE)
      for (const st of s.steps) {
        expect(st.title.length).toBeGreaterThan(0);
        const sentences = st.text.split(/[。！？]/).filter((x) => x.trim()).length;
        expect(sentences, st.shot).toBeGreaterThanOrEqual(1);
        expect(sentences, st.shot).toBeLessThanOrEqual(3);
        expect(st.clicks.length, st.shot).toBeGreaterThan(0);
        expect(st.shot).toMatch(/^[a-z0-9-]+$/);
      }
  });
});
