import { findClientLeaks, isNextProject, type LeakFinding } from '../analysis/index.js';
import { createRule } from '../util/create-rule.js';
import { checkFileModel } from '../util/model-listener.js';

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
        '{{factory}} runs on every request to this {{handler}}: each request opens its own connection pool, and under load the database runs out of connections; create the client once at module level and import it.',
      perRequestVia:
        '{{factory}} runs in {{via}}, which this {{handler}} calls on every request: each request opens its own connection pool, and under load the database runs out of connections; create the client once at module level and import it.',
      perIteration:
        '{{factory}} runs once per pass of this {{loop}}, opening a new connection pool each time; create one client before the loop and reuse it.',
      unguardedSingleton:
        'Module-level {{factory}} without the globalThis reuse guard: every hot reload in `next dev` creates another client until the database runs out of connections; use `globalForPrisma.prisma ?? new PrismaClient()` and store the client on globalThis outside production.',
      unguardedSingletonVia:
        '{{factory}} runs when this module loads (through {{via}}) without the globalThis reuse guard: every hot reload in `next dev` creates another client until the database runs out of connections; use `globalForPrisma.prisma ?? {{via}}` and store the client on globalThis outside production.',
      unreleasedConnection:
        '{{method}}() checks a connection out of the pool but nothing releases it, so the pool runs dry; call client.release() in a finally block, or use pool.query() for a single statement.',
      releaseOutsideFinally:
        '{{method}}() checks out a connection that is released outside a finally block, so an error before release() leaks it; move release() into finally.',
      disconnectInHandler:
        '{{client}}.{{method}}() in this {{handler}} closes the shared client under every concurrent request, and the next request fails or pays a reconnect; remove it and close the client only on process shutdown.',
    },
    schema: [],
  },
  create(context) {
    return checkFileModel(context, (model) => {
      const framework = model.settings.framework;
      // tRPC runs inside Next.js as often as not: that setting says nothing about the host.
      const nextProject = framework && framework !== 'trpc' ? framework === 'next' : isNextProject(context.physicalFilename);
      for (const finding of findClientLeaks(model, { nextProject })) report(finding);
    });

    function report(finding: LeakFinding): void {
      switch (finding.kind) {
        case 'perRequest':
          context.report({
            node: finding.node,
            messageId: finding.via ? 'perRequestVia' : 'perRequest',
            data: { factory: finding.factory.label, handler: finding.handler.label, via: finding.via ?? '' },
          });
          break;
        case 'perIteration':
          context.report({ node: finding.node, messageId: 'perIteration', data: { factory: finding.factory.label, loop: finding.loop } });
          break;
        case 'unguardedSingleton':
          context.report({
            node: finding.node,
            messageId: finding.via ? 'unguardedSingletonVia' : 'unguardedSingleton',
            data: { factory: finding.factory.label, via: finding.via ?? '' },
          });
          break;
        case 'unreleasedConnection':
          context.report({
            node: finding.node,
            messageId: finding.releaseOutsideFinally ? 'releaseOutsideFinally' : 'unreleasedConnection',
            data: { method: finding.method },
          });
          break;
        case 'disconnectInHandler':
          context.report({
            node: finding.node,
            messageId: 'disconnectInHandler',
            data: { client: finding.clientText, method: finding.method, handler: finding.handler.label },
          });
          break;
      }
    }
  },
});
