import { DomainError } from '@switchboard/core';
import { storableText } from '@switchboard/protocol';
import { z } from 'zod';

/** A moment: an ISO time with offset, or a date (midnight UTC). */
const Moment = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);

export const ReportQuery = z.object({
  from: Moment.optional(),
  to: Moment.optional(),
  channelId: storableText().max(100).optional(),
  skill: storableText().max(64).optional(),
});
export type ReportQuery = z.infer<typeof ReportQuery>;

const DAY = 86_400_000;
const MAX_PERIOD = 400 * DAY;

/** [from, to) in ms; default the 24 hours before now. A backwards or over-long period is the caller's mistake (4xx). */
export function periodOf(query: ReportQuery, now: number) {
  const to = query.to ? Date.parse(query.to) : now;
  const from = query.from ? Date.parse(query.from) : to - DAY;
  if (!(from < to)) throw new DomainError('VALIDATION_FAILED', '`from` must be before `to`');
  if (to - from > MAX_PERIOD) throw new DomainError('VALIDATION_FAILED', 'a report period is at most 400 days');
  return { from, to };
}
