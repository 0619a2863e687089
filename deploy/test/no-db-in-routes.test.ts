// Route handlers hold no queries (style.md "Inside a service"): data access is a repository per table in the
// service's src/plugins/app/, and a route file imports no other route file. Every services/*/src/routes/**/*.ts
// is parsed (comments and strings cannot hide or fake anything) and a file that breaks a rule fails here.
import t from 'tap';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

type Rule = 'db client' | 'raw SQL or $transaction' | 'Prisma' | 'database import' | 'route import';

/** Modules that reach the database: drivers, Prisma, and everything of @app/db but its types. */
const DATABASE_MODULE = /^(pg|pg-.+|prisma|@prisma\/.+|@app\/db\/.+)$/;
const RAW = /^\$(queryRaw|executeRaw|transaction)/;
const ROUTES = /^services\/[^/]+\/src\/routes\//;

/** The database client: `db`, or `<anything>.db`. */
const isDb = (e: ts.Expression) => (ts.isIdentifier(e) && e.text === 'db') || (ts.isPropertyAccessExpression(e) && e.name.text === 'db');

interface Finding {
  rule: Rule;
  line: number;
}

/** What a route file at `file` (relative to the repository) does that it must not. */
function check(file: string, source: string): Finding[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: Finding[] = [];
  const flag = (rule: Rule, node: ts.Node) => found.push({ rule, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1 });
  const isRoute = (specifier: string) =>
    specifier.startsWith('.') && ROUTES.test(relative(ROOT, resolve(ROOT, dirname(file), specifier)).split(sep).join('/'));

  const imported = (node: ts.Node, specifier: string, typeOnly: boolean) => {
    if (DATABASE_MODULE.test(specifier) || (specifier === '@app/db' && !typeOnly)) flag('database import', node);
    if (isRoute(specifier)) flag('route import', node);
  };

  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const typeOnly =
        !!clause && (clause.isTypeOnly || (!clause.name && !!named && ts.isNamedImports(named) && named.elements.every((e) => e.isTypeOnly)));
      imported(node, node.moduleSpecifier.text, typeOnly);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      imported(node, node.moduleSpecifier.text, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      imported(node, node.arguments[0].text, false);
    } else if ((ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) && isDb(node.expression)) {
      flag('db client', node); // app.db.user, request.server.db.$queryRaw, db.project (handing the client to a repository is fine)
    }
    if (ts.isIdentifier(node)) {
      if (RAW.test(node.text)) flag('raw SQL or $transaction', node);
      if (/prisma/i.test(node.text)) flag('Prisma', node);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

function routeFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) files.push(path);
    }
  };
  for (const service of readdirSync(join(ROOT, 'services'))) {
    if (existsSync(join(ROOT, 'services', service, 'src', 'routes'))) walk(`services/${service}/src/routes`);
  }
  return files.sort();
}

const rulesOf = (found: Finding[]) => [...new Set(found.map((f) => f.rule))].sort();

t.test('the check itself: each way to the database or to another route is caught, and nothing else', async (t) => {
  const at = 'services/example/src/routes/things/index.ts';
  const cases: [string, Rule[]][] = [
    ['await app.db.thing.findMany()', ['db client']],
    ['await request.server.db.thing.count()', ['db client']],
    ["const { db } = app; await db['thing'].count();", ['db client']],
    ["await repo.$queryRawUnsafe('SELECT 1')", ['raw SQL or $transaction']],
    ['await repo.$executeRaw`DELETE FROM x`', ['raw SQL or $transaction']],
    ['await client.$transaction(async () => {})', ['raw SQL or $transaction']],
    ["import type { Prisma } from '@app/db';", ['Prisma']],
    ["import { createPrisma } from '@app/db';", ['Prisma', 'database import']],
    ["import { Thing } from '@app/db';", ['database import']],
    ["import '@app/db';", ['database import']],
    ["import { dbPlugin } from '@app/db/plugin';", ['database import']],
    ["import pg from 'pg';", ['database import']],
    ["import Cursor from 'pg-cursor';", ['database import']],
    ["import { PrismaPg } from '@prisma/adapter-pg';", ['Prisma', 'database import']],
    ["export { thing } from 'pg';", ['database import']],
    ["import { scopedUser } from '../logs/index.js';", ['route import']],
    ["import sub from './sub.js';", ['route import']],
    ["const other = await import('../other/index.js');", ['route import']],
    ["import type { Names } from '../../../../other/src/routes/x.js';", ['route import']],
  ];
  for (const [source, rules] of cases) t.same(rulesOf(check(at, source)), rules, source);
  const clean = [
    "import type { Thing } from '@app/db';",
    "import { type Thing, type Other } from '@app/db';",
    "import { present } from '../../plugins/app/present.js';",
    "import { ThingSchema } from '../../schemas/things.js';",
    "import type { ThingRepository } from '../../plugins/app/thing-repository.js';",
    '// app.db.thing.findMany() and $queryRaw in a comment, import pg',
    "const sql = 'app.db.thing or prisma in a string';",
    'await opts.things.find(id); const dbName = opts.database;',
    'const things = thingRepository(app.db);',
  ];
  for (const source of clean) t.same(check(at, source), [], `clean: ${source}`);
});

const files = routeFiles();

t.test('every route file leaves the database to its repositories and imports no other route file', async (t) => {
  t.ok(files.length >= 20, `${files.length} route files read`);
  for (const file of files) {
    const found = check(file, readFileSync(join(ROOT, file), 'utf8'));
    const detail = found.map((f) => `${f.rule} at line ${f.line}`).join(', ');
    t.same(rulesOf(found), [], `${file}${detail ? `: ${detail}` : ''}`);
  }
});
