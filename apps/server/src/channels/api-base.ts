import { DomainError } from '@switchboard/core';
import type { Deps } from '../platform/deps.ts';
import { LINE_API } from './line/client.ts';
import { GRAPH_API } from './meta/verification.ts';
import { baseUrl } from './outbox/http-send.ts';
import { TELEGRAM_API } from './telegram/send.ts';

/** The platform API each channel type sends to unless its config says otherwise. */
const OFFICIAL_API: Record<string, string> = { telegram: TELEGRAM_API, whatsapp: GRAPH_API, messenger: GRAPH_API, line: LINE_API };

/**
 * Refuses, when a channel is saved, an `apiBaseUrl` that sending would refuse
 * (it receives the channel's tokens: only the platform's own API or a host in
 * OUTBOUND_ALLOW), so the admin hears it at once rather than from a failed
 * message.
 */
export function checkApiBaseUrl(deps: Deps, type: string, config: Record<string, unknown> | undefined) {
  const official = OFFICIAL_API[type];
  const configured = config?.apiBaseUrl;
  if (!official || configured === undefined || configured === null || configured === '') return;
  if (typeof configured !== 'string' || !URL.canParse(configured) || !/^https?:$/.test(new URL(configured).protocol)) {
    throw new DomainError('VALIDATION_FAILED', 'config.apiBaseUrl must be an http(s) URL', [{ path: '/config/apiBaseUrl', message: 'not an http(s) URL' }]);
  }
  try {
    baseUrl(deps.outbound, configured, official);
  } catch (error) {
    throw new DomainError('VALIDATION_FAILED', (error as Error).message, [
      { path: '/config/apiBaseUrl', message: 'not the platform API, and OUTBOUND_ALLOW does not list it' },
    ]);
  }
}
