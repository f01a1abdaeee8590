import { metaChallenge, verifyMetaSignature } from '../meta/verification.ts';
import { messagingEvents, messagingPayload } from '../messenger/webhook.ts';
import { profileNames } from '../messenger/profile.ts';
import { parsePayload } from '../webhooks/parse-payload.ts';
import type { WebhookAdapter } from '../types.ts';
import { INSTAGRAM_API } from './send.ts';

const Payload = messagingPayload('instagram');

/**
 * Instagram messaging webhooks (object "instagram") carry the same `messaging`
 * items as Messenger's, signed the same way with the Meta app secret
 * (X-Hub-Signature-256), and confirmed by the same GET handshake. Contacts
 * are keyed by Instagram-scoped id (IGSID), named from the profile API.
 */
export const instagramWebhook: WebhookAdapter = {
  verify: verifyMetaSignature,
  challenge: metaChallenge,
  parse(body) {
    return parsePayload(Payload, body).entry.flatMap((e) => (e.messaging ?? []).flatMap(messagingEvents));
  },
  enrich: profileNames(INSTAGRAM_API),
};
