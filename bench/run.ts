/**
 * `npm run bench`: every benchmark, one after the other, each printing its
 * own markdown table. Record the results in docs/benchmarks.md with the
 * machine and the date.
 */
import { main as routingEngine } from './routing.ts';
import { main as bot } from './bot.ts';
import { main as regex } from './regex.ts';
import { main as knowledge } from './knowledge.ts';
import { main as ingest } from './ingest.ts';
import { main as routingEndToEnd } from './routing-e2e.ts';
import { main as coldStart } from './cold-start.ts';
import { main as eta } from './eta.ts';
import { main as replay } from './replay/replay.ts';
import { main as replayStored } from './replay/stored.ts';
import { main as fanout } from './fanout.ts';
import { main as reports } from './reports.ts';

console.log(`Switchboard benchmarks — ${new Date().toISOString()} — Node ${process.version}, ${(await import('node:os')).cpus().length} cores`);
await routingEngine();
await bot();
await regex();
knowledge();
await ingest();
await routingEndToEnd('postgres');
await coldStart();
await eta();
await replay();
await replayStored();
await fanout();
await reports();
