import { useCallback, useEffect, useRef, useState } from 'react';
import { contactsApi } from '../../lib/api.ts';
import type { Contact } from '../../lib/types.ts';

interface SearchState {
  items: Contact[];
  nextCursor: string | null;
  error: unknown;
  loading: boolean;
}

const IDLE: SearchState = { items: [], nextCursor: null, error: null, loading: false };
const TYPING_PAUSE_MS = 250;

/**
 * Contacts matching `q` (docs/contacts.md: part of a name, or a whole
 * externalId), a page at a time. Typing is debounced, and an answer to an
 * older query is dropped. `null` searches nothing.
 */
export function useContactSearch(q: string | null, limit = 25) {
  const [state, setState] = useState<SearchState>(IDLE);
  const generation = useRef(0);

  const fetchPage = useCallback(
    (cursor: string | null) => {
      const mine = ++generation.current;
      setState((s) => ({ ...s, loading: true }));
      contactsApi.list({ q: q ?? '', cursor, limit }).then(
        (page) =>
          mine === generation.current &&
          setState((s) => ({ items: cursor ? [...s.items, ...page.items] : page.items, nextCursor: page.nextCursor ?? null, error: null, loading: false })),
        (error: unknown) => mine === generation.current && setState((s) => ({ ...s, error, loading: false })),
      );
    },
    [q, limit],
  );

  useEffect(() => {
    generation.current++;
    if (q === null) return setState(IDLE);
    const timer = setTimeout(() => fetchPage(null), TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [q, fetchPage]);

  /** Shows a contact as it is after an edit or a merge, and drops the one merged away. */
  const applyChange = useCallback((contact: Contact, removedId?: string) => {
    setState((s) => ({ ...s, items: s.items.filter((c) => c.id !== removedId).map((c) => (c.id === contact.id ? contact : c)) }));
  }, []);

  const { nextCursor } = state;
  const loadMore = useCallback(() => nextCursor && fetchPage(nextCursor), [nextCursor, fetchPage]);

  return { ...state, loadMore, applyChange };
}
