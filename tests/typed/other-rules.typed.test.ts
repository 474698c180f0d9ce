// The other data-access rules read the same core: with type information they see clients that
// no name gives away.
import noOuterClient from '../../src/rules/no-outer-client-in-transaction.js';
import noUnawaited from '../../src/rules/no-unawaited-query.js';
import { createTypedRuleTester, typedFile } from '../support/typed-rule-tester.js';

const typed = createTypedRuleTester();

typed.run('no-outer-client-in-transaction (typed)', noOuterClient, {
  valid: [
    {
      name: 'the transaction client is used',
      filename: typedFile,
      code: `import { primary } from '../../../lib/db';
export async function move(id: string) {
  await primary.$transaction(async (t) => { await t.user.update({ where: { id }, data: { name: 'x' } }); });
}`,
    },
  ],
  invalid: [
    {
      name: 'an outer client called primary, recognised by type',
      filename: typedFile,
      code: `import { primary } from '../../../lib/db';
export async function move(id: string) {
  await primary.$transaction(async (t) => {
    await t.user.update({ where: { id }, data: { name: 'x' } });
    await primary.post.deleteMany({ where: { authorId: id } });
  });
}`,
      errors: [{ messageId: 'outerClient' }],
      output: `import { primary } from '../../../lib/db';
export async function move(id: string) {
  await primary.$transaction(async (t) => {
    await t.user.update({ where: { id }, data: { name: 'x' } });
    await t.post.deleteMany({ where: { authorId: id } });
  });
}`,
    },
  ],
});

typed.run('no-unawaited-query (typed)', noUnawaited, {
  valid: [
    {
      name: 'awaited through this.repo',
      filename: typedFile,
      code: `import { AppDb } from '../../../lib/db';
export class Users { constructor(private readonly repo: AppDb) {} async touch(id: string) { await this.repo.user.update({ where: { id }, data: {} }); } }`,
    },
  ],
  invalid: [
    {
      name: 'a dropped query through this.repo, typed as a service extending PrismaClient',
      filename: typedFile,
      code: `import { AppDb } from '../../../lib/db';
export class Users { constructor(private readonly repo: AppDb) {} touch(id: string) { this.repo.user.update({ where: { id }, data: {} }); } }`,
      errors: [{ messageId: 'dropped' }],
    },
  ],
});
