/**
 * A plan's lifecycle: draft → submitted (by the ward) → approved or returned (by a city-role user) →
 * archived at year end. An approved plan is the baseline; the ward may still revise it, which marks it
 * "changed since approval" until the chair approves it again or returns it. Pure rules, no I/O.
 */
import type { PlanStatus, TransitionTarget } from '../../schemas/types.js';
import { type Permission, type Principal, can } from './permissions.js';

/** The steps allowed from each status (whoever may take them). */
const STEPS: Record<PlanStatus, TransitionTarget[]> = {
  draft: ['submitted'],
  returned: ['submitted'],
  submitted: ['approved', 'returned'],
  // approved → approved is the re-approval of a revision; → returned sends a revision back.
  approved: ['approved', 'returned', 'archived'],
  archived: [],
};

/** Who may take a step: the ward submits its own plan; the city (or an administrator) decides. */
const STEP_PERMISSION: Record<TransitionTarget, Permission> = {
  submitted: 'plan.submit',
  approved: 'plan.approve',
  returned: 'plan.approve',
  archived: 'plan.approve',
};

export interface LifecycleState {
  status: PlanStatus;
  wardId: string;
  changedSinceApproval?: boolean;
}

export type StepDecision =
  | { ok: true }
  | { ok: false; reason: 'forbidden' }
  | { ok: false; reason: 'notAllowed'; allowed: TransitionTarget[] }
  | { ok: false; reason: 'reasonRequired' };

/** The permission a step needs. */
export function stepPermission(to: TransitionTarget): Permission {
  return STEP_PERMISSION[to];
}

/** The steps allowed from a state, whoever takes them. */
export function allowedSteps(state: LifecycleState): TransitionTarget[] {
  // Re-approving only makes sense when something changed since the approval.
  return STEPS[state.status].filter((to) => !(state.status === 'approved' && to === 'approved' && !state.changedSinceApproval));
}

/** The steps this principal may take now (for the buttons a page shows). */
export function stepsFor(principal: Principal, state: LifecycleState): TransitionTarget[] {
  return allowedSteps(state).filter((to) => can(principal, STEP_PERMISSION[to], state.wardId));
}

/**
 * Whether `principal` may move the plan to `to`. A role that may never take that step is refused first
 * (403), whatever the status; then the step must be allowed from the current status (409); returning a
 * plan needs a reason, since the ward must know what to change.
 */
export function decideStep(principal: Principal, state: LifecycleState, to: TransitionTarget, reason: string | undefined): StepDecision {
  if (!can(principal, STEP_PERMISSION[to], state.wardId)) return { ok: false, reason: 'forbidden' };
  const allowed = allowedSteps(state);
  if (!allowed.includes(to)) return { ok: false, reason: 'notAllowed', allowed };
  if (to === 'returned' && !(reason ?? '').trim()) return { ok: false, reason: 'reasonRequired' };
  return { ok: true };
}

/** The ward edits its text while the plan is a draft, returned, or approved (a revision); not while the city reviews it or after the year. */
export function isEditable(status: PlanStatus): boolean {
  return status === 'draft' || status === 'returned' || status === 'approved';
}

/**
 * Only an unsubmitted draft may be deleted (a plan created by mistake). No step leads back to draft, so
 * a draft has never been submitted.
 */
export function isDeletable(status: PlanStatus): boolean {
  return status === 'draft';
}

/** After a saved revision: an approved plan becomes "changed since approval". */
export function changedAfterRevision(state: Pick<LifecycleState, 'status' | 'changedSinceApproval'>): boolean {
  return state.changedSinceApproval === true || state.status === 'approved';
}
