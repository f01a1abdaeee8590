import type { messagingApi } from '@line/bot-sdk';
import type { Deps } from '../../platform/deps.ts';
import { baseUrl, parseMaybeJson, platformRequest } from '../outbox/http-send.ts';
import type { Secrets } from '../types.ts';

export const LINE_API = 'https://api.line.me';

/**
 * The two Messaging API calls we make, sent through the outbound client.
 * @line/bot-sdk's clients call the global fetch with no way to hand them a
 * dispatcher, so they would bypass the address checks; its types stay ours.
 */
export function lineClient(deps: Deps, config: Record<string, unknown>, secrets: Secrets) {
  const base = baseUrl(deps.outbound, config.apiBaseUrl, LINE_API);
  const authorization = `Bearer ${secrets.channelAccessToken ?? secrets.accessToken ?? ''}`;
  return {
    async pushMessage(body: messagingApi.PushMessageRequest, retryKey: string): Promise<messagingApi.PushMessageResponse> {
      const res = await platformRequest(deps, `${base}/v2/bot/message/push`, { body, headers: { authorization, 'x-line-retry-key': retryKey } });
      return parseMaybeJson(res.text()) as messagingApi.PushMessageResponse;
    },
    async getProfile(userId: string): Promise<messagingApi.UserProfileResponse> {
      const res = await platformRequest(deps, `${base}/v2/bot/profile/${encodeURIComponent(userId)}`, { method: 'GET', headers: { authorization } });
      return parseMaybeJson(res.text()) as messagingApi.UserProfileResponse;
    },
  };
}
