/**
 * Errors that mean "the database cannot be reached right now", not "this
 * request is wrong": a refused or dropped connection, PostgreSQL shutting
 * down or starting up, a connect or read timeout. The HTTP layer answers them
 * with 503 DATABASE_UNAVAILABLE and Retry-After; start-up waits them out.
 */
const CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down)
  '08000', // connection_exception
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08003', // connection_does_not_exist
  '08006', // connection_failure
  '53300', // too_many_connections
]);

// pg and pg-pool raise these as plain Errors without a code. A real connect
// that timed out is "Connection terminated due to connection timeout".
const MESSAGES = /Connection terminated|connection timeout|Query read timeout|Client has encountered a connection error|Connection ended|Client was closed|the database system is (starting up|shutting down)/i;

/**
 * pg-pool's wait for one of its connections ran past the connect timeout:
 * every connection of this process is in use (requests queued behind a lock,
 * or more work than the pool). The database is up; the server is busy.
 */
export function isPoolExhausted(error: unknown): boolean {
  return error instanceof Error && error.message === 'timeout exceeded when trying to connect';
}

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const e = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && CODES.has(e.code)) return true;
  if (typeof e.message === 'string' && MESSAGES.test(e.message)) return true;
  // Node reports a refused connect to a name with several addresses as an AggregateError.
  if (Array.isArray(e.errors) && e.errors.some((x) => isDatabaseUnavailable(x, depth + 1))) return true;
  return isDatabaseUnavailable(e.cause, depth + 1);
}
