/** The planner's endpoints: next year's draft, lifecycle steps, templates, deleting a draft, years side by side. */
import type { Plan, PlanStep, PlanTemplate, TransitionTarget, YearComparison } from '../../../../schemas/types';
import { api } from '../api';

export const draftNextYear = (planId: string) => api.post<Plan>(`/api/plans/${planId}/next-year`);
export const transition = (plan: Plan, to: TransitionTarget, reason?: string) =>
  api.post<Plan>(`/api/plans/${plan.id}/transition`, { to, version: plan.version, ...(reason ? { reason } : {}) });
export const loadSteps = (planId: string) => api.get<PlanStep[]>(`/api/plans/${planId}/steps`);
export const deleteDraft = (plan: Plan) => api.delete<void>(`/api/plans/${plan.id}?version=${plan.version}`);
export const loadTemplates = (wardId: string) => api.get<PlanTemplate[]>(`/api/templates?ward=${encodeURIComponent(wardId)}`);
export const planFromTemplate = (templateId: string, wardId: string, fiscalYear: number) =>
  api.post<Plan>('/api/plans/from-template', { templateId, wardId, fiscalYear });
export const saveAsTemplate = (planId: string, name: string) => api.post<PlanTemplate>(`/api/plans/${planId}/template`, { name: { ja: name, en: name } });
export const compareYears = (wardId: string, from: number, to: number) =>
  api.get<YearComparison>(`/api/compare?ward=${encodeURIComponent(wardId)}&from=${from}&to=${to}`);
