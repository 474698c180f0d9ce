import type { TSESLint } from '@typescript-eslint/utils';
import { getBackendModel, type BackendModel } from '../analysis/index.js';

type AnyContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/**
 * The listener of a rule that reads the shared BackendModel: `check` runs once per file, after
 * the whole file has been seen. An exception inside it ends this rule's work on this file
 * quietly — a rule that throws takes down the user's whole lint run. Set
 * BACKEND_ARCHITECT_DEBUG=1 to let it through while developing.
 */
export function checkFileModel(context: AnyContext, check: (model: BackendModel) => void): TSESLint.RuleListener {
  return {
    'Program:exit'() {
      try {
        check(getBackendModel(context));
      } catch (error) {
        if (process.env.BACKEND_ARCHITECT_DEBUG) throw error;
      }
    },
  };
}
