import { findClientLeaks, getBackendModel, isNextProject, type LeakFinding } from '../analysis/index.js';
import { getFunctionName, type FunctionNode } from '../analysis/ast.js';
import { createRule } from '../util/create-rule.js';

export default createRule({
  name: 'no-leaked-db-client',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow database clients created per request or per iteration, unguarded dev singletons, unreleased pool connections and $disconnect() in handlers',
      config: 'recommended',
    },
    messages: {
      perRequest:
        '{{factory}} runs on every request to this {{handler}}, opening a new connection pool each time until the database refuses connections; create the client once at module level and import it.',
      perRequestVia:
        '{{factory}} runs in {{fn}}, which this {{handler}} calls on every request, so each request opens a new connection pool; create the client once at module level and import it.',
      perIteration:
        '{{factory}} runs once per iteration of this {{loop}}, opening a new connection pool each time; create one client before the loop.',
      unguardedSingleton:
        'Module-level {{factory}} without the globalThis reuse guard: each hot reload in `next dev` creates another client until the database runs out of connections; write `globalForPrisma.prisma ?? new PrismaClient()` and store it on globalThis outside production.',
      unreleasedConnection:
        '{{method}}() checks a connection out of the pool but never releases it, so the pool runs dry; call client.release() in a finally block, or use pool.query() for a single statement.',
      releaseOutsideFinally:
        '{{method}}() checks out a connection that is released outside a finally block, so any error before release() leaks it; move release() into finally.',
      disconnectInHandler:
        '{{client}}.$disconnect() in this {{handler}} closes the shared client under every concurrent request, and the next query pays a reconnect; remove it and disconnect only on process shutdown.',
    },
    schema: [],
  },
  create(context) {
    return {
      'Program:exit'() {
        const model = getBackendModel(context);
        const framework = model.settings.framework;
        const nextProject = framework ? framework === 'next' : isNextProject(context.physicalFilename);
        for (const finding of findClientLeaks(model, { nextProject })) report(finding);
      },
    };

    function report(finding: LeakFinding): void {
      switch (finding.kind) {
        case 'perRequest':
          context.report({
            node: finding.node,
            messageId: finding.via ? 'perRequestVia' : 'perRequest',
            data: { factory: finding.factory.label, handler: finding.handler.label, fn: functionName(finding.via) },
          });
          break;
        case 'perIteration':
          context.report({ node: finding.node, messageId: 'perIteration', data: { factory: finding.factory.label, loop: finding.loop } });
          break;
        case 'unguardedSingleton':
          context.report({ node: finding.node, messageId: 'unguardedSingleton', data: { factory: finding.factory.label } });
          break;
        case 'unreleasedConnection':
          context.report({
            node: finding.node,
            messageId: finding.releaseOutsideFinally ? 'releaseOutsideFinally' : 'unreleasedConnection',
            data: { method: finding.method },
          });
          break;
        case 'disconnectInHandler':
          context.report({ node: finding.node, messageId: 'disconnectInHandler', data: { client: finding.clientText, handler: finding.handler.label } });
          break;
      }
    }
  },
});

function functionName(fn: FunctionNode | undefined): string {
  const name = fn && getFunctionName(fn);
  return name ? `${name}()` : 'a helper';
}
