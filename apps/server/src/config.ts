import { z } from 'zod';
import { DEV_SECRET, parseSecretKeys } from './platform/secret-box.ts';
import { parseAllowList } from './platform/address-policy.ts';

/** Everything the server reads from the environment, parsed once at start. */
const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Unset: all interfaces, except for the demo workspace (published passwords), which listens on loopback only. */
  HOST: z.string().optional(),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
  /** 0 behind a pooler that cannot keep named statements (PgBouncer < 1.21 in transaction mode). */
  DATABASE_PREPARED_STATEMENTS: z.enum(['0', '1']).default('1'),
  /** Fail a connect to PostgreSQL after this long (requests then answer 503 DATABASE_UNAVAILABLE). */
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3000),
  /** PostgreSQL cancels a statement after this long, and the server stops waiting for a reply. */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  /** An outbox claim lasts this long unless its sender renews it; a crashed process's sends are retaken after it. */
  OUTBOX_LEASE_MS: z.coerce.number().int().min(500).max(600_000).default(15_000),
  /** Ping every WebSocket this often; one that has not answered the previous ping is dropped (a half-open connection). */
  STREAM_PING_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /** On SIGTERM, wait this long for platform sends in flight before handing their claims back. */
  SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).max(600_000).default(25_000),
  /** With REDIS_URL: `1` has one process route each workspace for the others (routing/routing-relay.ts); `0` every process routes its own requests. */
  ROUTING_RELAY: z.enum(['0', '1']).default('1'),
  /** Check every engine caught up from the input log against the tables (routing/catch-up.ts): for tests and audits, not speed. */
  ROUTING_VERIFY_CATCH_UP: z.enum(['0', '1']).default('0'),
  SWITCHBOARD_ADMIN_TOKEN: z.string().min(8, 'must be at least 8 characters').optional(),
  SWITCHBOARD_DEMO: z.enum(['0', '1']).optional(),
  SECRET_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_REQUESTS: z.enum(['0', '1']).default('0'),
  PUBLIC_URL: z.url().optional(),
  /** Several processes: stream events and cache invalidations cross through Redis pub/sub (docs/deploy.md). */
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  /** Channel names start with it: several deployments (or test runs) can share one Redis. */
  REDIS_PREFIX: z.string().max(100).default('switchboard:'),
  /** Inbound mail. Unset: 2525 in development; in production no SMTP listener (it binds nothing it was not told to). */
  SMTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  NODE_ENV: z.string().optional(),
  /** Behind a reverse proxy: trust X-Forwarded-For/-Proto (client address for login limits, HSTS only over TLS). `1` trusts one hop. */
  TRUST_PROXY: z.enum(['0', '1']).default('0'),
  /** Limits of the SMTP listener (channels/email/smtp-limits.ts has the defaults and what each answers). */
  SMTP_MAX_BYTES: z.coerce.number().int().min(1024).max(1_073_741_824).optional(),
  SMTP_MAX_CLIENTS: z.coerce.number().int().min(1).max(100_000).optional(),
  SMTP_MAX_RECIPIENTS: z.coerce.number().int().min(1).max(10_000).optional(),
  SMTP_MAX_MESSAGES_PER_CONNECTION: z.coerce.number().int().min(1).max(100_000).optional(),
  SMTP_RATE_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).optional(),
  SMTP_RATE_PER_SENDER: z.coerce.number().int().min(1).max(1_000_000).optional(),
  /** Hosts, addresses or CIDR ranges outbound requests may reach although they are local or private (docs/security.md). */
  OUTBOUND_ALLOW: z
    .string()
    .optional()
    .superRefine((value, ctx) => {
      try {
        parseAllowList(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    }),
  /** When set, GET /metrics needs `Authorization: Bearer <METRICS_TOKEN>` (docs/operations.md). */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Optional semantic layer of the knowledge base: an OpenAI-compatible embeddings endpoint (docs/bot.md). Unset: lexical only. */
  KB_EMBEDDINGS_URL: z.url().optional(),
  KB_EMBEDDINGS_MODEL: z.string().max(200).default('text-embedding-3-small'),
  KB_EMBEDDINGS_KEY: z.string().optional(),
  KB_EMBEDDINGS_TIMEOUT_MS: z.coerce.number().int().min(10).max(10_000).default(300),
  KB_EMBEDDINGS_MIN_SIMILARITY: z.coerce.number().min(0).max(1).default(0.8),
  /** Unset: no veto. Set: a lexical answer below KB_EMBEDDINGS_VETO_BELOW_SCORE falls back when the article is less similar than this. */
  KB_EMBEDDINGS_VETO_SIMILARITY: z.coerce.number().min(0).max(1).optional(),
  KB_EMBEDDINGS_VETO_BELOW_SCORE: z.coerce.number().min(0).max(1).default(0.7),
  /** Stored files (docs/attachments.md): `disk` under ATTACHMENTS_DIR (default DATA_DIR/attachments), or `s3` for several processes. */
  ATTACHMENTS_STORE: z.enum(['disk', 's3']).default('disk'),
  ATTACHMENTS_DIR: z.string().optional(),
  ATTACHMENT_MAX_BYTES: z.coerce.number().int().min(1024).max(1_073_741_824).default(10 * 1024 * 1024),
  /** Comma-separated media types, `image/*` wildcards allowed; unset: attachments/file-types.ts DEFAULT_ATTACHMENT_TYPES. */
  ATTACHMENT_TYPES: z.string().max(4000).optional(),
  ATTACHMENT_URL_TTL_SECONDS: z.coerce.number().int().min(10).max(7 * 86_400).default(900),
  S3_BUCKET: z.string().min(1).optional(),
  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_PREFIX: z.string().max(200).default(''),
  S3_FORCE_PATH_STYLE: z.enum(['0', '1']).default('1'),
});

