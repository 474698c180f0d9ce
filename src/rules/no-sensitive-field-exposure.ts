import { DEFAULT_SENSITIVE_FIELDS, findSensitiveExposures, nameWords } from '../analysis/sensitive-data.js';
import { createRule } from '../util/create-rule.js';
import { checkFileModel } from '../util/model-listener.js';

type Options = [{ sensitiveFields?: string[] }];

export default createRule<Options, 'exposed'>({
  name: 'no-sensitive-field-exposure',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow sending Prisma rows with password hashes, tokens or secrets in a response',
      config: 'recommended',
      requiresSchema: true,
    },
    messages: {
      exposed:
        '{{call}} returns {{fields}}, and the result is sent in {{sink}}; select the fields the client needs, or omit: { {{omit}} }.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          sensitiveFields: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description:
              'More field-name patterns to treat as sensitive, added to the defaults (password, passwordHash, hash, salt, secret, token, apiKey, totp, otp, resetToken, refreshToken, accessToken, privateKey). Matched on whole words of the field name, case-insensitively: `ssn` matches `ssn` and `userSsn`, not `lessons`.',
          },
        },
        additionalProperties: false,
      },
    ],
  },
  defaultOptions: [{}],
  create(context, [options]) {
    const patterns = [...DEFAULT_SENSITIVE_FIELDS, ...(options.sensitiveFields ?? [])].map(nameWords);
    return checkFileModel(context, (model) => {
      const schema = model.schema;
      if (!schema || model.isTestOrSeed) return;
      for (const { call, fields, sink } of findSensitiveExposures(model, schema, patterns)) {
        context.report({
          node: call.node,
          messageId: 'exposed',
          data: {
            call: call.label,
            fields: fields.map((leak) => `${leak.model}.${leak.field}`).join(', '),
            sink,
            omit: [...new Set(fields.map((leak) => leak.field))].map((field) => `${field}: true`).join(', '),
          },
        });
      }
    });
  },
});

