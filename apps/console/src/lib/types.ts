import type {
  Agent as AgentSchema,
  Contact as ContactSchema,
  ContactPatch as ContactPatchSchema,
  Conversation as ConversationSchema,
  Message as MessageSchema,
  RoutingSettings as RoutingSettingsSchema,
  StreamFrame,
} from '@switchboard/protocol';
import type { z } from 'zod';

/** API shapes, inferred from the protocol's schemas (types only: no zod in the bundle). */
export type Agent = z.infer<typeof AgentSchema>;
export type Conversation = z.infer<typeof ConversationSchema>;
export type ConversationStatus = Conversation['status'];
export type Message = z.infer<typeof MessageSchema>;
export type Contact = z.infer<typeof ContactSchema>;
export type ContactPatch = z.infer<typeof ContactPatchSchema>;
export type RoutingSettings = z.infer<typeof RoutingSettingsSchema>;
export type Presence = Agent['presence'];
export type Role = 'agent' | 'supervisor' | 'admin';
export type { StreamFrame };

export const STATUSES: ConversationStatus[] = ['bot', 'script', 'waiting', 'dispatching', 'processing', 'completed'];

export interface Me {
  workspace: { id: string; name: string };
  role: Role;
  agent: Agent | null;
}

export interface ConversationEvent {
  id: number;
  type: string;
  at: string;
  from: string | null;
  to: string | null;
  cause: string;
  actor: { type: string; id: string | null };
  data: Record<string, unknown>;
  /** A knowledge-base answer: the article it came from (title null once deleted). */
  article?: { id: string; title: string | null };
}

export interface RoutingOverview {
  mode: 'auto' | 'offer';
  readyAgents: number;
  dispatchLimit: number;
  dispatching: number;
  waiting: number;
  agents: Array<{
    id: string;
    name: string;
    presence: Presence;
    reason: string | null;
    load: number;
    capacity: number;
  }>;
  groups: Array<{
    skills: string[];
    waiting: number;
    dispatching: number;
    oldestWaitingSince: string | null;
  }>;
}

export interface LiveStats {
  windowMinutes: number;
  handled: number;
  averageWaitSeconds: number | null;
  p90WaitSeconds: number | null;
  answeredWithin60sShare: number | null;
  abandoned: number;
}

export interface Channel {
  id: string;
  type: string;
  name: string;
  bot: boolean;
  skills: string[];
  priority: number;
  config: Record<string, unknown>;
  handoffKeywords: string[] | null;
  returnKeywords: string[];
  scriptId: string | null;
}

export interface KeywordRule {
  id: string;
  channelId: string | null;
  /** 0-based place within its scope (the channel's rules, or the workspace's): the first match wins. */
  position?: number;
  match: 'exact' | 'contains' | 'regex';
  pattern: string;
  reply?: string | null;
  action?: unknown;
}

export interface ScriptSummary {
  id: string;
  name: string | null;
  publishedVersion: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface ScriptDetail extends ScriptSummary {
  draft: Record<string, unknown>;
  versions: Array<{ version: number; publishedAt: string }>;
}

/** One of the core's script validation errors (details of a VALIDATION_FAILED). */
export interface ScriptError {
  code: string;
  step?: string;
  message: string;
}

export interface KnowledgeArticle {
  id: string;
  question: string;
  answer: string;
  alternatives?: string[];
  tags?: string[];
}

export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}
