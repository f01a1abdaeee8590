import { KnowledgeIndex, type KnowledgeArticle, type LexiconChanges } from '@switchboard/core';
import type { Kysely } from 'kysely';
import type { DB, KnowledgeArticleRow } from '../db/schema.ts';
import { knowledgeSegmenter } from './segmenter.ts';
import { knowledgeStemmer } from './stemmer.ts';
import { knowledgeThesaurus } from './thesaurus.ts';

interface Entry {
  version: number;
  /** The workspace's lexicon changes the index was built with (JSON). */
  lexicon: string;
  index: Promise<KnowledgeIndex>;
  ready?: KnowledgeIndex;
}

export type KnowledgeChange = { type: 'put'; article: KnowledgeArticle } | { type: 'remove'; id: string };

export function knowledgeArticleFrom(row: KnowledgeArticleRow): KnowledgeArticle {
  return { id: row.id, question: row.question, answer: row.answer, alternatives: row.alternatives, tags: row.tags };
}

/**
 * One KnowledgeIndex per workspace, tagged with the stored kb_version. Another
 * process's change shows up as a different version and the index is rebuilt
 * from the table; this process's own changes are applied in place after
 * commit, so editing one article of 10,000 does not cost a rebuild here.
 */
export class KnowledgeCache {
  private readonly entries = new Map<string, Entry>();

  /**
   * `lexicon`: the workspace's synonym groups and other businesses (bot
   * settings); a change rebuilds the index, as it changes every article's terms.
   */
  get(db: Kysely<DB>, workspaceId: string, version: number, lexicon: LexiconChanges = {}): Promise<KnowledgeIndex> {
    const entry = this.entries.get(workspaceId);
    const key = JSON.stringify(lexicon);
    if (entry && entry.version >= version && entry.lexicon === key) return entry.index;
    const fresh: Entry = { version, lexicon: key, index: this.build(db, workspaceId, lexicon) };
    fresh.index.then(
      (index) => (fresh.ready = index),
      () => this.entries.get(workspaceId) === fresh && this.entries.delete(workspaceId),
    );
    this.entries.set(workspaceId, fresh);
    return fresh.index;
  }

  /** After COMMIT of a change that moved the version from `previous` to `next`. */
  applyCommitted(workspaceId: string, previous: number, next: number, change: KnowledgeChange): void {
    const entry = this.entries.get(workspaceId);
    if (!entry?.ready || entry.version !== previous) return;
    if (change.type === 'put') entry.ready.update(change.article);
    else entry.ready.remove(change.id);
    entry.version = next;
  }

  private async build(db: Kysely<DB>, workspaceId: string, lexicon: LexiconChanges): Promise<KnowledgeIndex> {
    const rows = await db.selectFrom('knowledge_articles').selectAll().where('workspace_id', '=', workspaceId).orderBy('id').execute();
    // jieba cuts Chinese into words (core's default would use bigrams only), WordNet
    // reads an English word no article holds as a held synonym: issue #17.
    return new KnowledgeIndex(rows.map(knowledgeArticleFrom), {
      segmenter: knowledgeSegmenter(),
      stemmer: knowledgeStemmer,
      thesaurus: knowledgeThesaurus(),
      ...lexicon,
    });
  }
}
