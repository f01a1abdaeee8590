import { DomainError, type ErrorCode } from '@switchboard/core';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isDatabaseUnavailable, isPoolExhausted } from '../db/unavailable.ts';

/** Fastify's own client-error codes, mapped onto ours (docs/errors.md). */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_FAILED',
};

export function send(reply: FastifyReply, status: number, code: string, message: string, details?: unknown) {
  return reply.status(status).send({ error: { code, message, ...(details !== undefined && { details }) } });
}

/** The single place where any error becomes an HTTP answer: 4xx for the caller's mistakes, 500 only for ours. */
export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof DomainError) {
    const retryAfter = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
    if (error.code === 'RATE_LIMITED' && retryAfter) reply.header('retry-after', String(retryAfter));
    return send(reply, error.status, error.code, error.message, error.details);
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation.map((v) => ({ path: v.instancePath || '/', message: v.message }));
    const where = error.validationContext ?? 'body';
    return send(reply, 400, 'VALIDATION_FAILED', `invalid ${where}: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, issues);
  }
  // A unit of work that lost its compare-and-set or deadlock race five times running: the
  // server is overloaded, not wrong. Nothing was written; the client may retry.
  if (error.code === '40001' || error.code === '40P01') {
    reply.header('retry-after', '1');
    return send(reply, 503, 'BUSY', 'the server is too busy to complete this change right now; nothing was written, retry');
  }
  // Up but busy: every pooled connection in use past the connect timeout (docs/errors.md BUSY).
  if (isPoolExhausted(error)) {
    reply.header('retry-after', '1');
    return send(reply, 503, 'BUSY', 'every database connection of this server is in use right now; retry (with the same externalMessageId, if the request has one)');
  }
  if (isDatabaseUnavailable(error)) {
    reply.header('retry-after', '2');
    return send(reply, 503, 'DATABASE_UNAVAILABLE', 'the database cannot be reached right now; retry shortly');
  }
  // 57014: the statement ran past DATABASE_STATEMENT_TIMEOUT_MS and PostgreSQL cancelled it (rolled back).
  if (error.code === '57014') {
    reply.header('retry-after', '1');
    return send(reply, 503, 'BUSY', 'the database took too long to answer; nothing was written, retry');
  }
  const mapped = error.code ? FASTIFY_CODES[error.code] : undefined;
  if (mapped) return send(reply, error.statusCode ?? 400, mapped, error.message);
  if (error instanceof SyntaxError || (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)) {
    return send(reply, error.statusCode ?? 400, error instanceof SyntaxError ? 'MALFORMED_JSON' : 'BAD_REQUEST', error.message);
  }
  request.log.error({ err: error }, 'unhandled error');
  return send(reply, 500, 'INTERNAL', 'internal error; it has been logged');
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  return send(reply, 404, 'NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`);
}
