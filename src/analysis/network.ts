// Answers "does this call go over the network, or sleep, and does the code wait for it?":
// global fetch, axios and its instances, HTTP client packages, and SDK clients of well-known
// services, followed through imports, `new`, `x.create()` and NestJS-injected class fields;
// plus `setTimeout`-based sleeps. A call nobody waits for (`void fetch(...)`, a bare
// `fetch(...).catch(...)` statement, a `setTimeout(() => fetch(...))` callback) does not keep
// the caller busy, so it is not a finding.
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { findDescendant, getKeyName, getPropertyName, getRootIdentifier, isFunctionNode, isTransparentWrapper, skipTypeWrappers, type FunctionNode } from './ast.js';
import type { ClientResolver } from './clients.js';
import { functionPlacement } from './iteration.js';

export type SlowCallKind = 'fetch' | 'http-client' | 'sdk' | 'sleep';

export interface SlowCall {
  node: TSESTree.CallExpression | TSESTree.NewExpression;
  kind: SlowCallKind;
  /** `fetch()`, `axios.post()`, `stripe.charges.create()`, `a setTimeout sleep`. */
  label: string;
}

/** Packages whose default or named exports make HTTP requests when called. */
const HTTP_PACKAGES = /^(?:axios|got|ky|node-fetch|undici|superagent|request|request-promise(?:-native)?|needle|ofetch|cross-fetch|isomorphic-fetch|@nestjs\/axios)$/;
/** Methods of an HTTP client (or of an instance made with `axios.create()`) that send a request. */
const HTTP_REQUEST_METHODS = /^(?:get|post|put|patch|delete|del|head|options|request|fetch|stream|paginate|postForm|putForm|patchForm|raw|native)$/;
/** Named imports of an HTTP package that send a request: `import { request } from 'undici'`. */
const HTTP_REQUEST_FUNCTIONS = /^(?:default|fetch|request|stream|get|post|put|patch|del|head|ofetch|\$fetch)$/;
/** Packages whose clients talk to a remote service. */
const SDK_PACKAGES =
  /^(?:stripe|resend|openai|@anthropic-ai\/sdk|twilio|@sendgrid\/mail|nodemailer|postmark|@slack\/web-api|@octokit\/rest|octokit|@aws-sdk\/.+|@google-cloud\/.+|firebase-admin|@upstash\/qstash|@vercel\/blob|@mailchimp\/.+|mailgun\.js|algoliasearch|@elastic\/elasticsearch|@pinecone-database\/pinecone|cloudinary|@clerk\/backend|@clerk\/clerk-sdk-node|@trigger\.dev\/sdk(?:\/v3)?|inngest|pusher|ably|@paypal\/.+|@supabase\/supabase-js|@linear\/sdk|@notionhq\/client|googleapis|@novu\/node|@knocklabs\/node|@googlemaps\/google-maps-services-js|@mux\/mux-node|replicate|@google\/generative-ai|@google\/genai|@mistralai\/mistralai|groq-sdk|cohere-ai)$/;
/**
 * Members of those SDKs that compute locally and never wait on the network: signature checks
 * (`stripe.webhooks.constructEvent`, svix `verify`), URL builders, and builders of a client.
 */
const LOCAL_SDK_METHODS =
  /^(?:constructEvent|constructEventAsync|generateTestHeaderString|verify|verifySignature|validateRequest|validateRequestWithBody|validateExpressRequest|getPublicUrl|getSignedUrl|url|image|video|bucket|file|from|channel|channels|collection|doc|index|initIndex|namespace|createTransport|withOptions|withResponse|on|once|off|use)$/;
