import type { InputSource } from '../analysis/index.js';
import { createRule } from '../util/create-rule.js';
import { checkFileModel } from '../util/model-listener.js';

type Options = [{ checkSingleParams?: boolean }];
type MessageId = 'unvalidated' | 'unvalidatedActionArgument' | 'unvalidatedNestParameter' | 'passthroughInput';

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
        '`{{source}}` is used in this {{handler}} without validation. Parse it with a schema (`schema.safeParse(...)`, `schema.parse(...)`) and use the parsed result; a cast (`as T`) checks nothing at runtime.',
      unvalidatedActionArgument:
        "Argument `{{source}}` of {{handler}} is used without validation. Every export of a 'use server' file is a public endpoint whose arguments come from the client, and TypeScript types are not checked at runtime: parse it with a schema, or move helpers that are not actions out of the 'use server' file.",
      unvalidatedNestParameter:
        '`{{source}}` in this {{handler}} is not validated: ValidationPipe only checks parameters typed with a DTO class (an interface, a type alias, an object type, `any` or an `import type` leaves nothing to check at runtime). Use a class-validator DTO or a validation pipe such as `new ZodValidationPipe(schema)`.',
      passthroughInput:
        'This tRPC .input() returns its argument unchecked, so `{{source}}` is unvalidated; pass a schema to .input() instead.',
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
    return checkFileModel(context, (model) => {
      for (const source of model.inputSources({ singleReads: options.checkSingleParams ?? false })) {
        if (source.validated || !source.used) continue;
        report(source);
      }
    });

    function report(source: InputSource): void {
      context.report({
        node: source.node,
        messageId: messageIdOf(source),
        data: { source: source.label, handler: source.handler.label },
      });
    }
  },
});

function messageIdOf(source: InputSource): MessageId {
  if (source.kind === 'procedure-input') return 'passthroughInput';
  if (source.kind === 'argument') return 'unvalidatedActionArgument';
  if (source.handler.kind === 'nest-controller' && source.label.startsWith('@') && !source.single) return 'unvalidatedNestParameter';
  return 'unvalidated';
}
