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

export const SeriesQuery = ReportQuery.extend({ granularity: z.enum(['hour', 'day', 'week', 'month']).optional() });

/** The detail log's filters: one per report table a cell can come from. */
export const DetailQuery = SeriesQuery.extend({
  agentId: storableText().max(100).optional(),
  tagId: storableText().max(100).optional(),
  group: storableText().max(500).optional(),
  hour: z.string().regex(/^(?:[01]?\d|2[0-3])$/).optional(),
  bucket: z.string().regex(/^\d{4}-\d{2}(?:-\d{2}(?:T\d{2}:00)?)?$/).optional(),
  outcome: z.enum(['handled', 'abandoned', 'within_target']).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
});

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
