import { sql } from 'kysely';
import type { Deps } from '../platform/deps.ts';
import type { BotPlan } from './plan.ts';
import { botRuntime } from './runtime.ts';
import { unansweredKey } from './unanswered-key.ts';

export interface NearMiss {
  articleId: string;
  score: number;
}

interface Unanswered {
  workspaceId: string;
  normalized: string;
  text: string;
  count: number;
  first: number;
  last: number;
  nearMisses: NearMiss[];
}

interface Feedback {
  workspaceId: string;
  conversationId: string;
  helpful: boolean;
}

/**
 * What the knowledge base learns from customers — questions it could not
 * answer, and "helpful" / "not helpful" after an answer — written after the
 * customer has been answered, in one batch per turn of the event loop. The
 * direct inbound path (bench/ingest.ts) stays at its two statements; the cost
 * is that a crash loses the signals still queued (counts, not conversations).
 */
export class KnowledgeSignals {
  private unanswered = new Map<string, Unanswered>();
  private feedback: Feedback[] = [];
  private scheduled = false;

  constructor(private readonly deps: Pick<Deps, 'db' | 'log' | 'patterns' | 'ids'>) {}

  /** Called once the plan's writes are committed. */
  note(workspaceId: string, conversationId: string, plan: BotPlan, at: number): void {
    if (plan.type === 'reply' && plan.unanswered) this.addUnanswered(workspaceId, plan.unanswered.text, plan.unanswered.nearMisses, at);
    const cause = plan.type === 'reply' || plan.type === 'route' ? plan.decision.cause : undefined;
    if (cause === 'kb_helpful' || cause === 'kb_not_helpful') {
      this.feedback.push({ workspaceId, conversationId, helpful: cause === 'kb_helpful' });
      this.schedule();
    }
  }

  private addUnanswered(workspaceId: string, text: string, nearMisses: NearMiss[], at: number) {
    const normalized = unansweredKey(text);
    if (!normalized) return;
    const key = `${workspaceId}\u0000${normalized}`;
    const seen = this.unanswered.get(key);
    if (seen) Object.assign(seen, { count: seen.count + 1, last: Math.max(seen.last, at), text, nearMisses });
    else this.unanswered.set(key, { workspaceId, normalized, text, count: 1, first: at, last: at, nearMisses });
    this.schedule();
  }

  private schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    botRuntime(this.deps).track(new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.flush()));
  }

  private async flush() {
    this.scheduled = false;
    const rows = [...this.unanswered.values()];
    const feedback = this.feedback;
    this.unanswered = new Map();
    this.feedback = [];
    try {
      if (rows.length > 0) await this.writeUnanswered(rows);
      for (const f of feedback) await this.writeFeedback(f);
    } catch (error) {
      this.deps.log.warn({ err: error }, 'knowledge signals not recorded');
    }
  }

  private async writeUnanswered(rows: Unanswered[]) {
    const values = rows.map((r) => ({
      id: this.deps.ids.next('uq'),
      workspace_id: r.workspaceId,
      normalized: r.normalized,
      text: r.text,
      count: r.count,
      first_asked_at: r.first,
      last_asked_at: r.last,
      near_misses: JSON.stringify(r.nearMisses),
    }));
    await this.deps.db
      .insertInto('unanswered_questions')
      .values(values)
      .onConflict((oc) =>
        oc.columns(['workspace_id', 'normalized']).doUpdateSet({
          count: sql`unanswered_questions.count + excluded.count`,
          last_asked_at: sql`greatest(unanswered_questions.last_asked_at, excluded.last_asked_at)`,
          text: sql`excluded.text`,
          near_misses: sql`excluded.near_misses`,
        }),
      )
      .execute();
  }

  /** Counts against the article of the bot's last reply, if that reply was a knowledge-base answer. */
  private async writeFeedback(f: Feedback) {
    const column = f.helpful ? sql.ref('helpful_count') : sql.ref('not_helpful_count');
    await sql`
      UPDATE knowledge_articles SET ${column} = ${column} + 1
      WHERE workspace_id = ${f.workspaceId} AND id = (
        SELECT e.data->>'articleId' FROM (
          SELECT cause, data FROM conversation_events
          WHERE conversation_id = ${f.conversationId} AND type = 'bot_reply' AND cause NOT IN ('kb_helpful', 'kb_not_helpful')
          ORDER BY id DESC LIMIT 1
        ) e WHERE e.cause = 'knowledge'
      )`.execute(this.deps.db);
  }
}

const signals = new WeakMap<object, KnowledgeSignals>();

export function knowledgeSignals(deps: Pick<Deps, 'db' | 'log' | 'patterns' | 'ids'>): KnowledgeSignals {
  let s = signals.get(deps.db);
  if (!s) signals.set(deps.db, (s = new KnowledgeSignals(deps)));
  return s;
}
