import type { Generated } from 'kysely';
import type { Json } from './schema-columns.ts';

/** Agent tools: service-reason tags and canned responses (agent-tools/, migrations 20261201T1130). */

export interface TagsTable {
  id: string;
  workspace_id: string;
  name: string;
  color: string;
  archived: Generated<boolean>;
  created_at: number;
}

export interface ConversationTagsTable {
  conversation_id: string;
  tag_id: string;
  workspace_id: string;
  /** 'agent' | 'rule' | 'script' */
  source: string;
  added_by: string | null;
  created_at: number;
}

export interface CannedResponsesTable {
  id: string;
  workspace_id: string;
  /** NULL: workspace-wide; else the agent's own. */
  owner_agent_id: string | null;
  shortcut: string;
  text: string;
  folder: string | null;
  tags: Json<string[]>;
  language: string | null;
  usage_count: Generated<number>;
  last_used_at: number | null;
  created_at: number;
  updated_at: number;
}
