// Identical findings (the same rule firing with the same message on the same code, e.g. a
// copy-pasted handler or a shared helper linted through several entry points) get one
// explanation, and a run explains at most `--max-explanations` distinct findings.
import { createHash } from 'node:crypto';

/** The fields that decide whether two findings deserve the same explanation. */
export interface DedupableFinding {
  ruleId: string;
  message: string;
  /** The redacted snippet, as it would be sent. */
  snippet: string;
}

export interface FindingGroup<T extends DedupableFinding> {
  key: string;
  /** The first occurrence: the one whose snippet is sent. */
  representative: T;
  /** Every occurrence, representative included, in input order; all receive the explanation. */
  members: T[];
}

/** Same rule, message and redacted snippet → same key. Model-independent, unlike `cacheKey`. */
export function findingKey(finding: DedupableFinding): string {
  return createHash('sha256').update(JSON.stringify([finding.ruleId, finding.message, finding.snippet])).digest('hex');
}

/** Groups identical findings, keeping the order in which each was first seen. */
export function groupFindings<T extends DedupableFinding>(findings: Iterable<T>): FindingGroup<T>[] {
  const groups = new Map<string, FindingGroup<T>>();
  for (const finding of findings) {
    const key = findingKey(finding);
    const group = groups.get(key);
    if (group) group.members.push(finding);
    else groups.set(key, { key, representative: finding, members: [finding] });
  }
  return [...groups.values()];
}

export interface ExplanationSelection<T extends DedupableFinding> {
  /** The first `max` distinct findings, to be explained. */
  selected: FindingGroup<T>[];
  /** Distinct findings left out by the limit; the CLI says so rather than dropping them silently. */
  omittedGroups: number;
  /** Individual findings (duplicates counted) that get no explanation. */
  omittedFindings: number;
}

/**
 * Keeps the first `max` distinct findings (input order, so callers decide priority by sorting
 * first) and counts what was left out. `Infinity` means no limit; a negative or NaN `max` means 0.
 */
export function selectForExplanation<T extends DedupableFinding>(
  findings: Iterable<T>,
  max: number,
): ExplanationSelection<T> {
  const groups = groupFindings(findings);
  const limit = max === Infinity ? groups.length : Number.isFinite(max) ? Math.max(0, Math.floor(max)) : 0;
  const selected = groups.slice(0, limit);
  const omitted = groups.slice(limit);
  return {
    selected,
    omittedGroups: omitted.length,
    omittedFindings: omitted.reduce((total, group) => total + group.members.length, 0),
  };
}
