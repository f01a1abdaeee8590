/**
 * npm run reports:reconcile -- [--workspace <id>] [--from <ISO>] [--to <ISO>]
 * Folds whatever is still marked, then recounts the period (default: the
 * last 30 days) from the raw history and compares it with the rollups of
 * every workspace (or the one named). Exit 1 on any difference.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { openPGlite, openPostgres } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { catchUp } from './rollup-job.ts';
import { reconcile } from './reconcile.ts';

const { values } = parseArgs({ options: { workspace: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } } });
const config = loadConfig();
const handle = config.DATABASE_URL ? await openPostgres(config.DATABASE_URL) : await openPGlite(config.DATA_DIR.startsWith('memory://') ? undefined : config.DATA_DIR);
await migrate(handle);
const to = values.to ? Date.parse(values.to) : Date.now();
const from = values.from ? Date.parse(values.from) : to - 30 * 86_400_000;
if (!Number.isFinite(from) || !Number.isFinite(to) || from >= to) {
  console.error('--from and --to must be ISO times, from before to');
  process.exit(2);
}
const workspaces = values.workspace ? [values.workspace] : (await handle.db.selectFrom('workspaces').select('id').execute()).map((w) => w.id);
let failed = false;
for (const ws of workspaces) {
  await catchUp(handle, ws);
  const r = await reconcile(handle.db, ws, from, to);
  failed ||= r.differences.length > 0;
  console.log(`${ws} ${r.from} → ${r.to}: ${r.conversations} conversations, ${r.rollupRows} rollup rows, ${r.differences.length} differences`);
  for (const d of r.differences.slice(0, 20)) console.log(`  ${d.key.dim} ${new Date(d.key.bucket).toISOString()} ${d.key.channelId} [${d.key.groupKey}] ${d.key.dimId} ${d.counter}: rollup ${d.rollup}, history ${d.recount}`);
}
await handle.close();
process.exit(failed ? 1 : 0);
