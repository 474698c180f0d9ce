// Type-aware client recognition in the analysis core (ClientResolver + TypeOracle).
import { describe, expect, it } from 'vitest';
import { modelOf } from '../support/model.js';
import { typedModelOf } from '../support/typed-model.js';

const labels = (model: ReturnType<typeof modelOf>): string[] => model.dbCalls.map((call) => call.label);

describe('type-aware client recognition', () => {
  it('has a type oracle only with type information', () => {
    expect(typedModelOf('export {};').resolver.types).toBeDefined();
    expect(modelOf('export {};').resolver.types).toBeUndefined();
  });

  it('recognises Prisma clients and delegates whatever they are called', () => {
    const code = `
      import { primary, extended, AppDb, type Tx } from '../../../lib/db';
      import type { Prisma } from '../../../generated/prisma';
      export async function run(conn: Tx, users: Prisma.UserDelegate, store: AppDb) {
        await primary.user.findMany({ take: 1 });
        await extended.post.count();
        await conn.post.create({ data: {} });
        await users.findUnique({ where: { id: '1' } });
        await store.$queryRaw\`select 1\`;
      }
      export class Service {
        constructor(private readonly repo: AppDb) {}
        list() { return this.repo.user.findMany({ take: 10 }); }
      }
    `;
    const model = typedModelOf(code);
    expect(labels(model)).toEqual([
      'primary.user.findMany',
      'extended.post.count',
      'conn.post.create',
      'users.findUnique',
      'store.$queryRaw',
      'this.repo.user.findMany',
    ]);
    const conn = model.dbCalls.find((call) => call.clientText === 'conn');
    expect(conn?.client).toMatchObject({ kind: 'prisma', isTransactionClient: true });
    expect(model.dbCalls.find((call) => call.clientText === 'primary')?.client).toMatchObject({ kind: 'prisma', isTransactionClient: false });
    // Untyped, none of these names or types says "client".
    expect(labels(modelOf(code))).toEqual([]);
  });

  it('keeps the provenance answer (and the $transaction callback) when the types agree', () => {
    const model = typedModelOf(`
      import { dbWrite } from '../../../lib/db';
      export async function move() {
        await dbWrite.$transaction(async (t) => { await t.user.update({ where: { id: '1' }, data: {} }); });
      }
    `);
    const [call] = model.dbCalls;
    expect(call?.label).toBe('t.user.update');
    expect(call?.client.isTransactionClient).toBe(true);
    expect(call?.client.transactionCallback).toBeDefined();
  });

  it('types that are plainly no client win over names: a store of Maps called db, a Map parameter called db', () => {
    const code = `
      import { db } from '../../../lib/cache';
      export function evict(id: string, prisma: Map<string, Map<string, string>>) {
        db.user.delete(id);
        prisma.get('user')?.delete(id);
      }
    `;
    expect(labels(typedModelOf(code))).toEqual([]);
    expect(labels(modelOf(code))).toEqual(['db.user.delete']);
  });

  it('falls back to names and provenance where types say nothing (any, undeclared)', () => {
    const code = `
      declare const prisma: any;
      export async function f() { await prisma.user.findMany({ take: 1 }); await db.post.count(); }
    `;
    expect(labels(typedModelOf(code))).toEqual(['prisma.user.findMany', 'db.post.count']);
  });
});

describe('a failing type checker', () => {
  it('falls back to the untyped analysis, never throws', async () => {
    const { Linter } = await import('eslint');
    const tsParser = (await import('@typescript-eslint/parser')).default;
    const { getBackendModel, findPerIterationQueries } = await import('../../src/analysis/index.js');
    const brokenParser = {
      parseForESLint(code: string, options: Record<string, unknown>) {
        const result = tsParser.parseForESLint(code, options);
        const failing = (): never => {
          throw new Error('checker failure');
        };
        return {
          ...result,
          services: {
            ...result.services,
            program: { getTypeChecker: () => ({ getTypeAtLocation: failing, getSymbolAtLocation: failing }), isSourceFileDefaultLibrary: failing },
            esTreeNodeToTSNodeMap: { get: (node: { type: string }) => (node.type === 'Program' ? undefined : { kind: -1 }) },
          },
        };
      },
    };
    const code = `
      import { prisma } from '@/lib/prisma';
      import { loadUser } from './users';
      export async function f(ids: string[]) {
        for (const id of ids) { await prisma.user.findUnique({ where: { id } }); await loadUser(id); }
        await db.post.count();
      }
    `;
    let labels: string[] = [];
    let findings = 0;
    let typed = false;
    const probe = {
      meta: { type: 'problem' as const, schema: [] },
      create(context: never) {
        return {
          'Program:exit'() {
            const model = getBackendModel(context);
            typed = !!model.resolver.types;
            labels = model.dbCalls.map((call) => call.label);
            findings = findPerIterationQueries(model).length;
          },
        };
      },
    };
    const linter = new Linter({ configType: 'flat' });
    const messages = linter.verify(code, [
      { files: ['**/*.ts'], languageOptions: { parser: brokenParser as never }, plugins: { probe: { rules: { model: probe as never } } }, rules: { 'probe/model': 'error' } },
    ], { filename: 'src/file.ts' });
    expect(messages).toEqual([]);
    expect(typed).toBe(true);
    expect(labels).toEqual(['prisma.user.findUnique', 'db.post.count']);
    expect(findings).toBe(1);
  });
});

describe('type-aware edge cases', () => {
  it('the PrismaClient class itself is no client; an awaited factory result is', () => {
    const model = typedModelOf(`
      import { PrismaClient } from '../../../generated/prisma';
      declare function getClient(): Promise<PrismaClient>;
      export async function f() {
        const Ctor = PrismaClient;
        await (await getClient()).user.count();
        return Ctor;
      }
    `);
    expect(model.dbCalls.map((call) => call.label)).toEqual(['await getClient().user.count']);
    expect(model.resolver.types?.clientVerdict((model.sourceCode.ast.body[0] as never as { specifiers: { local: never }[] }).specifiers[0]!.local)).toBeUndefined();
  });
});
