// Shared shapes of the CLI: ESLint's results, with an explanation on the findings that have one.
import type { ESLint, Linter } from 'eslint';

export type ExplainedMessage = Linter.LintMessage & { explanation?: string };

export type ExplainedResult = Omit<ESLint.LintResult, 'messages'> & { messages: ExplainedMessage[] };

export const FORMATS = ['stylish', 'json', 'markdown', 'sarif'] as const;
export type FormatName = (typeof FORMATS)[number];

/** What a formatter gets: the results, where they were linted from, and how to print. */
export interface Report {
  results: ExplainedResult[];
  /** Paths in the output are relative to this directory. */
  cwd: string;
  /** Rule metadata ESLint reported for the results (other plugins' rules too), when known. */
  rulesMeta: Record<string, { docs?: { description?: string; url?: string } } | undefined>;
  color: boolean;
  /** Terminal width for wrapping explanations. */
  width: number;
}

export type Formatter = (report: Report) => string;
