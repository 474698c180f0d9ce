import { describe, expect, it } from 'vitest';
import { findingKey, groupFindings, selectForExplanation } from '../../src/ai/dedupe.js';

interface TestFinding {
  ruleId: string;
  message: string;
  snippet: string;
  filePath: string;
}

const make = (filePath: string, ruleId = 'r1', message = 'm', snippet = 's'): TestFinding => ({ filePath, ruleId, message, snippet });

describe('findingKey', () => {
  it('depends on rule, message and snippet only', () => {
    expect(findingKey(make('a.ts'))).toBe(findingKey(make('b.ts')));
    expect(findingKey(make('a.ts', 'r2'))).not.toBe(findingKey(make('a.ts')));
    expect(findingKey(make('a.ts', 'r1', 'm2'))).not.toBe(findingKey(make('a.ts')));
    expect(findingKey(make('a.ts', 'r1', 'm', 's2'))).not.toBe(findingKey(make('a.ts')));
    expect(findingKey(make('a.ts', 'ab', 'c'))).not.toBe(findingKey(make('a.ts', 'a', 'bc')));
  });
});

describe('groupFindings', () => {
  it('groups identical findings in first-seen order, keeping every member', () => {
    const findings = [make('a.ts'), make('b.ts', 'r2'), make('c.ts'), make('d.ts', 'r2'), make('e.ts', 'r3')];
    const groups = groupFindings(findings);
    expect(groups.map((group) => group.representative.filePath)).toEqual(['a.ts', 'b.ts', 'e.ts']);
    expect(groups.map((group) => group.members.map((member) => member.filePath))).toEqual([
      ['a.ts', 'c.ts'],
      ['b.ts', 'd.ts'],
      ['e.ts'],
    ]);
    expect(groups[0]?.key).toBe(findingKey(findings[0]!));
  });

  it('handles no findings', () => {
    expect(groupFindings([])).toEqual([]);
  });
});

describe('selectForExplanation', () => {
  const findings = [make('a.ts', 'r1'), make('b.ts', 'r1'), make('c.ts', 'r2'), make('d.ts', 'r3'), make('e.ts', 'r3'), make('f.ts', 'r4')];

  it('keeps the first N distinct findings and reports what was left out', () => {
    const selection = selectForExplanation(findings, 2);
    expect(selection.selected.map((group) => group.representative.ruleId)).toEqual(['r1', 'r2']);
    expect(selection.selected[0]?.members).toHaveLength(2);
    expect(selection.omittedGroups).toBe(2);
    expect(selection.omittedFindings).toBe(3);
  });

  it('selects everything when the limit is large enough', () => {
    const selection = selectForExplanation(findings, 25);
    expect(selection.selected).toHaveLength(4);
    expect(selection).toMatchObject({ omittedGroups: 0, omittedFindings: 0 });
    expect(selectForExplanation(findings, Infinity).selected).toHaveLength(4);
  });

  it.each([0, -3, Number.NaN])('treats %s as "explain nothing"', (max) => {
    expect(selectForExplanation(findings, max)).toMatchObject({ selected: [], omittedGroups: 4, omittedFindings: 6 });
  });

  it('floors fractional limits', () => {
    expect(selectForExplanation(findings, 1.9).selected).toHaveLength(1);
  });
});
