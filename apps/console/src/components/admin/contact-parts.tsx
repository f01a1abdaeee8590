import { useCallback, type ReactNode } from 'react';
import { api } from '../../lib/api.ts';
import { shortId } from '../../lib/format.ts';
import type { Translate } from '../../lib/i18n.ts';
import type { Channel, Contact } from '../../lib/types.ts';
import { useLiveQuery } from '../../state/use-live-query.ts';
import type { Column } from '../common/data-table.tsx';

export type ChannelName = (channelId: string) => string;

export const contactName = (contact: Contact, t: Translate) => contact.name ?? t('noName');

/** Channel names by id, for showing identities; the short id until the channels are loaded. */
export function useChannelNames(): ChannelName {
  // No frame announces a channel change: only (re)connecting refetches.
  const channels = useLiveQuery(
    'channels',
    () => api.get<{ items: Channel[] }>('/channels').then((r) => r.items),
    () => false,
  ).data;
  return useCallback((id: string) => channels?.find((c) => c.id === id)?.name ?? shortId(id), [channels]);
}

/** Where the customer is known: "channel name: externalId", one a line. Both are shown as text. */
export function IdentityList({ contact, channelName }: { contact: Contact; channelName: ChannelName }) {
  return (
    <ul className="plain">
      {contact.identities.map((i) => (
        <li key={`${i.channelId}/${i.externalId}`}>
          {channelName(i.channelId)}: <code>{i.externalId}</code>
        </li>
      ))}
    </ul>
  );
}

/** The columns both contact tables share: name (as `nameCell` draws it), identities, attribute count. */
export function contactColumns(t: Translate, channelName: ChannelName, nameCell: (contact: Contact) => ReactNode): Column<Contact>[] {
  return [
    { header: t('name'), cell: nameCell, rowHeader: true },
    { header: t('identities'), cell: (c) => <IdentityList contact={c} channelName={channelName} /> },
    { header: t('attributes'), cell: (c) => Object.keys(c.attributes).length },
  ];
}
