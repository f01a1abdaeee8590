import { seedBotDemo } from './demo-bot.ts';
import type { Deps } from '../platform/deps.ts';
import { createAgent } from '../agents/agents.ts';
import { createChannel } from '../channels/channels.ts';
import type { Principal } from '../platform/principal.ts';

export const DEMO_PASSWORD = 'switchboard';
export const DEMO_ADMIN_EMAIL = 'admin@demo.switchboard.local';

export interface DemoWorkspace {
  workspaceId: string;
  created: boolean;
}

export type DemoSeeder = (deps: Deps, admin: Principal) => Promise<void>;

/**
 * The demo workspace a bare `npm start` serves: an admin, a supervisor, two
 * agents with different skills, a web-chat and an API channel, and the demo
 * bot (FAQ, keyword rules, the order-status script: bot/demo-seed.ts). Seeded
 * once; later starts find it by its is_demo flag. Later features (bot,
 * scripts, knowledge base) add their demo data through `extraSeeders`.
 */
export async function ensureDemoWorkspace(deps: Deps, extraSeeders: DemoSeeder[] = []): Promise<DemoWorkspace> {
  const existing = await deps.db.selectFrom('workspaces').select('id').where('is_demo', '=', true).executeTakeFirst();
  if (existing) return { workspaceId: existing.id, created: false };
  const workspaceId = deps.ids.next('ws');
  await deps.db.insertInto('workspaces').values({ id: workspaceId, name: 'Demo', is_demo: true }).execute();
  const admin: Principal = { workspaceId, role: 'admin', agentId: null, kind: 'system' };
  for (const person of DEMO_PEOPLE) await createAgent(deps, admin, { ...person, password: DEMO_PASSWORD, capacity: 5 });
  await createChannel(deps, admin, { type: 'webchat', name: 'Website chat', bot: true });
  await createChannel(deps, admin, { type: 'api', name: 'API', bot: true });
  for (const seed of [seedBotDemo, ...extraSeeders]) await seed(deps, admin);
  return { workspaceId, created: true };
}

const DEMO_PEOPLE = [
  { name: 'Ada Admin', email: DEMO_ADMIN_EMAIL, role: 'admin' as const, skills: ['english', 'billing'] },
  { name: 'Sam Supervisor', email: 'supervisor@demo.switchboard.local', role: 'supervisor' as const, skills: ['english'] },
  {
    name: 'Mei Lin',
    email: 'mei@demo.switchboard.local',
    role: 'agent' as const,
    skills: [
      { name: 'chinese', level: 5 },
      { name: 'english', level: 3 },
    ],
  },
  {
    name: 'Ken Sato',
    email: 'ken@demo.switchboard.local',
    role: 'agent' as const,
    skills: [
      { name: 'japanese', level: 5 },
      { name: 'billing', level: 4 },
    ],
  },
];

/** What `npm start` prints once the demo is ready: where to go, and every demo sign-in (they share one password). */
export function demoLoginBanner(address: string): string {
  const url = `${address.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost')}/`;
  const width = Math.max(...DEMO_PEOPLE.map((p) => p.email.length));
  const lines = DEMO_PEOPLE.map((p) => `  ${p.email.padEnd(width)}  ${p.role.padEnd(10)} ${p.name}`);
  return [`Demo workspace ready: open ${url} and sign in with one of these (password "${DEMO_PASSWORD}"):`, ...lines].join('\n');
}
