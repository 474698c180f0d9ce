import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { skipTypeWrappers } from '../analysis/ast.js';
import type { ClientResolver } from '../analysis/clients.js';
import { findSqlSinks, isPrismaSqlFragment, SqlStringAnalyzer, type SqlSink } from '../analysis/sql-strings.js';
import { createRule } from '../util/create-rule.js';
import { checkFileModel } from '../util/model-listener.js';

type MessageId = 'unsafeSql' | 'rawFragment' | 'unsafeFragment' | 'rawCallWithString' | 'useTaggedTemplate' | 'useBindings';

/** Test code and seeds never serve a request: SQL they build from their own data is not an injection. */

export default createRule<[], MessageId>({
  name: 'no-unsafe-raw-query',
  meta: {
    type: 'problem',
    hasSuggestions: true,
    docs: {
      description: 'Disallow SQL built from non-constant strings in raw query APIs (SQL injection)',
      config: 'recommended',
    },
    messages: {
      unsafeSql:
        '{{call}} runs SQL built from `{{part}}`, which can carry SQL injection; keep the SQL text constant and pass values as bound parameters ({{fix}}).',
      rawFragment:
        'Prisma.raw() puts `{{part}}` into the SQL unescaped (SQL injection); use Prisma.sql`…${value}…` so it is sent as a parameter, and a constant allow-list for identifiers.',
      unsafeFragment:
        '{{call}}() puts `{{part}}` into the SQL unescaped (SQL injection); {{fix}}.',
      rawCallWithString:
        '{{call}}() called as a function with a built string gets no parameterisation (SQL injection through `{{part}}`); use it as a tagged template: {{call}}`…${value}…`.',
      useTaggedTemplate: 'Use the tagged template {{method}}`…` so interpolated values are sent as parameters.',
      useBindings: "Use bindings: raw('… ? …', [value]).",
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    let resolver: ClientResolver | undefined;
    return checkFileModel(context, (model) => {
        if (model.isTestOrSeed) return;
        const sinks = findSqlSinks(model.calls, model.resolver, (node) => model.getDbCall(node), (node) => model.getText(node));
        const getText = (node: TSESTree.Node): string => model.getText(node);
        resolver = model.resolver;
        const analyzer = new SqlStringAnalyzer(model.resolver, (node) => model.getDbCall(node) !== undefined);
        for (const sink of sinks) {
          try {
            if (sink.kind === 'prisma-raw-call' && isPrismaSqlFragment(sink.sql, model.resolver)) continue;
            const verdict = analyzer.analyze(sink.sql);
            if (verdict.kind !== 'dynamic') continue;
            report(sink, getText(verdict.part), getText);
          } catch {
            // One odd sink must not hide the others.
          }
        }
    });

    function report(sink: SqlSink, part: string, getText: (node: TSESTree.Node) => string): void {
      const flat = part.replace(/\s+/g, ' ');
      const shortPart = flat.length > 40 ? `${flat.slice(0, 37)}...` : flat;
      if (sink.kind === 'prisma-raw-fragment') {
        context.report({ node: sink.node, messageId: 'rawFragment', data: { part: shortPart } });
        return;
      }
      if (sink.kind === 'raw-fragment') {
        context.report({ node: sink.node, messageId: 'unsafeFragment', data: { call: sink.label, part: shortPart, fix: fixHint(sink) } });
        return;
      }
      if (sink.kind === 'prisma-raw-call') {
        context.report({ node: sink.node, messageId: 'rawCallWithString', data: { call: sink.label, part: shortPart } });
        return;
      }
      const suggest = suggestionFor(sink, getText, (node) => isPlainValue(node, resolver));
      context.report({
        node: sink.node,
        messageId: 'unsafeSql',
        data: { call: sink.label, part: shortPart, fix: fixHint(sink) },
        suggest: suggest ? [suggest] : [],
      });
    }
  },
});

function fixHint(sink: SqlSink): string {
  switch (sink.kind) {
    case 'prisma-unsafe':
      return 'the $queryRaw`…${value}…` tagged template, or $queryRawUnsafe(sql, ...params) with $1 placeholders';
    case 'knex-raw':
      return "raw('… ?', [value]) bindings, and ?? for identifiers";
    case 'raw-fragment':
      if (sink.library === 'sequelize') return 'pass values as replacements or bind parameters, and take identifiers from a constant allow-list';
      return 'use the sql`…${value}…` tagged template so values are sent as parameters, and a constant allow-list for identifiers';
    case 'postgres-unsafe':
      return 'the sql`…${value}…` tagged template, or unsafe(text, [values]) with $1 placeholders';
    case 'query-builder':
      return "named parameters: .where('user.name = :name', { name })";
    default:
      if (sink.library === 'typeorm') return 'query(text, [values]) with $1 or ? placeholders';
      return 'placeholders such as $1 or ? with a values array';
  }
}

// ---------------------------------------------------------------- suggestions

/** A value position: a bound parameter can stand there (after `=`, `LIKE`, `LIMIT`, inside '…'). */
const VALUE_BEFORE = /(?:[=<>]|!=|\blike|\bilike|\blimit|\boffset|\bbetween)\s*$/i;
const TYPED_LITERAL = /(?:\b(?:interval|date|time|timestamp|timestamptz|uuid|json|jsonb|numeric|inet|cidr)\s*|\b[ebxEBX]|[uU]&)$/i;
const BETWEEN_AND = /\bbetween\s+\S+\s+and\s*$/i;
/** Statements whose text cannot take bound parameters at all. */
const NO_PARAMETERS = /^\s*(?:set|reset|show|create|alter|drop|grant|revoke|comment|truncate|vacuum|copy|listen|notify|lock|prepare|deallocate)\b/i;

interface Rewritten {
  /** SQL pieces around the values, as template raw text: n + 1 of them. */
  pieces: string[];
  /** Source text of each value, in order. */
  values: string[];
}

/**
 * The template rewritten so that every interpolation is a bound value: `'${name}'` loses its
 * quotes, `'%${term}%'` becomes the value `%${term}%`. Undefined when an interpolation stands where
 * a parameter cannot (an identifier, a keyword, a list), so the rewrite would not be mechanical.
 */
export function rewriteAsParameters(template: TSESTree.TemplateLiteral, getText: (node: TSESTree.Node) => string): Rewritten | undefined {
  const raws = template.quasis.map((quasi) => quasi.value.raw);
  if (template.expressions.length === 0 || NO_PARAMETERS.test(raws[0] ?? '')) return undefined;
  for (const expression of template.expressions) {
    // `IN (${ids.join(',')})`, `${[a, b]}`: a list, not one value.
    const inner = expression.type === AST_NODE_TYPES.TSAsExpression ? expression.expression : expression;
    if (inner.type === AST_NODE_TYPES.ArrayExpression) return undefined;
    if (inner.type === AST_NODE_TYPES.CallExpression && inner.callee.type === AST_NODE_TYPES.MemberExpression && !inner.callee.computed &&
      inner.callee.property.type === AST_NODE_TYPES.Identifier && inner.callee.property.name === 'join') return undefined;
  }
  const pieces: string[] = [''];
  const values: string[] = [];
  let quoted: { text: string } | undefined; // an open '…' that holds interpolations
  let previousWasBetween = false;
  for (let index = 0; index < raws.length; index++) {
    const raw = raws[index]!;
    let position = 0;
    if (quoted) {
      // Inside a quoted string that started in an earlier piece: find its end.
      const close = findQuoteEnd(raw, 0);
      if (close < 0) {
        quoted.text += raw;
        if (index === raws.length - 1) return undefined;
        quoted.text += '${' + getText(template.expressions[index]!) + '}';
        continue;
      }
      quoted.text += raw.slice(0, close);
      const literal = quoted.text;
      if (/\\|''|`/.test(literal)) return undefined;
      values.push(`\`${literal}\``);
      pieces.push('');
      quoted = undefined;
      position = close + 1;
    }
    // Scan this piece for quotes that are still open at its end.
    let open = -1;
    for (let i = position; i < raw.length; i++) {
      if (raw[i] !== "'") continue;
      const close = findQuoteEnd(raw, i + 1);
      if (close < 0) {
        open = i;
        break;
      }
      i = close;
    }
    if (index === raws.length - 1) {
      if (open >= 0) return undefined;
      pieces[pieces.length - 1] += raw.slice(position);
      break;
    }
    const expression = template.expressions[index]!;
    if (open >= 0) {
      pieces[pieces.length - 1] += raw.slice(position, open);
      // INTERVAL '${n} days', DATE '${d}': a typed literal, which a parameter cannot replace as is.
      if (TYPED_LITERAL.test(pieces[pieces.length - 1]!)) return undefined;
      const next = raws[index + 1] ?? '';
      const start = raw.slice(open + 1);
      // The common case, '${value}': the quotes go and the value is the expression itself.
      if (start === '' && next.startsWith("'")) {
        values.push(getText(expression));
        pieces.push('');
        raws[index + 1] = next.slice(1);
        previousWasBetween = false;
        continue;
      }
      quoted = { text: start + '${' + getText(expression) + '}' };
      previousWasBetween = false;
      continue;
    }
    const before = pieces[pieces.length - 1] + raw.slice(position);
    const after = raws[index + 1] ?? '';
    const valueHere = (VALUE_BEFORE.test(before) || (previousWasBetween && BETWEEN_AND.test(before))) && !/[\w".$]$/.test(before) && !/^[\w".]/.test(after);
    if (!valueHere) return undefined;
    previousWasBetween = /\bbetween\s*$/i.test(before);
    pieces[pieces.length - 1] = before;
    values.push(getText(expression));
    pieces.push('');
  }
  if (quoted) return undefined;
  return { pieces, values };
}

/** Index of the quote that closes a SQL string whose content starts at `from` (`''` is an escaped quote). */
function findQuoteEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] !== "'") continue;
    if (text[i + 1] === "'") {
      i++;
      continue;
    }
    return i;
  }
  return -1;
}

