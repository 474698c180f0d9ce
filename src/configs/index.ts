// Flat configs derived from each rule's meta.docs.config, so membership is declared once.
import type { ESLint, Linter } from 'eslint';
import { rules } from '../rules/index.js';

export const PLUGIN_NAMESPACE = 'backend-architect';

export type ConfigName = 'recommended' | 'recommended-type-checked' | 'strict' | 'all';

type RuleLevel = 'recommended' | 'strict' | 'all';

function rulesFor(level: RuleLevel): Linter.RulesRecord {
  const entries = Object.entries(rules)
    .filter(([, rule]) => level === 'all' || rule.meta.docs?.config === 'recommended' || (level === 'strict' && rule.meta.docs?.config === 'strict'))
    .map(([id]) => [`${PLUGIN_NAMESPACE}/${id}`, 'error'] as const);
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
