import { getBackendModel, type InputSource } from '../analysis/index.js';
import { createRule } from '../util/create-rule.js';

type Options = [{ checkSingleParams?: boolean }];
type MessageId = 'unvalidated' | 'passthroughInput';

export default createRule<Options, MessageId>({
  name: 'require-input-validation',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require request input to pass through schema validation (Zod or a configured validator) before it is used',
      config: 'recommended',
    },
    messages: {
      unvalidated:
        '{{source}} is used in this {{handler}} without validation; parse it with a Zod schema (schema.safeParse / schema.parse) and use the parsed value. A cast (`as T`) checks nothing at runtime.',
      passthroughInput:
        'This tRPC .input() returns its argument unchecked, so `{{source}}` is unvalidated; pass a Zod schema to .input() instead.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          checkSingleParams: {
            type: 'boolean',
            description:
              'Also require validation of single query or path parameters (`req.query.page`, `searchParams.get("q")`, `req.params.id`), not only whole bodies and query objects.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ checkSingleParams: false }],
  },
  create(context, [options]) {
    return {
      'Program:exit'() {
        const model = getBackendModel(context);
        const sources = model.inputSources({ singleReads: options.checkSingleParams ?? false });
        for (const source of sources) {
          if (source.validated || !source.used) continue;
          report(source);
        }
      },
    };

    function report(source: InputSource): void {
      context.report({
        node: source.node,
        messageId: source.kind === 'procedure-input' ? 'passthroughInput' : 'unvalidated',
        data: { source: source.label, handler: source.handler.label },
      });
    }
  },
});
