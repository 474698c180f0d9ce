// `eslint --cache` keys results on file content and config. The shipped configs carry a
// fingerprint of the Prisma schema, so changing the schema must change what a cached run reports.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eslintConfigSource, root } from '../support/cli.js';

const eslintBin = join(root, 'node_modules/eslint/bin/eslint.js');

const SCHEMA = 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\nmodel User {\n  id String @id\n}\n';

function lintWithCache(cwd: string): string[] {
  let output: string;
  try {
    output = execFileSync(process.execPath, [eslintBin, '--cache', '--cache-location', '.eslintcache', '-f', 'json', 'src'], { cwd, encoding: 'utf8' });
  } catch (error) {
    output = (error as { stdout: string }).stdout; // exit code 1: there are findings
  }
  const results = JSON.parse(output) as { messages: { ruleId: string | null; line: number }[] }[];
  return results.flatMap((result) => result.messages.map((message) => `${message.line} ${message.ruleId}`));
}

describe('eslint --cache and the Prisma schema', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ba-cache-'));
    mkdirSync(join(dir, 'prisma'));
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'package.json'), '{ "name": "cache-app", "type": "module" }\n');
    writeFileSync(join(dir, 'prisma/schema.prisma'), SCHEMA);
    writeFileSync(join(dir, 'eslint.config.js'), eslintConfigSource('**/*.ts'));
    writeFileSync(
      join(dir, 'src/jobs.ts'),
      `import { prisma } from './db';\nexport async function expire(ids: string[]) {\n  for (const id of ids) {\n    await prisma.session.deleteMany({ where: { userId: id } });\n  }\n}\n`,
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('re-lints unchanged files when the schema changes', () => {
    // Session is not a model yet: prisma.session is not a DB call, nothing to report.
    expect(lintWithCache(dir)).toEqual([]);
    expect(lintWithCache(dir)).toEqual([]); // served from the cache
    const schemaPath = join(dir, 'prisma/schema.prisma');
    writeFileSync(schemaPath, `${SCHEMA}model Session {\n  id String @id\n  userId String\n  @@index([userId])\n}\n`);
    const later = new Date(Date.now() + 5_000);
    utimesSync(schemaPath, later, later);
    expect(lintWithCache(dir)).toEqual(['4 backend-architect/no-query-in-loop']);
  });
});
