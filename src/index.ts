import { createRequire } from 'node:module';
import type { ESLint, Linter, Rule } from 'eslint';
import { createConfigs, PLUGIN_NAMESPACE, type ConfigName } from './configs/index.js';
import { rules } from './rules/index.js';
import { schemaFingerprint } from './analysis/schema.js';

const require = createRequire(import.meta.url);
const { name, version } = require('../package.json') as { name: string; version: string };

const plugin = {
  meta: { name, version, namespace: PLUGIN_NAMESPACE },
  rules: rules as unknown as Record<string, Rule.RuleModule>,
  configs: {} as Record<ConfigName, Linter.Config>,
} satisfies ESLint.Plugin;

Object.assign(plugin.configs, createConfigs(plugin));

// ESLint's --cache keys results on file content and config: carrying the schema's fingerprint in
// the configs' settings makes a schema change invalidate cached results of unchanged files.
const fingerprint = schemaFingerprint(process.cwd());
if (fingerprint) {
  for (const config of Object.values(plugin.configs) as Linter.Config[]) {
    config.settings = { ...config.settings, [PLUGIN_NAMESPACE]: { schemaFingerprint: fingerprint } };
  }
}

export default plugin;