/**
 * A value that a bound parameter can carry as is. Not: SQL text built elsewhere (`${where}` holding
 * `WHERE …`, `${quote(name)}` returning `'…'`): as a parameter it would become a string literal.
 */
function isPlainValue(node: TSESTree.Node, resolver: ClientResolver | undefined): boolean {
  const value = skipTypeWrappers(node);
  if (escapesQuotes(value, resolver, 0)) return false;
  if (value.type === AST_NODE_TYPES.TemplateLiteral || value.type === AST_NODE_TYPES.BinaryExpression || value.type === AST_NODE_TYPES.ConditionalExpression ||
    value.type === AST_NODE_TYPES.LogicalExpression) {
    return false;
  }
  if (value.type === AST_NODE_TYPES.CallExpression) {
    const callee = skipTypeWrappers(value.callee);
    if (callee.type !== AST_NODE_TYPES.Identifier) return true;
    const def = resolver?.findVariable(callee)?.defs[0];
    // a helper of this file may return quoted SQL; Number(x), String(x) and imports stay values
    return !def || def.type === 'ImportBinding';
  }
  if (value.type !== AST_NODE_TYPES.Identifier || !resolver) return true;
  const variable = resolver.findVariable(value);
  const def = variable?.defs[0];
  if (!variable || def?.type !== 'Variable') return true;
  const declarator = def.node as TSESTree.VariableDeclarator;
  const writes = [declarator.init, ...variable.references.filter((reference) => reference.isWrite() && !reference.init).map((reference) => reference.writeExpr)];
  return writes.every((write) => {
    if (!write) return true;
    const written = skipTypeWrappers(write);
    return written.type !== AST_NODE_TYPES.TemplateLiteral && written.type !== AST_NODE_TYPES.BinaryExpression && written.type !== AST_NODE_TYPES.ConditionalExpression;
  }) && !variable.references.some((reference) => reference.identifier.parent?.type === AST_NODE_TYPES.AssignmentExpression && reference.identifier.parent.operator === '+=');
}

