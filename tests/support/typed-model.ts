// The BackendModel of a snippet linted with type information, as the file
// tests/fixtures/typed/app/api/typed/route.ts of the typed fixture project.
import type { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import type { BackendModel } from '../../src/analysis/index.js';
import { modelThroughLinter } from './model.js';
import { typedFile, typedFixturesDir } from './typed-rule-tester.js';

export function typedModelOf(code: string): BackendModel {
  return modelThroughLinter(code, {
    filename: typedFile,
    files: '**/*.ts',
    languageOptions: {
      parser: tsParser as Linter.Parser,
      parserOptions: { projectService: { allowDefaultProject: ['*.ts'] }, tsconfigRootDir: typedFixturesDir },
    },
  });
}
