import { DomainError, notFound } from '@switchboard/core';
import type { ChannelRow } from '../../db/schema.ts';
import type { Deps } from '../../platform/deps.ts';
import { channelById } from '../channels.ts';
import { receiveInbound } from '../../inbound/inbound.ts';
import { applyReceipt } from '../outbox/receipts.ts';
import { adapterFor } from '../registry.ts';
import type { ChannelEvent, Secrets, WebhookAdapter, WebhookContext } from '../types.ts';
import { applyEdit, applyReaction, applyUnsend } from './platform-events.ts';
import { enqueueMedia, markFetching } from '../media/enqueue.ts';
import type { MediaSource } from '../media/media-types.ts';
import { channelBinding } from '../../platform/secret-box.ts';
import { jsonDepthExceeds, MAX_JSON_DEPTH } from '../../http/json-depth.ts';

/** Unknown channel id and a channel of another type look the same from outside: 404. */
export async function webhookChannel(deps: Deps, type: string, channelId: string): Promise<{ channel: ChannelRow; adapter: WebhookAdapter; media?: MediaSource; secrets: Secrets }> {
  const adapter = adapterFor(type)?.webhook;
  const found = adapter && (await channelById(deps, channelId));
  const channel = found && found.type === type ? found : undefined;
  if (!adapter || !channel) throw notFound(`${type} channel`, channelId);
  return { channel, adapter, media: adapterFor(type)?.media, secrets: deps.secrets.open<Secrets>(channel.secrets, channelBinding(channel.id)) ?? {} };
}

function parseJson(raw: Buffer): unknown {
  const text = raw.toString('utf8');
  if (jsonDepthExceeds(text)) throw new DomainError('JSON_TOO_DEEP', `webhook body nests deeper than ${MAX_JSON_DEPTH} levels`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DomainError('MALFORMED_JSON', `webhook body is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * Verify, parse, store: events are stored one by one in the platform's order,
 * and the caller answers 200 only once all are stored. A failure before that
 * makes the platform redeliver, and redeliveries are idempotent on the
 * platform's message id, so nothing is lost and nothing is stored twice.
 */
export async function ingestWebhook(deps: Deps, type: string, channelId: string, raw: Buffer, headers: WebhookContext['headers']) {
  const { channel, adapter, secrets, media } = await webhookChannel(deps, type, channelId);
  const ctx: WebhookContext = { raw, headers, channel, config: channel.config, secrets };
  adapter.verify(ctx);
  const events = adapter.parse(parseJson(raw));
  const messages = events.filter((e) => e.kind === 'message');
  if (messages.length) await adapter.enrich?.(messages, ctx, deps);
  let stored = 0;
  for (const event of events) {
    if (event.kind === 'message') {
      markFetching(event, media);
      const { kind: _, ...input } = event;
      const result = await receiveInbound(deps, channel, input);
      await enqueueMedia(deps, channel, result.messageId, event.attachments);
      stored++;
    } else if (event.kind !== 'action') await applyEvent(deps, channel, event);
  }
  // Only once everything is stored: a redelivery must not answer a button twice before we know it is new.
  for (const event of events) if (event.kind === 'action') await adapter.act?.(event, ctx, deps);
  return { ok: true, messages: stored };
}

async function applyEvent(deps: Deps, channel: ChannelRow, event: Exclude<ChannelEvent, { kind: 'message' | 'action' }>): Promise<void> {
  switch (event.kind) {
    case 'receipt':
      await applyReceipt(deps, channel, event);
      return;
    case 'reaction':
      await applyReaction(deps, channel, event);
      return;
    case 'edit':
      await applyEdit(deps, channel, event);
      return;
    case 'unsend':
      await applyUnsend(deps, channel, event);
      return;
    default:
      event satisfies never;
  }
}