/** An imported SDK function that sends: `import { send } from '@vercel/blob'`, `put`, `del`. */
const SDK_SEND_FUNCTIONS = /^(?:send|sendMail|request|post|get|put|del|upload|head|list|copy)$/;
const SLEEP_NAMES = /^(?:sleep|delay|wait|pause|waitFor|sleepMs|delayMs|wait[A-Z]\w*Ms)$/;
/** Packages whose `delay`/`wait` is not a promise sleep (lodash's `delay(fn, ms)` schedules a function). */
const NON_SLEEP_PACKAGES = /^(?:lodash|lodash-es|lodash\/.+|underscore|rxjs|rxjs\/.+|@testing-library\/.+)$/;
/** An app's own SDK instance, `import { stripe } from '@/lib/stripe'`: the name or module says which service. */
const SERVICE_NAMES = /^(?:stripe|resend|openai|anthropic|twilio|sendgrid|postmark|mailgun|octokit|slack|algolia|pusher|s3|s3Client|sqs|sqsClient|sns|snsClient|ses|sesClient|mailer|transporter|qstash|svix|inngest|novu|knock|replicate|mux|paypal)$/i;
/** Calls whose function argument runs later, not while the caller waits: it cannot hold the caller up. */
const DEFERRING_FUNCTIONS = /^(?:setTimeout|setImmediate|setInterval|queueMicrotask|nextTick|waitUntil|after|runAfterResponse)$/;
/** Chained calls that keep a promise (or observable) flowing: `fetch(x).then(...).catch(...)`. */
const PROMISE_CHAIN_METHODS = /^(?:then|catch|finally|pipe|subscribe)$/;
/** Also carried on by the response shortcuts of got and ky: `await ky.get(url).json()`. */
const AWAITED_CHAIN_METHODS = /^(?:then|catch|finally|pipe|json|text|blob|arrayBuffer|buffer|formData)$/;

type CallLike = TSESTree.CallExpression | TSESTree.NewExpression;

/** A global the file does not declare: `fetch`, `Promise`. ESLint's configured globals are variables without definitions. */
function isGlobal(identifier: TSESTree.Identifier, resolver: ClientResolver): boolean {
  const variable = resolver.findVariable(identifier);
  return !variable || variable.defs.length === 0;
}

