import { createRequire } from 'node:module';
import type { ESLint, Linter, Rule } from 'eslint';
import { createConfigs, PLUGIN_NAMESPACE } from './configs/index.js';
import { rules } from './rules/index.js';

const require = createRequire(import.meta.url);
const { name, version } = require('../package.json') as { name: string; version: string };

const plugin = {
  meta: { name, version, namespace: PLUGIN_NAMESPACE },
  rules: rules as unknown as Record<string, Rule.RuleModule>,
  configs: {} as Record<'recommended' | 'strict' | 'all', Linter.Config>,
} satisfies ESLint.Plugin;

Object.assign(plugin.configs, createConfigs(plugin));

export default plugin;
