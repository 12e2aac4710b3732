/** The first version of a plan a ward starts from (the plan editor fills in the rest). */
import type { City, PlanContent, Ward } from '../../../schemas/types';
import { eraFiscalYear } from '../../../server/core/fiscal-year';

export function blankPlan(city: City, ward: Ward, fiscalYear: number): PlanContent {
  const title = city.planTitle.ja.replace('{era}', eraFiscalYear(fiscalYear)).replace('{ward}', ward.councilName.ja);
  return { wardId: ward.id, fiscalYear, title, status: 'draft', lastYearEfforts: [], findings: [], goals: [], issues: [], schedule: [], notes: '' };
}
