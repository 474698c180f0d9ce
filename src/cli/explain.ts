// The explain pass: adds an explanation to each finding of this plugin's rules. It never changes
// the results otherwise, and never the exit code.
import type { CliOptions } from './args.js';
import { builtInExplanation, isOwnRule } from './rule-docs.js';
import type { ExplainedResult } from './types.js';

export interface ExplainIo {
  env: NodeJS.ProcessEnv;
  /** One line to stderr. */
  warn(line: string): void;
}

export const NO_KEY_HINT =
  'backend-architect: showing built-in explanations from the rule docs; set ANTHROPIC_API_KEY to get AI explanations from Claude (in a later version).';
export const AI_UNAVAILABLE =
  'backend-architect: ANTHROPIC_API_KEY is set, but AI explanations are not available in this version; showing built-in explanations from the rule docs. Nothing was sent.';

/** Adds the built-in explanation (from the rule's docs page) to each of this plugin's findings. */
export function addBuiltInExplanations(results: ExplainedResult[]): number {
  let count = 0;
  for (const result of results) {
    for (const message of result.messages) {
      if (!isOwnRule(message.ruleId)) continue;
      const explanation = builtInExplanation(message.ruleId);
      if (explanation) {
        message.explanation = explanation;
        count++;
      }
    }
  }
  return count;
}

/**
 * The AI pass, with an API key. NOT BUILT YET: this is the one function the Claude pass
 * (src/ai/) replaces. For now it says once on stderr that AI explanations are not available and
 * falls back to the built-in ones. It must not touch the network.
 */
export async function explainWithClaude(results: ExplainedResult[], _options: CliOptions, io: ExplainIo): Promise<void> {
  io.warn(AI_UNAVAILABLE);
  addBuiltInExplanations(results);
}

/** Explains the findings in place: with Claude when a key is set, from the docs otherwise. */
export async function explainResults(results: ExplainedResult[], options: CliOptions, io: ExplainIo): Promise<void> {
  if (!results.some((result) => result.messages.some((message) => isOwnRule(message.ruleId)))) return;
  if (io.env.ANTHROPIC_API_KEY) {
    await explainWithClaude(results, options, io);
    return;
  }
  addBuiltInExplanations(results);
  io.warn(NO_KEY_HINT);
}
