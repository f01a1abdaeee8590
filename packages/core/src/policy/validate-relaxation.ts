import type { RelaxationPolicy } from '../routing/types.ts';

export interface RelaxationPolicyError {
  path: 'relaxTo' | 'relaxAfterSeconds' | 'relaxWhenNoneOnline';
  message: string;
}

/**
 * What a stored R10 policy must satisfy: skill names as strings, a delay in
 * whole seconds (≥ 1), and at least one condition — a policy that can
 * never apply is a mistake worth saying so at save time.
 */
export function validateRelaxationPolicy(policy: RelaxationPolicy): RelaxationPolicyError[] {
  const errors: RelaxationPolicyError[] = [];
  if (!Array.isArray(policy.relaxTo) || policy.relaxTo.some((s) => typeof s !== 'string' || s.trim() === '')) {
    errors.push({ path: 'relaxTo', message: 'expected a list of skill names ([] = any ready agent)' });
  }
  const after = policy.relaxAfterSeconds;
  if (after !== undefined && after !== null && !(Number.isInteger(after) && after >= 1)) {
    errors.push({ path: 'relaxAfterSeconds', message: 'expected whole seconds, at least 1' });
  }
  const when = policy.relaxWhenNoneOnline;
  if (when !== undefined && typeof when !== 'boolean') errors.push({ path: 'relaxWhenNoneOnline', message: 'expected true or false' });
  if ((after === undefined || after === null) && when !== true) {
    errors.push({ path: 'relaxAfterSeconds', message: 'give relaxAfterSeconds, relaxWhenNoneOnline or both: otherwise it never applies' });
  }
  return errors;
}
