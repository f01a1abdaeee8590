import { z } from 'zod';
import { parseAllowList } from './platform/address-policy.ts';

/** Everything the server reads from the environment, parsed once at start. */
const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
  /** 0 behind a pooler that cannot keep named statements (PgBouncer < 1.21 in transaction mode). */
  DATABASE_PREPARED_STATEMENTS: z.enum(['0', '1']).default('1'),
  SWITCHBOARD_ADMIN_TOKEN: z.string().min(8, 'must be at least 8 characters').optional(),
  SWITCHBOARD_DEMO: z.enum(['0', '1']).optional(),
  SECRET_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_REQUESTS: z.enum(['0', '1']).default('0'),
  PUBLIC_URL: z.url().optional(),
  SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
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
});

export type Config = z.infer<typeof ConfigSchema> & { demo: boolean };

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
  return { ...c, demo };
}
