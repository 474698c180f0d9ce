// The built-in explanations: every rule has one, taken from its docs page, a few sentences long.
import { describe, expect, it } from 'vitest';
import { builtInExplanation, ruleDoc, summarize, whySection } from '../../dist/cli/rule-docs.js';
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
