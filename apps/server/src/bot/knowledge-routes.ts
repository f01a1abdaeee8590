import {
  IdParams,
  KnowledgeArticleCreate,
  KnowledgeArticlePatch,
  KnowledgeListQuery,
  KnowledgeSearchQuery,
  UnansweredListQuery,
  UnansweredResolve,
} from '@switchboard/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../platform/deps.ts';
import { createArticle, deleteArticle, getArticle, listArticles, searchArticles, updateArticle } from './knowledge-articles.ts';
import { requireRole } from '../platform/principal.ts';
import { dismissUnanswered, listUnanswered, resolveUnanswered } from './unanswered.ts';

export const knowledgeRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['knowledge'];
    app.get('/knowledge/articles', { schema: { tags, querystring: KnowledgeListQuery } }, async (req) => listArticles(deps, req.principal, req.query));
    app.get('/knowledge/search', { schema: { tags, querystring: KnowledgeSearchQuery } }, async (req) => searchArticles(deps, req.principal, req.query));
    app.get('/knowledge/articles/:id', { schema: { tags, params: IdParams } }, async (req) => getArticle(deps, req.principal, req.params.id));
    app.post('/knowledge/articles', { schema: { tags, body: KnowledgeArticleCreate } }, async (req, reply) => {
      requireRole(req.principal, 'admin');
      return reply.status(201).send(await createArticle(deps, req.principal, req.body));
    });
    app.patch('/knowledge/articles/:id', { schema: { tags, params: IdParams, body: KnowledgeArticlePatch } }, async (req) => {
      requireRole(req.principal, 'admin');
      return updateArticle(deps, req.principal, req.params.id, req.body);
    });
    app.delete('/knowledge/articles/:id', { schema: { tags, params: IdParams } }, async (req, reply) => {
      requireRole(req.principal, 'admin');
      await deleteArticle(deps, req.principal, req.params.id);
      return reply.status(204).send();
    });
    // Questions the bot fell back on (knowledge-signals.ts), for admins to turn into articles.
    app.get('/knowledge/unanswered', { schema: { tags, querystring: UnansweredListQuery } }, async (req) => {
      requireRole(req.principal, 'admin');
      return listUnanswered(deps, req.principal, req.query);
    });
    app.post('/knowledge/unanswered/:id/resolve', { schema: { tags, params: IdParams, body: UnansweredResolve } }, async (req) => {
      requireRole(req.principal, 'admin');
      return resolveUnanswered(deps, req.principal, req.params.id, req.body);
    });
    app.delete('/knowledge/unanswered/:id', { schema: { tags, params: IdParams } }, async (req, reply) => {
      requireRole(req.principal, 'admin');
      await dismissUnanswered(deps, req.principal, req.params.id);
      return reply.status(204).send();
    });
  };
