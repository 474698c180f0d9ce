import noLeakedDbClient from './no-leaked-db-client.js';
import noQueryInLoop from './no-query-in-loop.js';
import requireInputValidation from './require-input-validation.js';

export const rules = {
  'no-leaked-db-client': noLeakedDbClient,
  'no-query-in-loop': noQueryInLoop,
  'require-input-validation': requireInputValidation,
};

export type RuleId = keyof typeof rules;
