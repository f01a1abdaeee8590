import { baseUrl } from '../outbox/http-send.ts';
import type { Secrets } from '../types.ts';

export const LINE_API = 'https://api.line.me';

/** The SDK, loaded on first use: it is a fifth of the server's start-up CPU, and most deployments send nothing to LINE. */
export const lineSdk = () => import('@line/bot-sdk');

export async function lineClient(config: Record<string, unknown>, secrets: Secrets) {
  const { messagingApi } = await lineSdk();
  return new messagingApi.MessagingApiClient({
    channelAccessToken: secrets.channelAccessToken ?? secrets.accessToken ?? '',
    baseURL: baseUrl(config.apiBaseUrl, LINE_API),
  });
}
