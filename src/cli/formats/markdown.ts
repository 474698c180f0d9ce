// Markdown for PR comments and $GITHUB_STEP_SUMMARY: a table per rule, then the findings per file
// with each explanation folded in a <details>.
import type { Formatter } from '../types.js';
import { plural, relativePath, severityName } from './shared.js';

/** Text that is safe in a markdown table cell or list item. */
function inline(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').replace(/</g, '&lt;');
}

export const markdown: Formatter = ({ results, cwd, rulesMeta }) => {
  const perRule = new Map<string, { errors: number; warnings: number }>();
  for (const result of results) {
    for (const message of result.messages) {
      const id = message.ruleId ?? '(parse error)';
      const counts = perRule.get(id) ?? { errors: 0, warnings: 0 };
      if (severityName(message) === 'error') counts.errors++;
      else counts.warnings++;
      perRule.set(id, counts);
    }
  }
  const out = ['## backend-architect', ''];
  if (perRule.size === 0) return `${out.concat('No problems found.').join('\n')}\n`;
  const errors = [...perRule.values()].reduce((sum, c) => sum + c.errors, 0);
  const warnings = [...perRule.values()].reduce((sum, c) => sum + c.warnings, 0);
  out.push(`**${plural(errors + warnings, 'problem')}** (${plural(errors, 'error')}, ${plural(warnings, 'warning')})`, '');
  out.push('| Rule | Errors | Warnings |', '| :--- | ---: | ---: |');
  for (const [id, counts] of [...perRule].sort(([a], [b]) => a.localeCompare(b))) {
    const url = rulesMeta[id]?.docs?.url;
    const name = url ? `[\`${id}\`](${url})` : `\`${id}\``;
    out.push(`| ${name} | ${counts.errors} | ${counts.warnings} |`);
  }
  for (const result of results) {
    if (result.messages.length === 0) continue;
    out.push('', `### \`${relativePath(cwd, result.filePath)}\``, '');
    for (const message of result.messages) {
      const rule = message.ruleId ? ` \`${message.ruleId}\`` : '';
      out.push(`- **${message.line ?? 0}:${message.column ?? 0}** ${severityName(message)}${rule}: ${inline(message.message)}`);
      if (message.explanation) {
        const body = message.explanation.replace(/\r?\n/g, '\n  ');
        out.push('', '  <details><summary>Why it matters</summary>', '', `  ${body}`, '', '  </details>', '');
      }
    }
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
};
