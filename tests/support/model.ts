// Builds the BackendModel of a snippet through a real ESLint run, for tests of the analysis core.
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import type { Rule } from 'eslint';
import { getBackendModel, type BackendModel } from '../../src/analysis/index.js';

/** Lints `code` as `filename` with a probe rule that builds the model at Program:exit. */
export function modelThroughLinter(
  code: string,
  options: { filename: string; files: string; languageOptions: Linter.LanguageOptions; settings?: Record<string, unknown> },
): BackendModel {
  let model: BackendModel | undefined;
  const probe: Rule.RuleModule = {
    meta: { type: 'problem', schema: [] },
    create(context) {
      return {
        'Program:exit'() {
          model = getBackendModel(context as never);
          void model.dbCalls; // classify while the program (and its types) is the one this file was parsed with
        },
      };
    },
  };
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(
    code,
    [
      {
        files: [options.files],
        languageOptions: options.languageOptions,
        plugins: { probe: { rules: { model: probe } } },
        rules: { 'probe/model': 'error' },
        ...(options.settings ? { settings: options.settings } : {}),
      },
    ],
    { filename: options.filename },
  );
  const fatal = messages.find((message) => message.fatal);
  if (fatal) throw new Error(`parse error: ${fatal.message}`);
  if (!model) throw new Error('model was not built');
  return model;
}

export function modelOf(code: string, options: { filename?: string; settings?: Record<string, unknown> } = {}): BackendModel {
  return modelThroughLinter(code, {
    filename: options.filename ?? 'src/file.ts',
    files: '**/*.{ts,tsx,js,jsx,mjs,cjs,mts,cts}',
    languageOptions: { parser: tsParser as Linter.Parser, parserOptions: { ecmaFeatures: { jsx: true } } },
    settings: { 'backend-architect': options.settings ?? {} },
  });
}

/** Labels of the DB calls the model found, in source order. */
export function dbCallLabels(code: string, options?: Parameters<typeof modelOf>[1]): string[] {
  return modelOf(code, options).dbCalls.map((call) => call.label);
}
