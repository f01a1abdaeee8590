import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import { watchLiveness } from '../platform/socket-liveness.ts';
import { DomainError } from '@switchboard/core';
import Fastify, { LogController, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { demoOrderRoutes } from '../seed/demo-orders.ts';
import { channelPlugins } from '../channels/index.ts';
import type { Deps } from '../platform/deps.ts';
import { authenticate } from './auth.ts';
import { errorHandler, notFoundHandler } from './errors.ts';
import { lifecycleRoutes } from './health.ts';
import { agentRoutes } from '../agents/routes.ts';
import { botRoutes } from '../bot/routes.ts';
import { channelRoutes } from '../channels/routes.ts';
import { windowRoutes } from '../channels/windows/routes.ts';
import { contactRoutes } from '../contacts/routes.ts';
import { conversationRoutes } from '../conversations/routes.ts';
import { knowledgeRoutes } from '../bot/knowledge-routes.ts';
import { scriptRoutes } from '../bot/script-routes.ts';
import { workspaceRoutes } from '../workspaces/routes.ts';
import { securityPublicRoutes, securityRoutes } from '../security/routes.ts';
import { watchRevocations } from '../security/revoke.ts';
import { routingRoutes } from '../routing/routes.ts';
import { policyRoutes } from '../policy/routes.ts';
import { reportRoutes } from '../reports/routes.ts';
import { simulationRoutes } from '../simulations/routes.ts';
import { attachmentPublicRoutes, attachmentRoutes } from '../attachments/routes.ts';
import { integrationRoutes } from '../integrations/routes.ts';
import { registerMetrics, type MetricsOptions } from '../reports/metrics.ts';
import { streamRoutes } from './stream.ts';
import { agentToolRoutes } from '../agent-tools/routes.ts';
import { securityHeaders } from './security-headers.ts';
import { redactingLogger } from './log-redaction.ts';
import { jsonDepthExceeds, MAX_JSON_DEPTH } from './json-depth.ts';

export interface AppOptions {
  /** Extra plugins mounted under /api/v1 without authentication (webhooks, widget). */
  publicPlugins?: FastifyPluginAsync[];
  /** Extra plugins mounted at the root (static console and widget). */
  rootPlugins?: FastifyPluginAsync[];
  bodyLimit?: number;
  /** Ping every WebSocket this often and drop one that did not answer the last ping (platform/socket-liveness.ts). */
  pingMs?: number;
  /** Log every request at info level (off by default: a log line per message costs more than storing it). */
  logRequests?: boolean;
  /** Behind a reverse proxy (TRUST_PROXY=1): client address and protocol from X-Forwarded-*. */
  trustProxy?: boolean;
  /** GET /metrics: its bearer token (METRICS_TOKEN) and the pool to report. */
  metrics?: MetricsOptions;
}

/** Builds the HTTP app without listening, so tests can use a real server on port 0 or `inject`. */
export async function buildApp(deps: Deps, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: redactingLogger(deps.log),
    bodyLimit: options.bodyLimit ?? 1_048_576,
    // health.ts answers during shutdown instead, with the error body and Retry-After.
    return503OnClosing: false,
    trustProxy: options.trustProxy ?? false,
    logController: new LogController({ disableRequestLogging: !options.logRequests }),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  // First, so its latency hook sees every route registered after it.
  registerMetrics(app as unknown as FastifyInstance, deps, options.metrics);
  const stopWatching = watchRevocations(deps);
  app.addHook('onClose', async () => stopWatching());
  // An empty JSON body means "no body" (POST /accept with a content-type but nothing in it).
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    if (jsonDepthExceeds(text)) return done(new DomainError('JSON_TOO_DEEP', `request body nests deeper than ${MAX_JSON_DEPTH} levels`), undefined);
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      done(new DomainError('MALFORMED_JSON', `request body is not valid JSON: ${(error as Error).message}`), undefined);
    }
  });

  await securityHeaders(app as unknown as FastifyInstance);
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Switchboard API', version: '1.0.0', description: 'Omnichannel conversation engine. See SPEC §5.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/v1/docs' });
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  const stopLiveness = watchLiveness(app.websocketServer, options.pingMs);
  app.addHook('onClose', async () => stopLiveness());
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await lifecycleRoutes(app as unknown as FastifyInstance, deps);

  await app.register(
    async (api) => {
      await api.register(securityPublicRoutes(deps));
      await api.register(streamRoutes(deps));
      await api.register(attachmentPublicRoutes(deps));
      for (const plugin of [...channelPlugins(deps), ...(options.publicPlugins ?? [])]) await api.register(plugin);
      await api.register(async (secured) => {
        secured.addHook('onRequest', async (req) => authenticate(deps, req));
        await secured.register(agentRoutes(deps));
        await secured.register(channelRoutes(deps));
        await secured.register(windowRoutes(deps));
        await secured.register(conversationRoutes(deps));
        await secured.register(workspaceRoutes(deps));
        await secured.register(securityRoutes(deps));
        await secured.register(routingRoutes(deps));
        await secured.register(policyRoutes(deps));
        await secured.register(reportRoutes(deps));
        await secured.register(simulationRoutes(deps));
        await secured.register(contactRoutes(deps));
        await secured.register(botRoutes(deps));
        await secured.register(knowledgeRoutes(deps));
        await secured.register(scriptRoutes(deps));
        await secured.register(attachmentRoutes(deps));
        await secured.register(agentToolRoutes(deps));
        await secured.register(integrationRoutes(deps));
      });
    },
    { prefix: '/api/v1' },
  );
  // The demo script's stand-in order system, at the root where `{{baseUrl}}/demo/orders/:n` points.
  await app.register(demoOrderRoutes(deps));
  for (const plugin of options.rootPlugins ?? []) await app.register(plugin);
  return app as unknown as FastifyInstance;
}
