import { copyFileSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearSchemaCache, findSchema, schemaParseCount, withoutConnectionSettings, withoutPreviewFeatures } from '../../src/analysis/schema.js';

const fixtures = join(import.meta.dirname, '../fixtures/schema');

describe('Prisma schema loading', () => {
  beforeEach(() => clearSchemaCache());

  it('finds prisma/schema.prisma upward from the linted file and reads models, fields and indexes', () => {
    const lookup = findSchema(join(fixtures, 'single/app/api/posts/route.ts'), undefined, fixtures);
    expect(lookup.status).toBe('ok');
    if (lookup.status !== 'ok') return;
    expect([...lookup.schema.models.keys()].sort()).toEqual(['comment', 'post', 'tag', 'user']);
    const post = lookup.schema.models.get('post')!;
    expect(post.fields.get('authorId')?.type).toBe('String');
    // @id, @unique, and the leftmost field of each @@index
    expect([...post.indexedFields].sort()).toEqual(['authorId', 'id', 'published', 'slug']);
  });

  it('reads a multi-file schema folder (prisma/schema/*.prisma) as one schema', () => {
    const lookup = findSchema(join(fixtures, 'multi/src/lib/db.ts'), undefined, fixtures);
    expect(lookup.status).toBe('ok');
    if (lookup.status !== 'ok') return;
    expect([...lookup.schema.models.keys()].sort()).toEqual(['account', 'user']);
    expect(lookup.schema.models.get('account')!.indexedFields.has('userId')).toBe(true);
    expect(lookup.schema.files).toHaveLength(3);
  });

  it('honours settings.schema (relative to cwd, file or folder) and package.json#prisma.schema', () => {
    const configured = findSchema(join(fixtures, 'none/src/x.ts'), 'configured/db', fixtures);
    expect(configured.status === 'ok' && configured.schema.models.get('auditEvent')?.indexedFields.has('kind')).toBe(true);
    const fromPackage = findSchema(join(fixtures, 'pkg/src/x.ts'), undefined, fixtures);
    expect(fromPackage.status === 'ok' && [...fromPackage.schema.models.keys()]).toEqual(['order']);
  });

  it('says "none" where there is no schema, without loading the parser', () => {
    expect(findSchema(join(fixtures, 'none/src/x.ts'), undefined, fixtures).status).toBe('none');
    expect(schemaParseCount()).toBe(0);
  });

  it('reports a broken schema once, with its location, and never throws', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const file = join(fixtures, 'broken/src/route.ts');
    const first = findSchema(file, undefined, fixtures);
    const second = findSchema(file, undefined, fixtures);
    expect(first.status).toBe('error');
    expect(second).toBe(first);
    expect(warn).toHaveBeenCalledTimes(1);
    const message = String(warn.mock.calls[0]![0]);
    expect(message).toContain('Profil');
    expect(message).toContain('schema.prisma');
    warn.mockRestore();
  });

  it('drops preview features the parser does not know instead of calling the schema broken', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ba-preview-'));
    try {
      mkdirSync(join(dir, 'prisma'));
      writeFileSync(
        join(dir, 'prisma/schema.prisma'),
        'generator client {\n  provider = "prisma-client-js"\n  previewFeatures = ["views", "metrics", "tracing"]\n}\ndatasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\nmodel User {\n  id String @id\n  email String\n  @@index([email])\n}\n',
      );
      const lookup = findSchema(join(dir, 'src/x.ts'), undefined, dir);
      expect(lookup.status).toBe('ok');
      expect(lookup.status === 'ok' && lookup.schema.models.get('user')?.indexedFields.has('email')).toBe(true);
      expect(withoutPreviewFeatures('  previewFeatures = ["views", "metrics"]', ['metrics'])).toBe('  previewFeatures = ["views"]');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('caching', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'ba-schema-'));
      mkdirSync(join(dir, 'prisma'));
      copyFileSync(join(fixtures, 'single/prisma/schema.prisma'), join(dir, 'prisma/schema.prisma'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('parses once per process for many files, and again when the schema changes', () => {
      for (let i = 0; i < 50; i++) findSchema(join(dir, `src/file${i}.ts`), undefined, dir);
      expect(schemaParseCount()).toBe(1);
      const path = join(dir, 'prisma/schema.prisma');
      writeFileSync(path, `${readFileSync(path, 'utf8')}\nmodel Extra {\n  id Int @id\n}\n`);
      const later = new Date(Date.now() + 5_000);
      utimesSync(path, later, later);
      const lookup = findSchema(join(dir, 'src/file0.ts'), undefined, dir);
      expect(schemaParseCount()).toBe(2);
      expect(lookup.status === 'ok' && lookup.schema.models.has('extra')).toBe(true);
    });
  });

  it('blanks datasource connection settings (Prisma 7 rejects url = env(...)) and keeps line numbers', () => {
    const text = 'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n  directUrl = env("DIRECT")\n}\n';
    const cleaned = withoutConnectionSettings(text);
    expect(cleaned).not.toContain('env(');
    expect(cleaned.split('\n')).toHaveLength(text.split('\n').length);
  });
});
