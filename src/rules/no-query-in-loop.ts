import { findPerIterationQueries, suggestBatchFix } from '../analysis/index.js';
import { createRule } from '../util/create-rule.js';
import { checkFileModel } from '../util/model-listener.js';

export default createRule({
  name: 'no-query-in-loop',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow database queries that run once per loop iteration (N+1 queries)',
      config: 'recommended',
    },
    messages: {
      perIteration: '{{call}} runs once per {{unit}} of this {{loop}} (N+1 queries); {{fix}}.',
      perIterationConcurrent:
        '{{call}} runs once per element of this {{loop}} (N+1 queries): running them concurrently still sends N queries and can drain the connection pool; {{fix}}.',
      perIterationVia: '{{callee}}() runs {{call}} and is called once per {{unit}} of this {{loop}} (N+1 queries); {{fix}}.',
    },
    schema: [],
  },
  create(context) {
    return checkFileModel(context, (model) => {
        for (const finding of findPerIterationQueries(model)) {
          const { iteration, query } = finding;
          context.report({
            node: finding.node,
            messageId: finding.via || finding.viaModule ? 'perIterationVia' : finding.concurrent ? 'perIterationConcurrent' : 'perIteration',
            data: {
              call: query.label,
              loop: iteration.description,
              unit: iteration.kind === 'loop' ? 'iteration' : 'element',
              fix: suggestBatchFix(query),
              callee: finding.viaName ?? 'this function',
            },
          });
        }
    });
  },
});