/** `smtpPort`: where the SMTP listener binds, or undefined for none (production without SMTP_PORT). */
export type Config = Omit<z.infer<typeof ConfigSchema>, 'HOST'> & { HOST: string; demo: boolean; production: boolean; smtpPort: number | undefined };

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ConfigSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  // The demo workspace is for a bare `npm start`; an admin token means outside tests own the server.
  const demo = c.SWITCHBOARD_DEMO === '1' || (c.SWITCHBOARD_DEMO !== '0' && !c.SWITCHBOARD_ADMIN_TOKEN);
  const production = c.NODE_ENV === 'production';
  refuseUnsafe(c.SECRET_KEY, demo, production);
  if (c.ATTACHMENTS_STORE === 's3' && !c.S3_BUCKET) throw new ConfigError('Invalid configuration:\n  S3_BUCKET: required with ATTACHMENTS_STORE=s3');
  // SPEC §7 / issue #11: production binds only what it was told to; a laptop gets inbound mail on 2525 out of the box.
  const smtpPort = c.SMTP_PORT ?? (production ? undefined : 2525);
  // Issue #11 finding 5: the demo's logins are in the README, so a bare `npm start` is reachable from this machine only.
  const HOST = c.HOST ?? (demo ? '127.0.0.1' : '0.0.0.0');
  return { ...c, HOST, demo, production, smtpPort };
}

/** SPEC §7: production refuses the development key and the demo workspace (docs/security.md). */
function refuseUnsafe(secretKey: string | undefined, demo: boolean, production: boolean) {
  let keys: Array<{ secret: string }> = [];
  try {
    keys = secretKey ? parseSecretKeys(secretKey) : [];
  } catch (error) {
    throw new ConfigError(`Invalid configuration:\n  ${(error as Error).message}`);
  }
  if (!production) return;
  const problems: string[] = [];
  if (keys.length === 0 || keys.some((k) => k.secret === DEV_SECRET)) problems.push('SECRET_KEY: set your own key (production refuses the development key)');
  if (demo) problems.push('SWITCHBOARD_ADMIN_TOKEN: set it and leave SWITCHBOARD_DEMO unset (production refuses the demo workspace and its published passwords)');
  if (problems.length) throw new ConfigError(`Refusing to start with NODE_ENV=production:\n${problems.map((p) => `  ${p}`).join('\n')}`);
}
