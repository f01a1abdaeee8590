import { messagingApi } from '@line/bot-sdk';
import { baseUrl } from '../outbox/http-send.ts';
import type { Secrets } from '../types.ts';

export const LINE_API = 'https://api.line.me';

export function lineClient(config: Record<string, unknown>, secrets: Secrets) {
  return new messagingApi.MessagingApiClient({
    channelAccessToken: secrets.channelAccessToken ?? secrets.accessToken ?? '',
    baseURL: baseUrl(config.apiBaseUrl, LINE_API),
  });
}
