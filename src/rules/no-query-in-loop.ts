import { getBackendModel, findPerIterationQueries, suggestBatchFix } from '../analysis/index.js';
import { createRule } from '../util/create-rule.js';

export default createRule({
  name: 'no-query-in-loop',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow database queries that run once per loop iteration (N+1 queries)',
      config: 'recommended',
    },
    messages: {
      perIteration: '{{call}} runs once per iteration of this {{loop}} (N+1 queries); {{fix}}.',
      perIterationConcurrent:
        '{{call}} runs once per element of this {{loop}} (N+1 queries): Promise.all only overlaps them, it still sends N queries and can drain the connection pool; {{fix}}.',
      perIterationVia: '{{callee}}() runs {{call}} and is called once per iteration of this {{loop}} (N+1 queries); {{fix}}.',
    },
    schema: [],
  },
  create(context) {
    return {
      'Program:exit'() {
        const model = getBackendModel(context);
        for (const finding of findPerIterationQueries(model)) {
          const { iteration, query } = finding;
          const data = {
            call: query.label,
            loop: iteration.description,
            fix: suggestBatchFix(query),
            callee: finding.viaName ?? 'this function',
          };
          const concurrent = iteration.kind === 'callback' && iteration.method === 'map' && /Promise\.all/.test(model.getText(iteration.node.parent ?? iteration.node));
          context.report({
            node: finding.node,
            messageId: finding.via ? 'perIterationVia' : concurrent ? 'perIterationConcurrent' : 'perIteration',
            data,
          });
        }
      },
    };
  },
});
