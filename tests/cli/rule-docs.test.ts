// The built-in explanations: every rule has one, taken from its docs page, a few sentences long.
import { describe, expect, it } from 'vitest';
import { builtInExplanation, ruleDoc, rulesReference, summarize, whySection } from '../../dist/cli/rule-docs.js';
import { rules } from '../../dist/rules/index.js';

describe('built-in explanations from docs/rules', () => {
  it.each(Object.keys(rules))('%s has a short explanation from its docs page', (id) => {
    const explanation = builtInExplanation(`backend-architect/${id}`);
    expect(explanation).toBeTruthy();
    expect(explanation!.length).toBeGreaterThan(80);
    expect(explanation!.length).toBeLessThan(800);
    expect(explanation).not.toMatch(/```|<!--|\n/);
    expect(explanation).toMatch(/[.!?]$/);
    expect(ruleDoc(`backend-architect/${id}`)?.url).toMatch(new RegExp(`/docs/rules/${id}\\.md$`));
  });

  it('gives nothing for other rules', () => {
    expect(builtInExplanation('no-console')).toBeUndefined();
    expect(builtInExplanation('backend-architect/no-such-rule')).toBeUndefined();
    expect(builtInExplanation(null)).toBeUndefined();
  });

  it('prefers the "Why it matters" section and skips code, lists and headings', () => {
    const page = '# x\n\nbadge\n\n<!-- end auto-generated rule header -->\n\nWhat it reports.\n\n## Why it matters in production\n\nFirst. Second one:\n\n- the item;\n- another\n\n```ts\ncode();\n```\n\n## Examples\n\nNo.';
    expect(whySection(page)).toMatch(/^First\. Second one:/);
    expect(whySection(page)).not.toContain('Examples');
    expect(summarize(whySection(page))).toBe('First. Second one: the item.');
  });
});

describe('rulesReference (the rules summary in the cached system prefix)', () => {
  const ids = Object.keys(rules).sort();

  it('has one line per rule, sorted by rule id, each naming the rule and its description', () => {
    const lines = rulesReference().split('\n');
    expect(ids).toHaveLength(11);
    expect(lines).toHaveLength(11);
    expect(lines.map((line) => /^- backend-architect\/([a-z-]+): /.exec(line)?.[1])).toEqual(ids);
    for (const [i, line] of lines.entries()) {
      const doc = ruleDoc(`backend-architect/${ids[i]}`);
      expect(line).toContain(doc!.description.replace(/\.$/, ''));
      expect(line).toContain(doc!.explanation);
      expect(line).toMatch(/[.!?]$/);
      expect(line).not.toMatch(/\.\.(\s|$)|<!--|```/);
      expect(line.length).toBeLessThan(1000);
    }
  });

  it('is byte-identical across calls, so the prompt-cache prefix hits', () => {
    const first = rulesReference();
    expect(rulesReference()).toBe(first);
    expect(first).not.toMatch(/\n$/);
    expect(first.length).toBeGreaterThan(11 * 100);
  });
});
