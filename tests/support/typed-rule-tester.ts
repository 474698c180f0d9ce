// RuleTester with type information: typescript-eslint's project service over tests/fixtures/typed,
// one program for the whole suite. Test code is linted as tests/fixtures/typed/app/api/typed/route.ts
// (an empty file on disk, so the fixture tsconfig includes it; a route file, so the `fixtures/`
// folder does not make it a non-production file), importing the fixture modules.
import { join } from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { afterAll, describe, it } from 'vitest';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

export const typedFixturesDir = join(import.meta.dirname, '../fixtures/typed');
export const typedFile = join(typedFixturesDir, 'app/api/typed/route.ts');

export function createTypedRuleTester(settings: Record<string, unknown> = {}): RuleTester {
  return new RuleTester({
    languageOptions: {
      parserOptions: {
        ecmaVersion: 'latest',
        sourceType: 'module',
        projectService: { allowDefaultProject: ['*.ts'] },
        tsconfigRootDir: typedFixturesDir,
      },
    },
    settings: { 'backend-architect': settings },
  });
}
