import { DomainError } from '@switchboard/core';
import { storableText } from '@switchboard/protocol';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../platform/deps.ts';
import { bearerToken } from '../platform/bearer.ts';
import { authenticate } from '../http/auth.ts';
import { resolveSession } from '../channels/webchat/sessions.ts';
import { anyOriginHeaders } from '../channels/webchat/cors.ts';
import { acceptRawFiles, uploadedBytes } from './raw-body.ts';
import { fileView, staffFile, uploadStaffFile } from './staff-files.ts';
import { sendFile } from './serve-file.ts';
import { uploadVisitorFile } from './visitor-upload.ts';

const IdParams = z.object({ id: storableText().min(1).max(100) });
const UploadQuery = z.object({ name: storableText().max(500).optional(), clientMessageId: storableText().min(1).max(100).optional() });
const ContentQuery = z.object({ exp: z.string().max(20).optional(), sig: z.string().max(100).optional() });
const tags = ['attachments'];

/** Staff: upload a file for a reply, read a file's details (with a fresh signed URL). Registered behind authentication. */
export const attachmentRoutes = (deps: Deps): FastifyPluginAsync => {
  const plugin: FastifyPluginAsyncZod = async (app) => {
    acceptRawFiles(app as unknown as FastifyInstance, deps.attachments);
    app.post('/attachments', { schema: { tags, querystring: UploadQuery } }, async (req, reply) =>
      reply
        .status(201)
        .send(await uploadStaffFile(deps, req.principal, { bytes: uploadedBytes(req.body), name: req.query.name, contentType: req.headers['content-type'] })),
    );
    app.get('/attachments/:id', { schema: { tags, params: IdParams } }, async (req) => fileView(deps, await staffFile(deps, req.principal, req.params.id)));
  };
  return plugin as FastifyPluginAsync;
};

/**
 * Public by route, never by file: the bytes need a signed URL (made only for
 * someone who may read the message) or a staff token; a visitor's upload
 * needs the visitor's session token.
 */
export const attachmentPublicRoutes = (deps: Deps): FastifyPluginAsync => {
  const plugin: FastifyPluginAsyncZod = async (app) => {
    app.get('/attachments/:id/content', { schema: { tags, params: IdParams, querystring: ContentQuery } }, async (req, reply) => {
      const now = deps.clock.now();
      if (req.query.sig !== undefined || !bearerToken(req)) {
        const verdict = deps.attachments.verify(req.params.id, req.query.exp, req.query.sig, now);
        if (verdict === 'expired') throw new DomainError('FORBIDDEN', 'this link has expired; reload the conversation for a new one');
        if (verdict === 'invalid') throw new DomainError('FORBIDDEN', 'this link is not valid; files are served only through the links in a conversation');
        const row = await deps.attachments.findSigned(deps.db, req.params.id);
        if (!row) throw new DomainError('NOT_FOUND', 'the file is no longer stored');
        return sendFile(reply, row, await deps.attachments.read(row), Math.floor((Number(req.query.exp) * 1000 - now) / 1000));
      }
      await authenticate(deps, req);
      const row = await staffFile(deps, req.principal, req.params.id);
      return sendFile(reply, row, await deps.attachments.read(row), 0);
    });
    await app.register(visitorUploads(deps));
  };
  return plugin as FastifyPluginAsync;
};

/** The widget's file control: `POST /webchat/attachments?name=` with the file as the body and the session token. */
const visitorUploads = (deps: Deps): FastifyPluginAsync => {
  const plugin: FastifyPluginAsyncZod = async (app) => {
    anyOriginHeaders(app as unknown as FastifyInstance);
    acceptRawFiles(app as unknown as FastifyInstance, deps.attachments);
    app.post('/webchat/attachments', { schema: { tags: ['webchat'], querystring: UploadQuery } }, async (req, reply) => {
      const session = await resolveSession(deps, bearerToken(req));
      const file = {
        bytes: uploadedBytes(req.body),
        name: req.query.name,
        contentType: req.headers['content-type'],
        clientMessageId: req.query.clientMessageId,
      };
      return reply.status(201).send(await uploadVisitorFile(deps, session, file));
    });
  };
  return plugin as FastifyPluginAsync;
};
