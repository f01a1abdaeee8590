/** The answer of POST /simulations (docs/what-if.md), as the page reads it. */
export interface Figures {
  conversations: number;
  handled: number;
  abandoned: number;
  meanWaitSeconds: number | null;
  p50WaitSeconds: number | null;
  p90WaitSeconds: number | null;
  serviceLevel: number | null;
  abandonRate: number | null;
}

export interface SimulationResult {
  id: string | null;
  status: 'queued' | 'running' | 'done' | 'failed';
  progress?: number;
  error?: string;
  whatIf?: boolean;
  reproduced?: boolean | null;
  recorded?: Figures;
  simulated?: Figures;
  queues?: Array<{ skills: string[]; recorded: Figures; simulated: Figures }>;
  staffing?: Array<{ skills: string[]; arrivalsPerHour: number; handleSeconds: number; agents: number; serviceLevel: number }>;
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
