// Flat configs derived from each rule's meta.docs.config, so membership is declared once.
import type { ESLint, Linter } from 'eslint';
import { rules } from '../rules/index.js';

export const PLUGIN_NAMESPACE = 'backend-architect';

export type ConfigName = 'recommended' | 'recommended-type-checked' | 'strict' | 'all';

type RuleLevel = 'recommended' | 'strict' | 'all';

/** Options `strict` and `all` turn on: the checks that trade precision for coverage. */
const STRICT_OPTIONS: Partial<Record<keyof typeof rules, unknown[]>> = {
  'no-unbounded-query': [{ checkScopedQueries: true }],
};

function rulesFor(level: RuleLevel): Linter.RulesRecord {
  const entries = Object.entries(rules)
    .filter(([, rule]) => level === 'all' || rule.meta.docs?.config === 'recommended' || (level === 'strict' && rule.meta.docs?.config === 'strict'))
    .map(([id]): [string, Linter.RuleEntry] => {
      const strictOptions = level === 'recommended' ? undefined : STRICT_OPTIONS[id as keyof typeof rules];
      return [`${PLUGIN_NAMESPACE}/${id}`, strictOptions ? ['error', ...strictOptions] : 'error'];
    });
  return Object.fromEntries(entries);
}

export function createConfigs(plugin: ESLint.Plugin): Record<ConfigName, Linter.Config> {
  const make = (name: RuleLevel): Linter.Config => ({
    name: `${PLUGIN_NAMESPACE}/${name}`,
    plugins: { [PLUGIN_NAMESPACE]: plugin },
    rules: rulesFor(name),
  });
  return {
    recommended: make('recommended'),
    // The recommended rules with type information: typescript-eslint's project service, so the
    // types decide what is a Prisma client and no-query-in-loop follows imported functions.
    'recommended-type-checked': {
      ...make('recommended'),
      name: `${PLUGIN_NAMESPACE}/recommended-type-checked`,
      languageOptions: { parserOptions: { projectService: true } },
    },
    strict: make('strict'),
    all: make('all'),
  };
}
