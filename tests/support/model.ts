// Builds the BackendModel of a snippet through a real ESLint run, for tests of the analysis core.
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import type { Rule } from 'eslint';
import { getBackendModel, type BackendModel } from '../../src/analysis/index.js';

export function modelOf(code: string, options: { filename?: string; settings?: Record<string, unknown> } = {}): BackendModel {
  let model: BackendModel | undefined;
  const probe: Rule.RuleModule = {
    meta: { type: 'problem', schema: [] },
    create(context) {
      return {
        'Program:exit'() {
          model = getBackendModel(context as never);
        },
      };
    },
  };
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(
    code,
    [
      {
        files: ['**/*.{ts,tsx,js,jsx,mjs,cjs,mts,cts}'],
        languageOptions: { parser: tsParser as Linter.Parser, parserOptions: { ecmaFeatures: { jsx: true } } },
        plugins: { probe: { rules: { model: probe } } },
        rules: { 'probe/model': 'error' },
        settings: { 'backend-architect': options.settings ?? {} },
      },
    ],
    { filename: options.filename ?? 'src/file.ts' },
  );
  const fatal = messages.find((message) => message.fatal);
  if (fatal) throw new Error(`parse error: ${fatal.message}`);
  if (!model) throw new Error('model was not built');
  return model;
}

/** Labels of the DB calls the model found, in source order. */
export function dbCallLabels(code: string, options?: Parameters<typeof modelOf>[1]): string[] {
  return modelOf(code, options).dbCalls.map((call) => call.label);
}
