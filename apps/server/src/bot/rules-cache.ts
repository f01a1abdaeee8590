import { compileKeywordRules, validateKeywordRules, type KeywordMatcher, type PatternEngine } from '@switchboard/core';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { DB } from '../db/schema.ts';
import { keywordRuleFrom, loadChannelRules } from './rule-rows.ts';

interface Entry {
  version: number;
  matcher: Promise<KeywordMatcher>;
}

/**
 * Compiled keyword matchers per workspace + channel, tagged with the
 * workspace's stored rules_version. Compiling (Aho–Corasick, regexes) happens
 * once per version, never per message; concurrent misses share one build.
 */
export class KeywordMatcherCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly log: Logger,
    private readonly patterns: PatternEngine,
  ) {}

  get(db: Kysely<DB>, workspaceId: string, channelId: string, version: number): Promise<KeywordMatcher> {
    const key = `${workspaceId}:${channelId}`;
    const entry = this.entries.get(key);
    // A newer matcher (built by a request that read a later version) is as good.
    if (entry && entry.version >= version) return entry.matcher;
    const matcher = this.build(db, workspaceId, channelId);
    const fresh = { version, matcher };
    this.entries.set(key, fresh);
    matcher.catch(() => this.entries.get(key) === fresh && this.entries.delete(key));
    return matcher;
  }

  private async build(db: Kysely<DB>, workspaceId: string, channelId: string): Promise<KeywordMatcher> {
    const rules = (await loadChannelRules(db, workspaceId, channelId)).map(keywordRuleFrom);
    // Rules are validated on save; one that a newer safety check refuses is skipped, not fatal for the rest.
    const errors = validateKeywordRules(rules, this.patterns);
    if (errors.length > 0) this.log.warn({ workspaceId, errors }, 'skipping invalid keyword rules');
    const bad = new Set(errors.map((e) => e.ruleId));
    return compileKeywordRules(rules.filter((r) => !bad.has(r.id)), this.patterns);
  }
}
