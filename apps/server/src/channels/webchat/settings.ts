import { DomainError } from '@switchboard/core';
import { WebchatSettings } from '@switchboard/protocol';
import type { ChannelRow } from '../../db/schema.ts';

export type WidgetSettings = ReturnType<typeof WebchatSettings.parse>;

/**
 * The widget's part of a webchat channel's config: `greeting` and `preChat`.
 * Read leniently: a malformed value is treated as absent, so a typo in the
 * admin's config costs the greeting, never the chat.
 */
export function widgetSettings(channel: Pick<ChannelRow, 'config'>): WidgetSettings {
  const config = channel.config ?? {};
  return WebchatSettings.parse({ greeting: config.greeting, preChat: config.preChat });
}

/** The pre-chat fields the channel requires are there: the server holds the rule, not only the widget's form. */
export function assertPreChat(settings: WidgetSettings, given: { name?: string; email?: string }) {
  const missing = (['name', 'email'] as const).filter((f) => settings.preChat?.[f] === 'required' && !given[f]);
  if (missing.length) throw new DomainError('VALIDATION_FAILED', `this chat asks for ${missing.join(' and ')} before it starts`);
}
