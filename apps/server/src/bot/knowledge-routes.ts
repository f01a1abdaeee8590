import { IdParams, KnowledgeArticleCreate, KnowledgeArticlePatch, KnowledgeListQuery, KnowledgeSearchQuery } from '@switchboard/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../platform/deps.ts';
import { createArticle, deleteArticle, getArticle, listArticles, searchArticles, updateArticle } from './knowledge-articles.ts';
import { requireRole } from '../platform/principal.ts';

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
  };
