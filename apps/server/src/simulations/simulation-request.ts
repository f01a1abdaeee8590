import { DomainError } from '@switchboard/core';
import { storableText } from '@switchboard/protocol';
import { z } from 'zod';

const Moment = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);
const skill = storableText().trim().min(1).max(64);

/** POST /simulations (SPEC §5 What-if). Every override is optional; none at all = a replay that must reproduce the recording. */
export const SimulationBody = z.object({
  from: Moment,
  to: Moment,
  overrides: z
    .object({
      dispatchPerAgent: z.number().int().min(0).max(100).optional(),
      mode: z.enum(['auto', 'offer']).optional(),
      offerTimeoutSeconds: z.number().int().min(1).max(3600).optional(),
      capacity: z.number().int().min(0).max(100).optional(),
      stickyAgent: z.boolean().optional(),
      relaxation: z
        .object({
          relaxTo: z.array(skill).max(20),
          relaxAfterSeconds: z.number().int().min(0).max(86_400).nullable().optional(),
          relaxWhenNoneOnline: z.boolean().optional(),
        })
        .nullable()
        .optional(),
      addAgents: z
        .array(
          z.object({
            skills: z.array(z.union([skill, z.object({ name: skill, level: z.number().int().min(1).max(5) })])).max(20),
            capacity: z.number().int().min(0).max(100).optional(),
          }),
        )
        .max(1000)
        .optional(),
      removeAgents: z.array(storableText().max(100)).max(10_000).optional(),
      arrivalFactor: z.number().min(0).max(10).optional(),
    })
    .strict()
    .optional(),
  /** false: always answer 202 with a job, even for a short period. */
  wait: z.boolean().optional(),
});
export type SimulationBody = z.infer<typeof SimulationBody>;

const DAY = 86_400_000;
export const MAX_SIMULATION_PERIOD = 93 * DAY;

export function simulationPeriod(body: SimulationBody) {
  const from = Date.parse(body.from);
  const to = Date.parse(body.to);
  if (!(from < to)) throw new DomainError('VALIDATION_FAILED', '`from` must be before `to`');
  if (to - from > MAX_SIMULATION_PERIOD) throw new DomainError('VALIDATION_FAILED', 'a simulation period is at most 93 days');
  return { from, to };
}
