import { z } from 'zod';
import { skillName, storableJson, storableText } from './http.ts';

/* Bot (issue #4): keyword rules, knowledge base, bot settings, scripts. docs/bot.md, "Server and API". */

export const KeywordAction = z.discriminatedUnion('type', [
  z.object({ type: z.literal('handoff'), skills: z.array(skillName).max(20).optional(), priority: z.number().int().min(-100_000).max(100_000).optional() }),
  z.object({ type: z.literal('start_script'), scriptId: storableText().min(1).max(64) }),
  z.object({ type: z.literal('close') }),
]);

export const KeywordRuleCreate = z.object({
  /** Absent or null: a workspace rule, tried after every channel's own rules. */
  channelId: storableText().min(1).max(100).nullable().optional(),
  match: z.enum(['exact', 'contains', 'regex']),
  pattern: storableText().min(1).max(500),
  reply: storableText().trim().min(1).max(4000).nullable().optional(),
  action: KeywordAction.nullable().optional(),
  /** Service-reason tag names set on the conversation when the rule matches (agent tools). */
  tags: z.array(storableText().trim().min(1).max(60)).max(10).optional(),
  /** 0-based place within its scope; default last. */
  position: z.number().int().min(0).max(1_000_000).optional(),
});
export const KeywordRulePatch = KeywordRuleCreate.omit({ channelId: true }).partial();
export const KeywordRuleListQuery = z.object({ channelId: storableText().min(1).max(100).optional() });

const articleText = (max: number) => storableText().trim().min(1).max(max);
export const KnowledgeArticleCreate = z.object({
  question: articleText(1000),
  answer: articleText(10_000),
  alternatives: z.array(articleText(1000)).max(50).optional(),
  tags: z.array(articleText(64)).max(50).optional(),
});
export const KnowledgeArticlePatch = KnowledgeArticleCreate.partial();
export const KnowledgeListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: storableText().max(100).optional(),
});
export const UnansweredListQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });
/** Turns an unanswered question into a new article, or into an alternative question of an existing one (issue #17). */
export const UnansweredResolve = z
  .object({
    articleId: storableText().min(1).max(100).optional(),
    asAlternative: z.boolean().optional(),
    newArticle: z.object({ question: articleText(1000), answer: articleText(10_000) }).optional(),
  })
  .refine((b) => (b.articleId === undefined) !== (b.newArticle === undefined), { message: 'give exactly one of articleId and newArticle' });
export const KnowledgeSearchQuery = z.object({ q: storableText().min(1).max(2000), limit: z.coerce.number().int().min(1).max(50).default(5) });

export const BotSettingsPatch = z.object({
  kbThreshold: z.number().min(0).max(1).optional(),
  fallbackText: storableText().trim().min(1).max(2000).optional(),
  inactivityMinutes: z.number().min(1).max(10_080).optional(),
  scriptVariables: z.record(storableText().min(1).max(64), storableText().max(2000)).optional(),
  /** The workspace's knowledge-base synonym groups, on top of the seed list; the first member is canonical. */
  kbSynonyms: z
    .array(z.array(storableText().trim().min(1).max(64)).min(2).max(50))
    .max(1000)
    .optional(),
  /** Changes to the seed list of other businesses (flight, 郵局): `add` more, `remove` seed entries (docs/bot.md). */
  kbOtherBusinesses: z
    .object({
      add: z.array(storableText().trim().min(1).max(64)).max(1000).default([]),
      remove: z.array(storableText().trim().min(1).max(64)).max(1000).default([]),
    })
    .strict()
    .optional(),
});

/** A script definition (docs/bot.md, "Conversation scripts"); checked by the core's validateScript, not here. */
export const ScriptBody = z.record(storableText(), storableJson());
export const ScriptVersionParams = z.object({ id: storableText().min(1).max(100), version: z.coerce.number().int().min(1).max(2_147_483_647) });
export const ScriptSimulateBody = z.object({
  inputs: z.array(z.union([storableText().max(20_000), z.record(storableText(), storableJson())])).max(500),
  variables: z.record(storableText(), z.union([storableText(), z.number(), z.boolean(), z.null()])).optional(),
  /** A published version; default the draft. */
  version: z.number().int().min(1).max(2_147_483_647).optional(),
});