export function classifySlowCall(node: CallLike, resolver: ClientResolver, getText: (node: TSESTree.Node) => string): SlowCall | undefined {
  if (node.type === AST_NODE_TYPES.NewExpression) {
    // new Promise((resolve) => setTimeout(resolve, ms))
    const callee = skipTypeWrappers(node.callee);
    if (callee.type === AST_NODE_TYPES.Identifier && callee.name === 'Promise' && isGlobal(callee, resolver) && isSleepExecutor(node.arguments[0])) {
      return { node, kind: 'sleep', label: 'a setTimeout sleep' };
    }
    return undefined;
  }
  const callee = skipTypeWrappers(node.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return classifyFunctionCall(node, callee, resolver);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = getPropertyName(callee);
  if (method === undefined) return undefined;
  const object = skipTypeWrappers(callee.object);

  // globalThis.fetch(...), window.fetch(...)
  if (method === 'fetch' && object.type === AST_NODE_TYPES.Identifier && /^(?:globalThis|window|self|global)$/.test(object.name) && isGlobal(object, resolver)) {
    return { node, kind: 'fetch', label: 'fetch()' };
  }

  // transporter.sendMail(...): nodemailer's send, whatever the transport is called or wherever it comes from.
  if (method === 'sendMail') return { node, kind: 'sdk', label: `${compactText(getText(callee))}()` };

  // axios.get(), api.post() on an axios.create() instance, stripe.charges.create(), this.stripe.customers.create()
  const origin = receiverOrigin(callee, resolver);
  if (!origin) return undefined;
  const label = `${compactText(getText(callee))}()`;
  if (HTTP_PACKAGES.test(origin)) {
    return HTTP_REQUEST_METHODS.test(method) ? { node, kind: 'http-client', label } : undefined;
  }
  if (LOCAL_SDK_METHODS.test(method)) return undefined;
  return { node, kind: 'sdk', label };
}

function classifyFunctionCall(node: TSESTree.CallExpression, callee: TSESTree.Identifier, resolver: ClientResolver): SlowCall | undefined {
  const imported = resolver.getImport(callee);
  if (isGlobal(callee, resolver)) {
    return callee.name === 'fetch' ? { node, kind: 'fetch', label: 'fetch()' } : undefined;
  }
  if (imported) {
    if (HTTP_PACKAGES.test(imported.source)) {
      return HTTP_REQUEST_FUNCTIONS.test(imported.imported) ? { node, kind: 'http-client', label: `${callee.name}()` } : undefined;
    }
    if ((imported.source === 'timers/promises' || imported.source === 'node:timers/promises') && imported.imported === 'setTimeout') {
      return { node, kind: 'sleep', label: 'a setTimeout sleep' };
    }
    if (SDK_PACKAGES.test(imported.source) && imported.imported !== 'default' && imported.imported !== '*' && SDK_SEND_FUNCTIONS.test(imported.imported)) {
      return { node, kind: 'sdk', label: `${callee.name}() from '${imported.source}'` };
    }
  }
  if (SLEEP_NAMES.test(callee.name) && isSleepHelper(callee, resolver)) return { node, kind: 'sleep', label: `${callee.name}()` };
  // const http = axios.create(); http(config)
  if (!imported) {
    const origin = packageOf(callee, resolver);
    if (origin && HTTP_PACKAGES.test(origin)) return { node, kind: 'http-client', label: `${callee.name}()` };
  }
  return undefined;
}

/** Collapses whitespace so a multi-line member chain reads as one line in a message. */
function compactText(text: string): string {
  const compact = text.replace(/\s+/g, '');
  return compact.length > 60 ? `${compact.slice(0, 57)}…` : compact;
}

/** The package the receiver of a member call comes from, or a service name for an app's own client module. */
function receiverOrigin(callee: TSESTree.MemberExpression, resolver: ClientResolver): string | undefined {
  // this.stripe.customers.create(), this.http.post(): a class field or an injected constructor parameter.
  const thisMember = innermostThisMember(callee);
  if (thisMember) return classFieldOrigin(thisMember, resolver);
  const root = getRootIdentifier(callee);
  if (!root) return undefined;
  const traced = packageOf(root, resolver);
  if (traced && (HTTP_PACKAGES.test(traced) || SDK_PACKAGES.test(traced))) {
    // axios.create(), axios.isAxiosError(): only request methods of the package object itself send.
    return traced;
  }
  return serviceClientByName(root, resolver);
}

/** `this.x` at the root of a member chain: `this.stripe.customers.create` → `this.stripe`. */
function innermostThisMember(node: TSESTree.Node): TSESTree.MemberExpression | undefined {
  let current = skipTypeWrappers(node);
  for (;;) {
    if (current.type === AST_NODE_TYPES.MemberExpression) {
      const object = skipTypeWrappers(current.object);
      if (object.type === AST_NODE_TYPES.ThisExpression) return current;
      current = object;
    } else if (current.type === AST_NODE_TYPES.CallExpression) {
      current = skipTypeWrappers(current.callee);
    } else {
      return undefined;
    }
  }
}

/** Where a class field comes from: its initialiser (`new Stripe(...)`) or its declared type (`HttpService`, `Stripe`). */
function classFieldOrigin(member: TSESTree.MemberExpression, resolver: ClientResolver): string | undefined {
  const name = getPropertyName(member);
  if (!name) return undefined;
  let classBody: TSESTree.Node | undefined = member.parent;
  while (classBody && classBody.type !== AST_NODE_TYPES.ClassBody) classBody = classBody.parent;
  if (!classBody || classBody.type !== AST_NODE_TYPES.ClassBody) return undefined;
  for (const element of classBody.body) {
    if (element.type === AST_NODE_TYPES.PropertyDefinition && getKeyName(element) === name) {
      if (element.value) {
        const value = skipTypeWrappers(element.value);
        const target = value.type === AST_NODE_TYPES.NewExpression || value.type === AST_NODE_TYPES.CallExpression ? skipTypeWrappers(value.callee) : value;
        const root = getRootIdentifier(target);
        const origin = root ? packageOf(root, resolver) : undefined;
        if (origin && (HTTP_PACKAGES.test(origin) || SDK_PACKAGES.test(origin))) return origin;
      }
      return typeOrigin(element.typeAnnotation?.typeAnnotation, resolver);
    }
    if (element.type === AST_NODE_TYPES.MethodDefinition && element.kind === 'constructor') {
      for (const param of element.value.params) {
        if (param.type !== AST_NODE_TYPES.TSParameterProperty) continue;
        const inner = param.parameter.type === AST_NODE_TYPES.AssignmentPattern ? param.parameter.left : param.parameter;
        if (inner.type === AST_NODE_TYPES.Identifier && inner.name === name) return typeOrigin(inner.typeAnnotation?.typeAnnotation, resolver);
      }
    }
  }
  return undefined;
}

/** `HttpService` imported from '@nestjs/axios', `Stripe` from 'stripe': the package a type annotation names. */
function typeOrigin(type: TSESTree.TypeNode | undefined, resolver: ClientResolver): string | undefined {
  if (!type || type.type !== AST_NODE_TYPES.TSTypeReference) return undefined;
  let name: TSESTree.EntityName = type.typeName;
  while (name.type === AST_NODE_TYPES.TSQualifiedName) name = name.left;
  if (name.type !== AST_NODE_TYPES.Identifier) return undefined;
  const imported = resolver.getImport(name);
  if (!imported) return undefined;
  return HTTP_PACKAGES.test(imported.source) || SDK_PACKAGES.test(imported.source) ? imported.source : undefined;
}

/** The package a binding ultimately comes from: an import, or `new X()` / `x.create()` of an imported X. */
function packageOf(identifier: TSESTree.Identifier, resolver: ClientResolver, depth = 0): string | undefined {
  if (depth > 3) return undefined;
  const imported = resolver.getImport(identifier);
  if (imported) return imported.source;
  const variable = resolver.findVariable(identifier);
  const def = variable?.defs[0];
  if (!def || def.type !== 'Variable') return undefined;
  const declarator = def.node as TSESTree.VariableDeclarator;
  if (declarator.id.type !== AST_NODE_TYPES.Identifier || !declarator.init) return undefined;
  let value = skipTypeWrappers(declarator.init);
  let awaited = false;
  while (value.type === AST_NODE_TYPES.AwaitExpression) {
    value = skipTypeWrappers(value.argument);
    awaited = true;
  }
  // `const res = await axios.get(url)`, `const session = await stripe.checkout.sessions.create()`: a response, not a client.
  if (awaited && value.type === AST_NODE_TYPES.CallExpression) return undefined;
  if (value.type !== AST_NODE_TYPES.NewExpression && value.type !== AST_NODE_TYPES.CallExpression && value.type !== AST_NODE_TYPES.Identifier) {
    // `const s3 = new S3Client()` and `const api = axios.create()` trace; `const x = { ... }` does not.
    if (value.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  }
  const target = value.type === AST_NODE_TYPES.NewExpression || value.type === AST_NODE_TYPES.CallExpression ? skipTypeWrappers(value.callee) : value;
  // Only a factory called on the package object itself makes a client: `axios.create()`,
  // `nodemailer.createTransport()`, `google.sheets()`; `stripe.customers.list()` returns data.
  if (value.type === AST_NODE_TYPES.CallExpression && target.type === AST_NODE_TYPES.MemberExpression) {
    const factory = getPropertyName(target);
    if (!factory || skipTypeWrappers(target.object).type !== AST_NODE_TYPES.Identifier) return undefined;
    if (/^(?:get|post|put|patch|delete|head|options|request|send|list|retrieve|fetch|query|search)$/.test(factory)) return undefined;
  }
  if (value.type === AST_NODE_TYPES.CallExpression && target.type === AST_NODE_TYPES.Identifier) {
    // const client = createClient(...) from '@supabase/supabase-js'; not `const data = await got(url)`.
    const imported = resolver.getImport(target);
    if (!imported || HTTP_PACKAGES.test(imported.source)) return undefined;
  }
  const root = getRootIdentifier(target);
  return root && root !== identifier ? packageOf(root, resolver, depth + 1) : undefined;
}

function serviceClientByName(identifier: TSESTree.Identifier, resolver: ClientResolver): string | undefined {
  const imported = resolver.getImport(identifier);
  const variable = resolver.findVariable(identifier);
  if (variable && !imported) return undefined; // a local binding we could not trace
  if (!imported) return undefined; // an undeclared global named `stripe` is not an SDK we know
  if (imported.imported === '*') return undefined;
  // `import { stripe } from '@/lib/stripe'`, or the default export of a module named after the service.
  const lastSegment = imported.source.split('/').pop()?.replace(/\.[cm]?[jt]s$/, '') ?? '';
  const name =
    SERVICE_NAMES.test(identifier.name) || SERVICE_NAMES.test(imported.imported)
      ? identifier.name
      : SERVICE_NAMES.test(lastSegment) && imported.imported === 'default'
        ? lastSegment
        : undefined;
  return name ? 'stripe' : undefined; // any entry of SDK_PACKAGES: the kind is what matters
}

/** `(resolve) => setTimeout(resolve, ms)` */
function isSleepExecutor(node: TSESTree.Node | undefined): boolean {
  if (!node || !isFunctionNode(node)) return false;
  const resolve = node.params[0];
  return !!findDescendant(
    node.body,
    (n) => {
      if (n.type !== AST_NODE_TYPES.CallExpression) return false;
      const callee = skipTypeWrappers(n.callee);
      if (callee.type !== AST_NODE_TYPES.Identifier || callee.name !== 'setTimeout') return false;
      // setTimeout(resolve, ms) or setTimeout(() => resolve(), ms)
      const first = n.arguments[0];
      if (!first || !resolve || resolve.type !== AST_NODE_TYPES.Identifier) return !!first;
      if (first.type === AST_NODE_TYPES.Identifier) return first.name === resolve.name;
      return isFunctionNode(first);
    },
    { enterFunctions: true },
  );
}

/** `const sleep = (ms) => new Promise((r) => setTimeout(r, ms))` declared in this file, or imported from the app. */
function isSleepHelper(identifier: TSESTree.Identifier, resolver: ClientResolver): boolean {
  const variable = resolver.findVariable(identifier);
  const def = variable?.defs[0];
  if (!def) return false;
  if (def.type === 'ImportBinding') {
    // A helper named sleep/delay/wait does what it says, unless it is a library's scheduler.
    const imported = resolver.getImport(identifier);
    return !!imported && !NON_SLEEP_PACKAGES.test(imported.source);
  }
  const fn = def.type === 'FunctionName' ? (def.node as TSESTree.Node) : def.type === 'Variable' ? (def.node as TSESTree.VariableDeclarator).init : null;
  if (!fn || !isFunctionNode(fn)) return false;
  return isSleepExecutor(fn) || containsSleepPromise(fn) || containsTimersSleep(fn, resolver);
}

function containsSleepPromise(fn: TSESTree.Node): boolean {
  return !!findDescendant(fn, (n) => n.type === AST_NODE_TYPES.NewExpression && isSleepExecutor(n.arguments[0]), { enterFunctions: true });
}

/** `const sleep = (ms) => setTimeout(ms)` with setTimeout from 'node:timers/promises'. */
function containsTimersSleep(fn: TSESTree.Node, resolver: ClientResolver): boolean {
  return !!findDescendant(
    fn,
    (n) => {
      if (n.type !== AST_NODE_TYPES.CallExpression) return false;
      const callee = skipTypeWrappers(n.callee);
      if (callee.type !== AST_NODE_TYPES.Identifier) return false;
      const imported = resolver.getImport(callee);
      return !!imported && /^(?:node:)?timers\/promises$/.test(imported.source) && imported.imported === 'setTimeout';
    },
    { enterFunctions: true },
  );
}

/** A function handed to `setTimeout`, `waitUntil`, `after`, ...: it runs later, on its own. */
function isDeferredCallback(fn: FunctionNode): boolean {
  const parent = fn.parent;
  if (parent?.type !== AST_NODE_TYPES.CallExpression || !(parent.arguments as readonly TSESTree.Node[]).includes(fn)) return false;
  const callee = skipTypeWrappers(parent.callee);
  const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : undefined;
  return !!name && DEFERRING_FUNCTIONS.test(name);
}

/**
 * The outermost expression that carries a call's promise: through `.then()/.catch()/.finally()`
 * chains, and into `waitUntil(...)`/`after(...)`.
 */
function promiseCarrier(node: TSESTree.Node): TSESTree.Node {
  let current: TSESTree.Node = node;
  for (;;) {
    const parent = current.parent;
    if (!parent) return current;
    if (
      parent.type === AST_NODE_TYPES.TSAsExpression ||
      parent.type === AST_NODE_TYPES.TSNonNullExpression ||
      parent.type === AST_NODE_TYPES.TSSatisfiesExpression ||
      parent.type === AST_NODE_TYPES.ChainExpression
    ) {
      current = parent;
      continue;
    }
    if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === current && PROMISE_CHAIN_METHODS.test(getPropertyName(parent) ?? '')) {
      const call = parent.parent;
      if (call?.type === AST_NODE_TYPES.CallExpression && call.callee === parent) {
        current = call;
        continue;
      }
    }
    return current;
  }
}

/** Nobody waits for the call: a bare statement, `void`, or an argument of `waitUntil(...)`. */
export function isFireAndForget(node: TSESTree.Node): boolean {
  const carrier = promiseCarrier(node);
  const parent = carrier.parent;
  if (!parent) return false;
  if (parent.type === AST_NODE_TYPES.ExpressionStatement) return true;
  if (parent.type === AST_NODE_TYPES.UnaryExpression && parent.operator === 'void') return true;
  if (parent.type === AST_NODE_TYPES.CallExpression && (parent.arguments as readonly TSESTree.Node[]).includes(carrier)) {
    const callee = skipTypeWrappers(parent.callee);
    const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : undefined;
    return !!name && DEFERRING_FUNCTIONS.test(name);
  }
  return false;
}

/**
 * Whether the code that runs `container` waits for `node`: it runs when `container` runs (no
 * stored, declared or deferred function in between), nothing between them is fire-and-forget
 * (`forEach(async ...)`, a bare `xs.map(async ...)`, an unawaited async IIFE), and its promise
 * is awaited or returned — directly, through `.then()` chains, `Promise.all([...])`, a wrapper
 * call (`await withRetry(() => fetch(...))`), or a variable awaited later. A synchronous helper
 * of an SDK (`admin.firestore.FieldValue.serverTimestamp()`) is never awaited, so it never counts.
 */
export function isWaitedFor(node: TSESTree.Node, container: TSESTree.Node, resolver?: ClientResolver): boolean {
  if (isFireAndForget(node)) return false;
  let current = node.parent;
  while (current && current !== container) {
    if (isFunctionNode(current)) {
      if (functionPlacement(current) === 'detached' || isDeferredCallback(current)) return false;
      const parent = current.parent;
      if (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee !== current) {
        const callee = skipTypeWrappers(parent.callee);
        const method = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : undefined;
        // items.forEach(async (item) => { await fetch(...) }): forEach drops the promises.
        if (method === 'forEach' && current.async) return false;
        // fetch(a).then(() => fetch(b)) as a bare statement: the whole chain is fire-and-forget.
        if (method && PROMISE_CHAIN_METHODS.test(method) && isFireAndForget(parent)) return false;
        // items.map(async (item) => …) as a bare statement: nobody waits for the callbacks.
        if (current.async && isFireAndForget(parent)) return false;
      }
      // An async IIFE nobody awaits: void (async () => { await fetch(...) })()
      if (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === current && isFireAndForget(parent)) return false;
    }
    current = current.parent;
  }
  if (current !== container) return false;
  return !resolver || isAwaitedValue(node, container, resolver, 0);
}

/** Calls that hand a promise back to their caller unchanged for waiting: `Promise.all`, rxjs `firstValueFrom`, a retry wrapper. */
function isAwaitedValue(node: TSESTree.Node, container: TSESTree.Node, resolver: ClientResolver, depth: number): boolean {
  let current: TSESTree.Node = node;
  for (let steps = 0; steps < 40; steps++) {
    const parent: TSESTree.Node | undefined = current.parent;
    if (!parent || current === container) return false;
    if (isTransparentWrapper(parent)) {
      current = parent;
      continue;
    }
    switch (parent.type) {
      case AST_NODE_TYPES.AwaitExpression:
      case AST_NODE_TYPES.YieldExpression:
        return true;
      case AST_NODE_TYPES.ArrayExpression:
      case AST_NODE_TYPES.SpreadElement:
      case AST_NODE_TYPES.LogicalExpression:
        current = parent;
        continue;
      case AST_NODE_TYPES.ConditionalExpression:
        if (parent.test === current) return false;
        current = parent;
        continue;
      case AST_NODE_TYPES.MemberExpression: {
        // fetch(url).then(...), http.post(url).pipe(...)
        const call = parent.parent;
        if (parent.object !== current || !AWAITED_CHAIN_METHODS.test(getPropertyName(parent) ?? '') || call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== parent) return false;
        current = call;
        continue;
      }
      case AST_NODE_TYPES.CallExpression:
        // Promise.all([...]), firstValueFrom(obs), withTimeout(fetch(url), 5000): the wrapper's result is what gets awaited.
        if (parent.callee === current) return false;
        current = parent;
        continue;
      case AST_NODE_TYPES.ArrowFunctionExpression: {
        // The body of `(url) => fetch(url)`: returned to whoever called the arrow.
        if (parent.body !== current) return false;
        if (parent === container) return true;
        const call = parent.parent;
        if (call?.type !== AST_NODE_TYPES.CallExpression || !(call.arguments as readonly TSESTree.Node[]).includes(parent)) return false;
        current = call;
        continue;
      }
      case AST_NODE_TYPES.ReturnStatement: {
        let fn: TSESTree.Node | undefined = parent.parent;
        while (fn && !isFunctionNode(fn)) fn = fn.parent;
        if (!fn) return false;
        if (fn === container) return true; // the transaction (or the helper's caller) waits for what it returns
        const call = fn.parent;
        if (call?.type !== AST_NODE_TYPES.CallExpression || !(call.arguments as readonly TSESTree.Node[]).includes(fn as TSESTree.CallExpressionArgument)) return false;
        current = call;
        continue;
      }
      case AST_NODE_TYPES.VariableDeclarator: {
        // const pending = fetch(url); … await pending
        if (parent.init !== current || parent.id.type !== AST_NODE_TYPES.Identifier || depth > 2) return false;
        const variable = resolver.findVariable(parent.id);
        if (!variable) return false;
        return variable.references.some(
          (reference) => reference.identifier !== parent.id && reference.isRead() && isAwaitedValue(reference.identifier, container, resolver, depth + 1),
        );
      }
      default:
        return false;
    }
  }
  return false;
}

export interface SlowCallFinding {
  /** The slow call, or the call of a local function that makes one. */
  node: CallLike;
  slow: SlowCall;
  /** The local function called, when the slow call happens inside it. */
  viaName: string | undefined;
}

export interface SlowCallModel {
  callsWithin(node: TSESTree.Node): readonly TSESTree.CallExpression[];
  newExpressions: readonly TSESTree.NewExpression[];
  resolveLocalFunction(call: TSESTree.CallExpression): TSESTree.Node | undefined;
  resolver: ClientResolver;
  getText(node: TSESTree.Node): string;
}

const memoByModel = new WeakMap<SlowCallModel, Map<TSESTree.Node, SlowCall | null>>();

/** Network calls and sleeps that `container` waits for while it runs, directly or through functions of this file. */
export function findSlowCalls(container: TSESTree.Node, model: SlowCallModel): SlowCallFinding[] {
  let memo = memoByModel.get(model);
  if (!memo) {
    memo = new Map();
    memoByModel.set(model, memo);
  }
  const cache = memo;
  const classify = (node: CallLike): SlowCall | undefined => {
    try {
      return classifySlowCall(node, model.resolver, (n) => model.getText(n));
    } catch {
      return undefined; // odd syntax must never take down the lint run
    }
  };
  const direct = (scope: TSESTree.Node): CallLike[] => {
    const calls: CallLike[] = [...model.callsWithin(scope)];
    for (const node of model.newExpressions) {
      if (scope.range[0] <= node.range[0] && node.range[1] <= scope.range[1]) calls.push(node);
    }
    return calls.sort((a, b) => a.range[0] - b.range[0] || b.range[1] - a.range[1]);
  };
  const reachable = (fn: TSESTree.Node, depth: number): SlowCall | undefined => {
    const cached = cache.get(fn);
    if (cached !== undefined) return cached ?? undefined;
    if (depth > 8) return undefined;
    cache.set(fn, null); // cycle guard
    let found: SlowCall | undefined;
    for (const node of direct(fn)) {
      if (!isWaitedFor(node, fn, model.resolver)) continue;
      found = classify(node);
      if (!found && node.type === AST_NODE_TYPES.CallExpression) {
        const target = model.resolveLocalFunction(node);
        if (target && target !== fn) found = reachable(target, depth + 1);
      }
      if (found) break;
    }
    cache.set(fn, found ?? null);
    return found;
  };

  const findings: SlowCallFinding[] = [];
  for (const node of direct(container)) {
    // The inner calls of a finding (a sleep's setTimeout, the builder calls of a chain) are part of it.
    if (findings.some((finding) => finding.node.range[0] <= node.range[0] && node.range[1] <= finding.node.range[1])) continue;
    if (!isWaitedFor(node, container, model.resolver)) continue;
    const slow = classify(node);
    if (slow) {
      findings.push({ node, slow, viaName: undefined });
      continue;
    }
    if (node.type !== AST_NODE_TYPES.CallExpression) continue;
    const target = model.resolveLocalFunction(node);
    const viaSlow = target && target !== container ? reachable(target, 0) : undefined;
    if (viaSlow) {
      const callee = skipTypeWrappers(node.callee);
      const viaName = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : undefined;
      findings.push({ node, slow: viaSlow, viaName });
    }
  }
  return findings.sort((a, b) => a.node.range[0] - b.node.range[0]);
}
