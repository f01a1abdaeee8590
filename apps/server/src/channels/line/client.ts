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
    /** Free, but only with a fresh reply token (one use, about a minute); no retry key. */
    async replyMessage(body: messagingApi.ReplyMessageRequest): Promise<messagingApi.ReplyMessageResponse> {
      const res = await platformRequest(deps, `${base}/v2/bot/message/reply`, { body, headers: { authorization } });
      return parseMaybeJson(res.text()) as messagingApi.ReplyMessageResponse;
    },
    /** A group or room member's name (the user profile API answers only for friends of the bot). */
    async getMemberProfile(chat: { groupId?: string; roomId?: string }, userId: string): Promise<messagingApi.GroupUserProfileResponse> {
      const path = chat.groupId ? `group/${encodeURIComponent(chat.groupId)}` : `room/${encodeURIComponent(chat.roomId ?? '')}`;
      const res = await platformRequest(deps, `${base}/v2/bot/${path}/member/${encodeURIComponent(userId)}`, { method: 'GET', headers: { authorization } });
      return parseMaybeJson(res.text()) as messagingApi.GroupUserProfileResponse;
    },
    async getProfile(userId: string): Promise<messagingApi.UserProfileResponse> {
      const res = await platformRequest(deps, `${base}/v2/bot/profile/${encodeURIComponent(userId)}`, { method: 'GET', headers: { authorization } });
      return parseMaybeJson(res.text()) as messagingApi.UserProfileResponse;
    },
  };
}
