/**
 * Who may do what: the one place that answers it. Routes name a permission and how to find the ward an
 * action concerns; the authorization hook asks `can`. Reading is open to every signed-in user (the
 * subcommittee view compares all wards); writing is bound to roles and, for ward editors, to their ward.
 */
import type { Role } from '../../schemas/types.js';

export type Permission =
  | 'read'
  | 'plan.write'
  | 'plan.submit'
  | 'plan.approve'
  | 'plan.delete'
  | 'plan.transition'
  | 'template.write'
  | 'progress.write'
  | 'escalation.write'
  | 'escalation.reply'
  | 'comment.write'
  | 'office.write'
  | 'user.manage'
  | 'backup.run';

export interface Principal {
  role: Role;
  wardId: string | null;
}

const RULES: Record<Permission, (p: Principal, wardId: string | null) => boolean> = {
  read: () => true,
  'plan.write': (p, ward) => p.role === 'admin' || (p.role === 'wardEditor' && ward !== null && p.wardId === ward),
  // A ward submits its own plan; only the city (or an administrator) approves, returns or archives, so a
  // ward can never approve its own plan. plan.transition admits everyone who might take some step; the
  // step itself is decided by the lifecycle rules (plan-lifecycle.ts) with plan.submit / plan.approve.
  'plan.submit': (p, ward) => p.role === 'admin' || (p.role === 'wardEditor' && ward !== null && p.wardId === ward),
  'plan.approve': (p) => p.role === 'admin' || p.role === 'city',
  'plan.transition': (p, ward) => p.role === 'admin' || p.role === 'city' || (p.role === 'wardEditor' && ward !== null && p.wardId === ward),
  'plan.delete': (p, ward) => p.role === 'admin' || (p.role === 'wardEditor' && ward !== null && p.wardId === ward),
  // Saving a plan as a template is for those who look after every ward's format.
  'template.write': (p) => p.role === 'admin' || p.role === 'city',
  'progress.write': (p, ward) => p.role === 'admin' || (p.role === 'wardEditor' && ward !== null && p.wardId === ward),
  'escalation.write': (p, ward) => p.role === 'admin' || (p.role === 'wardEditor' && ward !== null && p.wardId === ward),
  'escalation.reply': (p) => p.role === 'admin' || p.role === 'city',
  // The subcommittee comments on any ward's plan; a ward's secretariat answers on its own plan.
  'comment.write': (p, ward) => p.role === 'admin' || p.role === 'city' || (p.role === 'wardEditor' && ward !== null && p.wardId === ward),
  // The registry, visits and status sheets of a ward are kept by its secretariat.
  'office.write': (p, ward) => p.role === 'admin' || (p.role === 'wardEditor' && ward !== null && p.wardId === ward),
  'user.manage': (p) => p.role === 'admin',
  'backup.run': (p) => p.role === 'admin',
};

/** Whether `principal` may exercise `permission` on something of ward `wardId` (null when no ward applies). */
export function can(principal: Principal, permission: Permission, wardId: string | null = null): boolean {
  return RULES[permission](principal, wardId);
}

/** Whether a permission concerns one ward (and so needs the ward of its target to be decided). */
export function isWardScoped(permission: Permission): boolean {
  return (
    permission === 'plan.write' ||
    permission === 'plan.submit' ||
    permission === 'plan.transition' ||
    permission === 'plan.delete' ||
    permission === 'progress.write' ||
    permission === 'escalation.write' ||
    permission === 'comment.write' ||
    permission === 'office.write'
  );
}
