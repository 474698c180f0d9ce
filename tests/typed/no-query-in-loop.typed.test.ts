// Type-aware mode of no-query-in-loop: clients recognised by type whatever they are called,
// look-alikes rejected by type, and N+1 queries through functions imported from other modules.
import rule from '../../src/rules/no-query-in-loop.js';
import { createRuleTester } from '../support/rule-tester.js';
import { createTypedRuleTester, typedFile } from '../support/typed-rule-tester.js';

const typed = createTypedRuleTester();
const untyped = createRuleTester();

const loadFix = (field: string) => `load all rows at once with where: { ${field}: { in: ids } } and group them in memory, or use include on the parent query`;
const genericLoad = 'load all rows at once with where: { OR: [...] } and group them in memory, or use include on the parent query';

// Code that only types make a N+1: the untyped suite below shows it passes without them.
const nestService = `import { AppDb } from '../../../lib/db';
export class PostsService {
  constructor(private readonly repo: AppDb) {}
  async titles(ids: string[]) {
    const titles: string[] = [];
    for (const id of ids) {
      const post = await this.repo.post.findUnique({ where: { id } });
      if (post) titles.push(post.title);
    }
    return titles;
  }
}`;
const txAlias = `import type { Tx } from '../../../lib/db';
export async function archive(conn: Tx, ids: string[]) {
  for (const id of ids) {
    await conn.post.update({ where: { id }, data: { title: 'archived' } });
  }
}`;
const crossModule = `import { loadUser } from '../../../lib/users';
export async function names(ids: string[]) {
  const out: string[] = [];
  for (const id of ids) {
    const user = await loadUser(id);
    if (user) out.push(user.email);
  }
  return out;
}`;
const crossModuleTwoHops = `import { getProfile } from '../../../lib/profile';
export async function profiles(ids: string[]) {
  return Promise.all(ids.map(async (id) => {
    const profile = await getProfile(id);
    return profile?.label;
  }));
}`;
const mapNamedDb = `import { db } from '../../../lib/cache';
export function evict(ids: string[]) {
  for (const id of ids) {
    db.user.delete(id);
  }
}`;

