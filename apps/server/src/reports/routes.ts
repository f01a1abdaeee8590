import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../platform/deps.ts';
import { liveStats } from './live-stats.ts';
import { liveBoard } from './live-board.ts';
import { requireRole } from '../platform/principal.ts';
import { toCsv } from './csv.ts';
import { DetailQuery, ReportQuery, SeriesQuery } from './report-query.ts';
import { reportAgents, reportChannels, reportConversations, reportHours, reportQueues, reportSeries, reportSummary, reportTags } from './reports.ts';

/** `Accept: text/csv` asks for the table as CSV; anything else gets JSON. */
const wantsCsv = (req: FastifyRequest) => (req.headers.accept ?? '').toLowerCase().includes('text/csv');
const csv = (reply: FastifyReply, name: string, rows: Array<Record<string, unknown>>) =>
  reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(toCsv(rows));

export const reportRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['reports'];
    app.get('/stats/live', { schema: { tags: ['routing'] } }, async (req) => {
      requireRole(req.principal, 'supervisor');
      return liveStats(deps, req.principal);
    });
    app.get('/reports/live', { schema: { tags } }, async (req) => {
      requireRole(req.principal, 'supervisor');
      return liveBoard(deps, req.principal);
    });
    app.get('/reports/summary', { schema: { tags, querystring: ReportQuery } }, async (req, reply) => {
      requireRole(req.principal, 'supervisor');
      const summary = await reportSummary(deps, req.principal, req.query);
      return wantsCsv(req) ? csv(reply, 'summary', [summary]) : summary;
    });
    app.get('/reports/agents', { schema: { tags, querystring: ReportQuery } }, async (req, reply) => {
      requireRole(req.principal, 'supervisor');
      const report = await reportAgents(deps, req.principal, req.query);
      return wantsCsv(req) ? csv(reply, 'agents', report.items) : report;
    });
    // Every table of the reports page, each also as CSV; each row's `conversations` is its detail log.
    const tables = [
      ['channels', reportChannels],
      ['queues', reportQueues],
      ['tags', reportTags],
      ['hours', reportHours],
    ] as const;
    for (const [name, read] of tables) {
      app.get(`/reports/${name}`, { schema: { tags, querystring: ReportQuery } }, async (req, reply) => {
        requireRole(req.principal, 'supervisor');
        const report = await read(deps, req.principal, req.query);
        return wantsCsv(req) ? csv(reply, name, report.items) : report;
      });
    }
    app.get('/reports/series', { schema: { tags, querystring: SeriesQuery } }, async (req, reply) => {
      requireRole(req.principal, 'supervisor');
      const report = await reportSeries(deps, req.principal, req.query);
      return wantsCsv(req) ? csv(reply, `series-${report.granularity}`, report.items) : report;
    });
    app.get('/reports/conversations', { schema: { tags, querystring: DetailQuery } }, async (req, reply) => {
      requireRole(req.principal, 'supervisor');
      const report = await reportConversations(deps, req.principal, req.query);
      return wantsCsv(req) ? csv(reply, 'conversations', report.items) : report;
    });
  };
