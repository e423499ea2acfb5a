/**
 * All SQL lives in src/db (issue 8 #1, decision 0008): a use case calls a repository. This check reads every file
 * of src/services with the TypeScript parser and fails on
 * - a string or template literal holding an SQL statement keyword (SELECT, INSERT, UPDATE, DELETE, COPY, ALTER,
 *   LOCK, CREATE, DROP, set_config's SET …, in capitals as this code base writes SQL): comments, regular
 *   expressions and words of a sentence ('Update the form') are not literals of SQL;
 * - a call of a handle's `query`, `exec` or `copyOut` (SQL handed over in a variable, built elsewhere): a service
 *   may COPY rows in (`copyIn` takes a table and columns, no SQL) but sends no statement itself.
 * No file is exempt.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const SERVICES = join(import.meta.dirname, '../../src/services');

const SQL =
  /\b(SELECT|INSERT|UPDATE|DELETE|MERGE|COPY|ALTER|CREATE|DROP|TRUNCATE|LOCK|GRANT|REVOKE|VACUUM|ANALYZE|REINDEX|CLUSTER|EXPLAIN|SET|RESET|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|NOTIFY|LISTEN|CALL)\b|\bDO\s+\$/;

/** Methods of a database handle that send SQL text. */
const SENDS_SQL = new Set(['query', 'exec', 'copyOut']);

function parse(source: string): ts.SourceFile {
  return ts.createSourceFile('service.ts', source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

function walk(node: ts.Node, visit: (n: ts.Node) => void): void {
  visit(node);
  ts.forEachChild(node, (c) => walk(c, visit));
}

/** The SQL-looking string and template literals of a source file (a template's text parts joined). */
export function sqlLiterals(source: string): string[] {
  const found: string[] = [];
  walk(parse(source), (n) => {
    let text: string | null = null;
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) text = n.text;
    else if (ts.isTemplateExpression(n))
      text = [n.head.text, ...n.templateSpans.map((s) => s.literal.text)].join(' ');
    if (text !== null && SQL.test(text)) found.push(text);
  });
  return found;
}

/**
 * The calls that send SQL (`x.query(…)`, `x.exec(…)`, `x.copyOut(…)`), as their source text. A regular
 * expression's exec (`/…/.exec(s)`, or a constant named in capitals holding one) is not one.
 */
export function sqlCalls(source: string): string[] {
  const sf = parse(source);
  const found: string[] = [];
  walk(sf, (n) => {
    if (!ts.isCallExpression(n) || !ts.isPropertyAccessExpression(n.expression)) return;
    const { name, expression: receiver } = n.expression;
    if (!SENDS_SQL.has(name.text)) return;
    if (name.text === 'exec') {
      if (ts.isRegularExpressionLiteral(receiver)) return;
      if (ts.isIdentifier(receiver) && /^[A-Z][A-Z0-9_]*$/.test(receiver.text)) return;
    }
    found.push(n.getText(sf));
  });
  return found;
}

describe('SQL lives in src/db', () => {
  const files = readdirSync(SERVICES).filter((f) => f.endsWith('.ts'));

  it('reads the services', () => {
    expect(files).toContain('bulk.ts');
    expect(files).toContain('members.ts');
  });

  it('no file of src/services holds SQL in a literal', () => {
    const withSql = files.filter((f) => sqlLiterals(readFileSync(join(SERVICES, f), 'utf8')).length > 0);
    expect(withSql, 'move the SQL of these files into a repository in src/db/repositories').toEqual([]);
  });

  it('no file of src/services sends SQL itself', () => {
    const calls = files.flatMap((f) =>
      sqlCalls(readFileSync(join(SERVICES, f), 'utf8')).map((c) => `${f}: ${c}`),
    );
    expect(calls, 'call a repository of src/db/repositories instead').toEqual([]);
  });

  it('finds SQL in string and template literals', () => {
    for (const sql of [
      "const q = 'SELECT 1';",
      'const q = "SELECT 1";',
      'db.query(`UPDATE org SET x = 1`)',
      'await db.query(`\n  INSERT INTO org_stat (org_id) SELECT ${x} FROM t`, [n]);',
      "const q = `SELECT nextval('${seq}')::int AS id FROM generate_series(1, $1)`;",
      'db.query(`DELETE FROM member WHERE id = ${id}`)',
      "db.exec('COPY person FROM STDIN')",
      'db.exec(`ALTER TABLE ${t} DROP CONSTRAINT ${c}`)',
      "db.exec('LOCK TABLE person, member IN ACCESS EXCLUSIVE MODE')",
      "db.query('CREATE TEMP TABLE x (n int) ON COMMIT DROP')",
      'db.exec(`DROP INDEX ${name}`)',
      "db.exec('TRUNCATE org RESTART IDENTITY')",
      "db.query(\"SELECT set_config('jiceng.bulk', 'on', true)\")",
      "db.exec('SET LOCAL lock_timeout = 100')",
      "db.exec('DO $$ BEGIN PERFORM 1; END $$')",
      // a glob before the SQL does not open a comment that would hide it
      "const glob = 'src/**/*.ts'; const q = 'SELECT 1'; const end = '*/';",
    ])
      expect(sqlLiterals(sql), sql).toHaveLength(1);
  });

  it('does not take comments, regular expressions or words for SQL', () => {
    for (const code of [
      '// SELECT in a comment\nconst x = "selected";',
      "/* 'DELETE' */ const y = 'Update the form';",
      '/** COPY with one audit entry per chunk (SELECT … FOR KEY SHARE) */ export const n = 1;',
      'const re = /^SELECT\\b/; const m = re.test(s);',
      "const msg = '组织已撤销，不能修改'; const code = 'ORG_LOCKED';",
      "const u = 'selection'; const v = 'UPDATED_AT';",
    ])
      expect(sqlLiterals(code), code).toEqual([]);
  });

  it("finds statements sent from a variable, not a regular expression's exec", () => {
    expect(sqlCalls('await db.exec(statement);')).toHaveLength(1);
    expect(sqlCalls('const rows = await tx.query<{ id: number }>(sql, [1]);')).toHaveLength(1);
    expect(sqlCalls('for await (const c of db.copyOut(q)) out.push(c);')).toHaveLength(1);
    expect(sqlCalls('await ctx.db.query(text);')).toHaveLength(1);
    expect(sqlCalls('const m = /^(\\d+)-/.exec(name); const e = ID18.exec(s);')).toEqual([]);
    expect(sqlCalls('await db.copyIn(table, columns, [bytes]);')).toEqual([]);
    expect(sqlCalls('await orgs.queryOrgs(db, q);')).toEqual([]);
  });
});
