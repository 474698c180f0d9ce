// The BackendModel of a snippet linted with type information, as the file
// tests/fixtures/typed/app/api/typed/route.ts of the typed fixture project.
import { Linter, type Rule } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { getBackendModel, type BackendModel } from '../../src/analysis/index.js';
import { typedFile, typedFixturesDir } from './typed-rule-tester.js';

export function typedModelOf(code: string): BackendModel {
  let model: BackendModel | undefined;
  const probe: Rule.RuleModule = {
    meta: { type: 'problem', schema: [] },
    create(context) {
      return {
        'Program:exit'() {
          model = getBackendModel(context as never);
          void model.dbCalls; // classify while the program is the one this file was parsed with
        },
      };
    },
  };
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: {
          parser: tsParser as Linter.Parser,
          parserOptions: { projectService: { allowDefaultProject: ['*.ts'] }, tsconfigRootDir: typedFixturesDir },
        },
        plugins: { probe: { rules: { model: probe } } },
        rules: { 'probe/model': 'error' },
      },
    ],
    { filename: typedFile },
  );
  const fatal = messages.find((message) => message.fatal);
  if (fatal) throw new Error(`parse error: ${fatal.message}`);
  if (!model) throw new Error('model was not built');
  return model;
}
