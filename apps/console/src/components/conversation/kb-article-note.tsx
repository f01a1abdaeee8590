import type { ConversationEvent } from '../../lib/types.ts';

/** Which knowledge-base article the bot answered from, so the agent can read what the customer was told (issue #17). */
export function KbArticleNote({ event }: { event: ConversationEvent }) {
  if (!event.article) return null;
  return (
    <span className="kb-article" data-article-id={event.article.id}>
      {' · 📄 '}
      {event.article.title ?? event.article.id}
    </span>
  );
}
