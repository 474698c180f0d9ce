// ESLint's stylish layout, grouped by file, with each explanation wrapped under its finding.
import { styleText } from 'node:util';
import type { Formatter } from '../types.js';
import { plural, relativePath, severityName, wrap } from './shared.js';

type Style = Parameters<typeof styleText>[0];

// We decide on colour ourselves (a TTY, no NO_COLOR), so styleText must not second-guess it.
export const stylish: Formatter = ({ results, cwd, color, width }) => {
  const paint = (style: Style, text: string): string => (color ? styleText(style, text, { validateStream: false }) : text);
  const out: string[] = [];
  let errors = 0;
  let warnings = 0;
  let fixable = 0;
  for (const result of results) {
    if (result.messages.length === 0) continue;
    errors += result.errorCount;
    warnings += result.warningCount;
    fixable += result.fixableErrorCount + result.fixableWarningCount;
    out.push('', paint('underline', relativePath(cwd, result.filePath)));
    const rows = result.messages.map((message) => ({
      message,
      position: `${message.line ?? 0}:${message.column ?? 0}`,
      severity: severityName(message),
    }));
    const positionWidth = Math.max(...rows.map((row) => row.position.length));
    for (const { message, position, severity } of rows) {
      const level = severity === 'error' ? paint('red', 'error  ') : paint('yellow', 'warning');
      const text = message.message.replace(/([^ ])\.$/, '$1');
      out.push(`  ${paint('dim', position.padEnd(positionWidth))}  ${level}  ${text}  ${paint('dim', message.ruleId ?? '')}`.trimEnd());
      if (message.explanation) {
        const indent = ' '.repeat(positionWidth + 4);
        // prose is wrapped paragraph by paragraph; fenced code is printed as is, without the fences
        const paragraphs = message.explanation.split(/(```[^\n]*\n[\s\S]*?\n```)/);
        let first = true;
        for (const paragraph of paragraphs.flatMap((part) => (part.startsWith('```') ? [part] : part.split(/\n\s*\n/))).filter((p) => p.trim())) {
          if (!first) out.push('');
          first = false;
          if (paragraph.startsWith('```')) {
            for (const line of paragraph.split('\n').slice(1, -1)) out.push(`${indent}  ${paint('dim', line)}`.trimEnd());
            continue;
          }
          for (const line of wrap(paragraph, Math.max(40, width - indent.length))) {
            out.push(`${indent}${paint('italic', line)}`);
          }
        }
        out.push('');
      }
    }
  }
  const total = errors + warnings;
  if (total === 0) return '';
  const summary = `\u2716 ${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')})`;
  out.push('', paint(['bold', errors > 0 ? 'red' : 'yellow'], summary));
  if (fixable > 0) out.push(paint(['bold', errors > 0 ? 'red' : 'yellow'], `  ${plural(fixable, 'problem')} potentially fixable with \`eslint --fix\`.`));
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
};