typed.run('no-query-in-loop (typed)', rule, {
  valid: [
    {
      name: 'a store called db whose delegates are Maps is no client: Map#delete is no query',
      filename: typedFile,
      code: mapNamedDb,
    },
    {
      name: 'an imported function that makes no query',
      filename: typedFile,
      code: `import { displayName } from '../../../lib/users';
export function labels(users: { name: string | null; email: string }[]) {
  const out: string[] = [];
  for (const user of users) out.push(displayName(user));
  return out;
}`,
    },
    {
      name: 'an imported findUnique-only helper started in the same tick inside Promise.all(ids.map()) is batched by Prisma',
      filename: typedFile,
      code: `import { loadUser } from '../../../lib/users';
export async function users(ids: string[]) {
  return Promise.all(ids.map((id) => loadUser(id)));
}`,
    },
    {
      name: 'an imported helper that hands back the lazy query, collected for $transaction([...])',
      filename: typedFile,
      code: `import { dbWrite } from '../../../lib/db';
import { renameUser } from '../../../lib/users';
export async function renameAll(ids: string[]) {
  await dbWrite.$transaction(ids.map((id) => renameUser(id, 'x')));
}`,
    },
  ],
  invalid: [
    {
      name: 'a client named anything: dbRead/primary imported from a module',
      filename: typedFile,
      code: `import { primary } from '../../../lib/db';
export async function touch(ids: string[]) {
  for (const id of ids) {
    await primary.user.findUnique({ where: { id } });
  }
}`,
      errors: [{ messageId: 'perIteration', data: { call: 'primary.user.findUnique', loop: 'for…of loop', unit: 'iteration', fix: loadFix('id') } }],
    },
    {
      name: 'this.repo typed as a NestJS service that extends PrismaClient',
      filename: typedFile,
      code: nestService,
      errors: [{ messageId: 'perIteration', data: { call: 'this.repo.post.findUnique', loop: 'for…of loop', unit: 'iteration', fix: loadFix('id') } }],
    },
    {
      name: 'conn typed through an alias of Prisma.TransactionClient',
      filename: typedFile,
      code: txAlias,
      errors: [{ messageId: 'perIteration', data: { call: 'conn.post.update', loop: 'for…of loop', unit: 'iteration', fix: 'update them with one updateMany({ where: { id: { in: ids } } }) when the data is the same, or batch the writes in one $transaction([...])' } }],
    },
    {
      name: 'an extended client ($extends result)',
      filename: typedFile,
      code: `import { extended as store } from '../../../lib/db';
export async function counts(ids: string[]) {
  for (const authorId of ids) {
    await store.post.count({ where: { authorId } });
  }
}`,
      errors: [{ messageId: 'perIteration', data: { call: 'store.post.count', loop: 'for…of loop', unit: 'iteration', fix: "compute them in one groupBy({ by: ['authorId'], where: { authorId: { in: ids } } })" } }],
    },
    {
      name: 'a delegate parameter',
      filename: typedFile,
      code: `import type { Prisma } from '../../../generated/prisma';
export async function touchAll(users: Prisma.UserDelegate, ids: string[]) {
  for (const id of ids) await users.findUnique({ where: { id } });
}`,
      errors: [{ messageId: 'perIteration', data: { call: 'users.findUnique', loop: 'for…of loop', unit: 'iteration', fix: loadFix('id') } }],
    },
    {
      name: 'cross-module N+1: an imported function that queries, called per iteration',
      filename: typedFile,
      code: crossModule,
      errors: [{ messageId: 'perIterationVia', data: { callee: 'loadUser', call: 'dbRead.user.findUnique', loop: 'for…of loop', unit: 'iteration', fix: genericLoad } }],
    },
    {
      name: 'cross-module N+1 two modules away, awaited inside the callback (not batched)',
      filename: typedFile,
      code: crossModuleTwoHops,
      errors: [{ messageId: 'perIterationVia', data: { callee: 'getProfile', call: 'dbRead.user.findUnique', loop: '.map() callback', unit: 'element', fix: genericLoad } }],
    },
    {
      name: 'cross-module: an arrow function export',
      filename: typedFile,
      code: `import { countPosts } from '../../../lib/users';
export async function stats(ids: string[]) {
  const out: number[] = [];
  for (const id of ids) out.push(await countPosts(id));
  return out;
}`,
      errors: [{ messageId: 'perIterationVia', data: { callee: 'countPosts', call: 'dbRead.post.count', loop: 'for…of loop', unit: 'iteration', fix: 'compute them in one groupBy over the whole set' } }],
    },
    {
      name: 'a helper of this file that calls an imported function that queries',
      filename: typedFile,
      code: `import { loadUser } from '../../../lib/users';
async function emailOf(id: string) {
  const user = await loadUser(id);
  return user?.email;
}
export async function emails(ids: string[]) {
  const out: (string | undefined)[] = [];
  for (const id of ids) out.push(await emailOf(id));
  return out;
}`,
      errors: [{ messageId: 'perIterationVia', data: { callee: 'emailOf', call: 'dbRead.user.findUnique', loop: 'for…of loop', unit: 'iteration', fix: genericLoad } }],
    },
  ],
});

// The same code without type information: names and provenance only, exactly as before.
untyped.run('no-query-in-loop (the same code untyped)', rule, {
  valid: [
    { name: 'this.repo of a class that only types reveal', filename: 'src/posts.service.ts', code: nestService },
    { name: 'conn: Tx, an alias only types resolve', filename: 'src/archive.ts', code: txAlias },
    { name: 'an imported function: its body is in another file', filename: 'src/names.ts', code: crossModule },
  ],
  invalid: [
    {
      name: 'without types, a store called db looks like a client',
      filename: 'src/evict.ts',
      code: mapNamedDb,
      errors: [{ messageId: 'perIteration' }],
    },
  ],
});
