// The plugin's shape: every rule documented and tested, configs derived from meta.docs, docs in sync.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { rules } from '../src/rules/index.js';

const root = join(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
const ruleIds = Object.keys(rules);

describe('plugin object', () => {
  it('names itself after the package and uses the backend-architect namespace', () => {
    expect(plugin.meta).toEqual({ name: pkg.name, version: pkg.version, namespace: 'backend-architect' });
  });

  it.each(ruleIds)('%s has a doc page, a test suite and complete meta', (id) => {
    const rule = rules[id as keyof typeof rules];
    expect(existsSync(join(root, 'docs/rules', `${id}.md`))).toBe(true);
    expect(existsSync(join(root, 'tests/rules', `${id}.test.ts`))).toBe(true);
    expect(rule.meta.docs.url).toBe(`https://github.com/backend-architect/eslint-plugin-backend-architect/blob/main/docs/rules/${id}.md`);
    expect(rule.meta.docs.description.length).toBeGreaterThan(20);
    expect(['recommended', 'strict']).toContain(rule.meta.docs.config);
    // Every option has a description (the doc generator and editors show it).
    for (const schema of rule.meta.schema as { properties?: Record<string, { description?: string }> }[]) {
      for (const [name, option] of Object.entries(schema.properties ?? {})) {
        expect(option.description, `${id} option ${name}`).toBeTruthy();
      }
    }
  });
});

describe('configs', () => {
  const enabled = (name: 'recommended' | 'strict' | 'all'): string[] =>
    Object.keys(plugin.configs[name].rules ?? {}).map((key) => key.replace('backend-architect/', '')).sort();

  it('derive their rules from meta.docs.config', () => {
    const recommended = ruleIds.filter((id) => rules[id as keyof typeof rules].meta.docs.config === 'recommended').sort();
    expect(enabled('recommended')).toEqual(recommended);
    expect(enabled('strict')).toEqual([...ruleIds].sort());
    expect(enabled('all')).toEqual([...ruleIds].sort());
  });

  it('strict and all turn on the coverage options; recommended runs every rule with its defaults', () => {
    expect(plugin.configs.recommended.rules?.['backend-architect/no-unbounded-query']).toBe('error');
    expect(plugin.configs.strict.rules?.['backend-architect/no-unbounded-query']).toEqual(['error', { checkScopedQueries: true }]);
    expect(plugin.configs.all.rules?.['backend-architect/no-unbounded-query']).toEqual(['error', { checkScopedQueries: true }]);
    expect(Object.values(plugin.configs.recommended.rules ?? {}).every((entry) => entry === 'error')).toBe(true);
  });

  it('recommended-type-checked: the recommended rules, with the project service on', () => {
    const config = plugin.configs['recommended-type-checked'];
    expect(config.name).toBe('backend-architect/recommended-type-checked');
    expect(config.plugins?.['backend-architect']).toBe(plugin);
    expect(config.rules).toEqual(plugin.configs.recommended.rules);
    expect(config.languageOptions?.parserOptions).toEqual({ projectService: true });
    expect(Object.keys(plugin.configs).sort()).toEqual(['all', 'recommended', 'recommended-type-checked', 'strict']);
  });

  it('carry the plugin and a name, and lint TypeScript when placed beside a parser config', () => {
    const config = plugin.configs.recommended;
    expect(config.name).toBe('backend-architect/recommended');
    expect(config.plugins?.['backend-architect']).toBe(plugin);
    const linter = new Linter({ configType: 'flat' });
    const messages = linter.verify(
      'export async function GET() { for (const id of ids) { await prisma.user.findUnique({ where: { id } }); } }',
      [{ files: ['**/*.ts'], languageOptions: { parser: tsParser as Linter.Parser } }, config],
      { filename: 'app/api/users/route.ts' },
    );
    expect(messages.map((message) => message.ruleId)).toEqual(['backend-architect/no-query-in-loop']);
  });
});

describe('documentation', () => {
  it('README rule list and doc headers match the rules (eslint-doc-generator --check)', () => {
    // Reads the built plugin: `npm test` builds before running vitest.
    expect(() =>
      execFileSync(join(root, 'node_modules/.bin/eslint-doc-generator'), ['--check'], { cwd: root, stdio: 'pipe' }),
    ).not.toThrow();
  });
});
