/**
 * All SQL lives in src/db (issue 8 #1, decision 0008): a use case calls a repository. This check finds SQL keywords
 * in the string literals of src/services; the files still allowed to hold some are listed below with what is left
 * and whose it is. The list only shrinks: a file listed that no longer holds SQL fails too, so its entry is removed
 * when its SQL moves.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const SERVICES = join(import.meta.dirname, '../../src/services');

/** file → what SQL is left there (and whose it is to move) */
const ALLOWED: Record<string, string> = {
  'bulk.ts':
    'bulk mechanics: the FK check of a chunk, the aggregate upsert through a temporary table, ids, the member indexes (member half: person/member work)',
};

const STRING = /'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g;
const SQL = /\b(SELECT|INSERT|UPDATE|DELETE)\b/;

/** The SQL-looking string literals of a source file (comments left out). */
export function sqlLiterals(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  return (code.match(STRING) ?? []).filter((s) => SQL.test(s));
}

describe('SQL lives in src/db', () => {
  const files = readdirSync(SERVICES).filter((f) => f.endsWith('.ts'));
  const withSql = files.filter((f) => sqlLiterals(readFileSync(join(SERVICES, f), 'utf8')).length > 0);

  it('no file of src/services holds SQL but the ones allowed', () => {
    const extra = withSql.filter((f) => !(f in ALLOWED));
    expect(extra, 'move the SQL of these files into a repository in src/db/repositories').toEqual([]);
  });

  it('the allow-list only shrinks: every file on it still holds SQL', () => {
    const done = Object.keys(ALLOWED).filter((f) => files.includes(f) && !withSql.includes(f));
    expect(done, 'these files hold no SQL any more: take them off ALLOWED').toEqual([]);
  });

  it('the org write path and the statistics hold none', () => {
    for (const f of ['orgs.ts', 'bulk-orgs.ts', 'stats.ts', 'imports.ts', 'import-rejections.ts'])
      expect(sqlLiterals(readFileSync(join(SERVICES, f), 'utf8')), f).toEqual([]);
  });

  it('finds SQL in strings, not in comments or words', () => {
    expect(sqlLiterals("const q = 'SELECT 1';")).toHaveLength(1);
    expect(sqlLiterals('db.query(`UPDATE org SET x = 1`)')).toHaveLength(1);
    expect(sqlLiterals('// SELECT in a comment\nconst x = "selected";')).toHaveLength(0);
    expect(sqlLiterals("/* 'DELETE' */ const y = 'Update the form';")).toHaveLength(0);
  });
});
