import { findUnprotectedWrites } from '../analysis/transactions.js';
import { createRule } from '../util/create-rule.js';
import { checkFileModel } from '../util/model-listener.js';

/** How many of the other writes the message names before it says "and N more". */
const LISTED = 2;

export default createRule({
  name: 'require-transaction',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a $transaction when one function makes two or more Prisma writes that can run together',
      config: 'recommended',
    },
    messages: {
      missingTransaction:
        '{{first}} and {{others}} write in the same function without a transaction: if a later write fails, the earlier ones stay committed and the data is left half-changed. Run them in {{client}}.$transaction([...]), or in {{client}}.$transaction(async (tx) => …) when a write needs an earlier result.',
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    return checkFileModel(context, (model) => {
        for (const group of findUnprotectedWrites(model)) {
          const [first, ...rest] = group.writes;
          if (!first || rest.length === 0) continue;
          const others = rest.map((write) => `${write.label} (line ${write.node.loc.start.line})`);
          const listed =
            others.length > LISTED + 1
              ? `${others.slice(0, LISTED).join(', ')} and ${others.length - LISTED} more`
              : others.length > 1
                ? `${others.slice(0, -1).join(', ')} and ${others[others.length - 1]}`
                : others[0]!;
          context.report({
            node: first.node,
            messageId: 'missingTransaction',
            data: { first: first.label, others: listed, client: first.clientText },
          });
        }
    });
  },
});
