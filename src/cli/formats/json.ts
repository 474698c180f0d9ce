// ESLint's LintResult[], with an `explanation` on each message that has one.
import type { Formatter } from '../types.js';

export const json: Formatter = ({ results }) => `${JSON.stringify(results)}\n`;
