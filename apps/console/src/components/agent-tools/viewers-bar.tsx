import { useEffect, useState } from 'react';
import { api } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.ts';
import { useFrames } from '../../state/live.tsx';

type Viewer = { name: string; seenAt: number; typingUntil: number };
const HEARTBEAT_MS = 10_000;
/** A viewer not heard from for this long has gone (closed the tab, lost the network). */
const FORGET_MS = 30_000;
const TYPING_MS = 5_000;

/**
 * Collision: says this agent is viewing the conversation (every 10 s, and
 * "left" on the way out), and shows which colleagues are viewing or typing,
 * from `conversation.viewing` frames of any process.
 */
export function ViewersBar({ conversationId, myId }: { conversationId: string; myId: string | null | undefined }) {
  const { t } = useI18n();
  const [viewers, setViewers] = useState<Record<string, Viewer>>({});
  const [, tick] = useState(0);

  useEffect(() => {
    const say = (state: string) => void api.post(`/conversations/${conversationId}/viewing`, { state }).catch(() => {});
    say('viewing');
    const beat = setInterval(() => say('viewing'), HEARTBEAT_MS);
    const sweep = setInterval(() => tick((n) => n + 1), 2000);
    return () => {
      clearInterval(beat);
      clearInterval(sweep);
      say('left');
      setViewers({});
    };
  }, [conversationId]);

  useFrames((f) => {
    const frame = f as unknown as { type: string; data: { conversationId?: string; agentId?: string; name?: string | null; state?: string } };
    if (frame.type !== 'conversation.viewing' || frame.data.conversationId !== conversationId || !frame.data.agentId || frame.data.agentId === myId) return;
    const id = frame.data.agentId;
    const state = frame.data.state;
    setViewers((v) => {
      const next = { ...v };
      if (state === 'left') delete next[id];
      else
        next[id] = { name: frame.data.name ?? id, seenAt: Date.now(), typingUntil: state === 'typing' ? Date.now() + TYPING_MS : (next[id]?.typingUntil ?? 0) };
      return next;
    });
  });

  const now = Date.now();
  const present = Object.values(viewers).filter((v) => now - v.seenAt < FORGET_MS);
  const typing = present.filter((v) => v.typingUntil > now).map((v) => v.name);
  const viewing = present.filter((v) => v.typingUntil <= now).map((v) => v.name);
  if (typing.length === 0 && viewing.length === 0) return null;
  return (
    <p className="viewers" role="status" data-testid="viewers">
      {typing.length > 0 && <span className="viewers-typing">{t('viewersTyping', { names: typing.join(', ') })}</span>}
      {typing.length > 0 && viewing.length > 0 && ' · '}
      {viewing.length > 0 && <span>{t('viewersViewing', { names: viewing.join(', ') })}</span>}
    </p>
  );
}
