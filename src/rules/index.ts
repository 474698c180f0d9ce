import noLeakedDbClient from './no-leaked-db-client.js';
import noOuterClientInTransaction from './no-outer-client-in-transaction.js';
import noQueryInLoop from './no-query-in-loop.js';
import noSensitiveFieldExposure from './no-sensitive-field-exposure.js';
import noSlowCallInTransaction from './no-slow-call-in-transaction.js';
import noUnawaitedQuery from './no-unawaited-query.js';
import noUnboundedQuery from './no-unbounded-query.js';
import noUnsafeRawQuery from './no-unsafe-raw-query.js';
import requireIndexForQuery from './require-index-for-query.js';
import requireInputValidation from './require-input-validation.js';
import requireTransaction from './require-transaction.js';

export const rules = {
  'no-leaked-db-client': noLeakedDbClient,
  'no-outer-client-in-transaction': noOuterClientInTransaction,
  'no-query-in-loop': noQueryInLoop,
  'no-sensitive-field-exposure': noSensitiveFieldExposure,
  'no-slow-call-in-transaction': noSlowCallInTransaction,
  'no-unawaited-query': noUnawaitedQuery,
  'no-unbounded-query': noUnboundedQuery,
  'no-unsafe-raw-query': noUnsafeRawQuery,
  'require-index-for-query': requireIndexForQuery,
  'require-input-validation': requireInputValidation,
  'require-transaction': requireTransaction,
};

export type RuleId = keyof typeof rules;
