#!/usr/bin/env node
// `npm run demo`: lints the bundled example app (examples/next-app) with the built plugin's
// `recommended` config and prints what a reviewer would see. A demo, not a gate: it exits 0
// when there are findings and non-zero only when linting itself fails.
import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';
import { ESLint } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import plugin from '../dist/index.js';

const appDir = fileURLToPath(new URL('../examples/next-app/', import.meta.url));

/** The flat config a user of the plugin would write: the TypeScript parser, then `recommended`. */
const overrideConfig = [
  { ignores: ['**/node_modules/**', '**/.next/**', '**/dist/**'] },
  {
    files: ['**/*.{ts,tsx,mts,cts}'],
    languageOptions: { parser: tsParser },
  },
  plugin.configs.recommended,
];

async function main() {
  const eslint = new ESLint({ cwd: appDir, overrideConfigFile: true, overrideConfig });
  const results = await eslint.lintFiles(['.']);

  const formatter = await eslint.loadFormatter('stylish');
  const output = await formatter.format(results, { cwd: appDir, rulesMeta: eslint.getRulesMetaForResults(results) });
  console.log(`Linting ${relative(process.cwd(), appDir) || '.'} (${results.length} files) with backend-architect/recommended`);
  if (output) console.log(output);

  const perRule = new Map(Object.keys(plugin.configs.recommended.rules ?? {}).map((id) => [id, 0]));
  let fatal = 0;
  for (const result of results) {
    for (const message of result.messages) {
      if (message.fatal || !message.ruleId) fatal++;
      else perRule.set(message.ruleId, (perRule.get(message.ruleId) ?? 0) + 1);
    }
  }
  const total = [...perRule.values()].reduce((sum, n) => sum + n, 0);
  const counts = [...perRule].map(([id, n]) => `${id.replace(/^backend-architect\//, '')} ${n}`).join(', ');
  console.log(`${total} findings in ${results.length} files: ${counts}${fatal ? `; ${fatal} parse errors` : ''}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 2;
});