/**
 * `name.replace(/'/g, "''")`, or a variable holding it: the value was escaped for a SQL string
 * literal, and as a bound parameter the doubled quotes would be stored as they are.
 */
function escapesQuotes(node: TSESTree.Node, resolver: ClientResolver | undefined, depth: number): boolean {
  if (depth > 4) return false;
  const value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.Identifier && resolver) {
    const def = resolver.findVariable(value)?.defs[0];
    const init = def?.type === 'Variable' ? (def.node as TSESTree.VariableDeclarator).init : undefined;
    return !!init && escapesQuotes(init, resolver, depth + 1);
  }
  let current: TSESTree.Node = value;
  while (current.type === AST_NODE_TYPES.CallExpression) {
    const callee = skipTypeWrappers(current.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
    const method = callee.property.type === AST_NODE_TYPES.Identifier ? callee.property.name : undefined;
    if ((method === 'replace' || method === 'replaceAll') && current.arguments.some((arg) => arg.type === AST_NODE_TYPES.Literal && typeof arg.value === 'string' && /''|\\'/.test(arg.value))) {
      return true;
    }
    current = skipTypeWrappers(callee.object);
  }
  return false;
}

function inOptionalChain(node: TSESTree.Node): boolean {
  let current: TSESTree.Node = node;
  for (;;) {
    if ((current.type === AST_NODE_TYPES.MemberExpression || current.type === AST_NODE_TYPES.CallExpression) && current.optional) return true;
    if (current.type === AST_NODE_TYPES.MemberExpression) current = current.object;
    else if (current.type === AST_NODE_TYPES.CallExpression) current = current.callee;
    else return false;
  }
}

function suggestionFor(sink: SqlSink, getText: (node: TSESTree.Node) => string, plainValue: (node: TSESTree.Node) => boolean) {
  const call = sink.node;
  const sql = call.arguments[0];
  if (call.arguments.length !== 1 || sql?.type !== AST_NODE_TYPES.TemplateLiteral || sql.expressions.length === 0) return undefined;
  if (!sql.expressions.every(plainValue)) return undefined;
  const callee = call.callee;
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  if (sink.kind === 'prisma-unsafe') {
    const rewritten = rewriteAsParameters(sql, getText);
    if (!rewritten) return undefined;
    const method = sink.label.endsWith('$executeRawUnsafe') ? '$executeRaw' : '$queryRaw';
    const text = rewritten.pieces.map((piece, index) => (index < rewritten.values.length ? `${piece}\${${rewritten.values[index]}}` : piece)).join('');
    const typeArguments = call.typeArguments ? getText(call.typeArguments) : '';
    // A tagged template cannot sit in an optional chain (`prisma?.$queryRaw\`…\`` is a syntax error).
    if (call.optional || inOptionalChain(callee)) return undefined;
    const object = callee.object;
    const simple = object.type === AST_NODE_TYPES.Identifier || object.type === AST_NODE_TYPES.MemberExpression ||
      object.type === AST_NODE_TYPES.ThisExpression || object.type === AST_NODE_TYPES.CallExpression;
    const receiver = simple ? getText(object) : `(${getText(object)})`;
    return {
      messageId: 'useTaggedTemplate' as const,
      data: { method },
      fix: (fixer: TSESLint.RuleFixer) => fixer.replaceText(call, `${receiver}.${method}${typeArguments}\`${text}\``),
    };
  }
  if (sink.kind === 'knex-raw' && (sink.library === 'knex' || sink.library === 'objection')) {
    // A `?` already in the text would be read as a binding too.
    if (sql.quasis.some((quasi) => quasi.value.raw.includes('?'))) return undefined;
    const rewritten = rewriteAsParameters(sql, getText);
    if (!rewritten) return undefined;
    const text = rewritten.pieces.join('?');
    const literal = /['\\\n\r]/.test(text) || text.includes('${') ? `\`${text}\`` : `'${text}'`;
    return {
      messageId: 'useBindings' as const,
      fix: (fixer: TSESLint.RuleFixer) => fixer.replaceText(sql, `${literal}, [${rewritten.values.join(', ')}]`),
    };
  }
  return undefined;
}
