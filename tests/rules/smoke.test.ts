import rule from '../../src/rules/no-query-in-loop.js';
import { createRuleTester } from '../support/rule-tester.js';

createRuleTester().run('no-query-in-loop', rule, {
  valid: ['const x = 1;'],
  invalid: [
    {
      code: 'for (const id of ids) { await prisma.post.findMany({ where: { authorId: id } }); }',
      errors: [{ messageId: 'perIteration' }],
    },
  ],
});
