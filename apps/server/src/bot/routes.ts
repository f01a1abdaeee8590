import { BotSettingsPatch, IdParams, KeywordRuleCreate, KeywordRuleListQuery, KeywordRulePatch } from '@switchboard/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../platform/deps.ts';
import { getBotSettings, updateBotSettings } from './bot-settings.ts';
import { createKeywordRule, deleteKeywordRule, getKeywordRule, listKeywordRules, updateKeywordRule } from './keyword-rules.ts';
import { requireRole } from '../platform/principal.ts';

/** Keyword rules and the workspace bot settings (docs/bot.md, "Server and API"). */
export const botRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['bot'];
    app.get('/bot/keywords', { schema: { tags, querystring: KeywordRuleListQuery } }, async (req) => listKeywordRules(deps, req.principal, req.query.channelId));
    app.get('/bot/keywords/:id', { schema: { tags, params: IdParams } }, async (req) => getKeywordRule(deps, req.principal, req.params.id));
    app.post('/bot/keywords', { schema: { tags, body: KeywordRuleCreate } }, async (req, reply) => {
      requireRole(req.principal, 'admin');
      return reply.status(201).send(await createKeywordRule(deps, req.principal, req.body));
    });
    app.patch('/bot/keywords/:id', { schema: { tags, params: IdParams, body: KeywordRulePatch } }, async (req) => {
      requireRole(req.principal, 'admin');
      return updateKeywordRule(deps, req.principal, req.params.id, req.body);
    });
    app.delete('/bot/keywords/:id', { schema: { tags, params: IdParams } }, async (req, reply) => {
      requireRole(req.principal, 'admin');
      await deleteKeywordRule(deps, req.principal, req.params.id);
      return reply.status(204).send();
    });
    app.get('/settings/bot', { schema: { tags } }, async (req) => getBotSettings(deps, req.principal));
    app.patch('/settings/bot', { schema: { tags, body: BotSettingsPatch } }, async (req) => {
      requireRole(req.principal, 'admin');
      return updateBotSettings(deps, req.principal, req.body);
    });
  };
