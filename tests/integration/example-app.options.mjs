// ESLint constructor options for linting examples/next-app, shared by example-app.test.ts.
// It is also an ESLint "options module": with `concurrency`, ESLint's worker threads import this
// file themselves, because a plugin object and a parser cannot be cloned into a worker.
import { fileURLToPath } from 'node:url';
import tsParser from '@typescript-eslint/parser';
import plugin from '../../dist/index.js';

export const appDir = fileURLToPath(new URL('../../examples/next-app/', import.meta.url));

/** The same configuration scripts/demo.mjs uses: the TypeScript parser, then `recommended`. */
export const lintOptions = {
  cwd: appDir,
  overrideConfigFile: true,
  overrideConfig: [
    { ignores: ['**/node_modules/**', '**/.next/**', '**/dist/**'] },
    { files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tsParser } },
    plugin.configs.recommended,
  ],
};

/** Loaded through `ESLint.fromOptionsModule(url)`. */
export default { ...lintOptions, concurrency: 2 };
