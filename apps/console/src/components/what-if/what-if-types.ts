import type { Figures, QueueFigures, StaffingAnswer } from '@switchboard/core';

/**
 * The answer of POST /simulations (docs/what-if.md), as the page reads it. The
 * figures are core's own types (packages/core replay/types.ts), imported as
 * types only: nothing of the core is bundled.
 */
export type { Figures };

export interface SimulationResult {
  id: string | null;
  status: 'queued' | 'running' | 'done' | 'failed';
  progress?: number;
  error?: string;
  whatIf?: boolean;
  reproduced?: boolean | null;
  recorded?: Figures;
  simulated?: Figures;
  queues?: QueueFigures[];
  staffing?: Array<{ skills: string[]; arrivalsPerHour: number; handleSeconds: number } & StaffingAnswer>;
  check?: { compared: number; firstDifference: { recorded: string | null; simulated: string | null } | null } | null;
}

export interface WhatIfForm {
  from: string;
  to: string;
  dispatchPerAgent: string;
  mode: '' | 'auto' | 'offer';
  offerTimeoutSeconds: string;
  capacity: string;
  addAgents: string;
  addSkills: string;
  arrivalFactor: string;
}
