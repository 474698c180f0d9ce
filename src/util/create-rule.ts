import { ESLintUtils } from '@typescript-eslint/utils';

export const REPOSITORY_URL = 'https://github.com/backend-architect/eslint-plugin-backend-architect';

/** What each rule's `meta.docs` carries; the configs are derived from it. */
export interface BackendArchitectDocs {
  description: string;
  /** The smallest shipped config that enables the rule. */
  config: 'recommended' | 'strict';
  /** Needs a Prisma schema to report anything. */
  requiresSchema?: boolean;
}

export const createRule = ESLintUtils.RuleCreator<BackendArchitectDocs>(
  (name) => `${REPOSITORY_URL}/blob/main/docs/rules/${name}.md`,
);
