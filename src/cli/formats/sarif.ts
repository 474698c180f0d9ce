// SARIF 2.1.0 for GitHub code scanning: rule help from the docs, the explanation in the message.
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import type { Log, ReportingDescriptor, Result, Notification } from 'sarif';
import { REPOSITORY_URL } from '../../util/create-rule.js';
import { isOwnRule, ruleDoc } from '../rule-docs.js';
import type { Formatter, Report } from '../types.js';
import { relativePath, severityName } from './shared.js';

const require = createRequire(import.meta.url);
const { name, version } = require('../../../package.json') as { name: string; version: string };

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

function descriptor(id: string, rulesMeta: Report['rulesMeta']): ReportingDescriptor {
  const doc = isOwnRule(id) ? ruleDoc(id) : undefined;
  if (doc) {
    return {
      id,
      shortDescription: { text: doc.description },
      fullDescription: { text: doc.explanation || doc.description },
      helpUri: doc.url,
      help: { text: doc.explanation || doc.description, markdown: `${doc.helpMarkdown}\n\n[Rule documentation](${doc.url})` },
    };
  }
  const meta = rulesMeta[id]?.docs;
  return {
    id,
    ...(meta?.description ? { shortDescription: { text: meta.description } } : {}),
    ...(meta?.url ? { helpUri: meta.url } : {}),
  };
}

export function toSarif(report: Report): Log {
  const { results, cwd, rulesMeta } = report;
  const rules: ReportingDescriptor[] = [];
  const ruleIndex = new Map<string, number>();
  const sarifResults: Result[] = [];
  const notifications: Notification[] = [];
  for (const result of results) {
    const uri = relativePath(cwd, result.filePath);
    for (const message of result.messages) {
      const location = {
        physicalLocation: {
          artifactLocation: { uri, uriBaseId: '%SRCROOT%' },
          region: {
            startLine: Math.max(1, message.line ?? 1),
            startColumn: Math.max(1, message.column ?? 1),
            ...(message.endLine ? { endLine: message.endLine } : {}),
            ...(message.endColumn ? { endColumn: message.endColumn } : {}),
          },
        },
      };
      if (!message.ruleId) {
        // parse errors are not findings of a rule: they go to the run's notifications
        notifications.push({ level: 'error', message: { text: message.message }, locations: [location] });
        continue;
      }
      if (!ruleIndex.has(message.ruleId)) {
        ruleIndex.set(message.ruleId, rules.length);
        rules.push(descriptor(message.ruleId, rulesMeta));
      }
      sarifResults.push({
        ruleId: message.ruleId,
        ruleIndex: ruleIndex.get(message.ruleId),
        level: severityName(message),
        message: message.explanation
          ? { text: `${message.message}\n\n${message.explanation}`, markdown: `${message.message}\n\n${message.explanation}` }
          : { text: message.message },
        locations: [location],
      });
    }
  }
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name, version, informationUri: REPOSITORY_URL, rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(cwd.endsWith('/') ? cwd : `${cwd}/`).href } },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        results: sarifResults,
      },
    ],
  };
}

export const sarif: Formatter = (report) => `${JSON.stringify(toSarif(report), null, 2)}\n`;
