/** The readable name of an input on the plan page (for the error summary): 「スケジュール③ 作業手順」. */
import type { PlanContent } from '../../../../schemas/types';
import { no, previousYearLabel, tp } from './strings';

export function anchorLabel(key: string, plan: PlanContent): string {
  const [section, a, b, c, d] = key.split(':');
  const era = previousYearLabel(plan.fiscalYear);
  const issueNo = (id: string | undefined) => no(Math.max(0, plan.issues.findIndex((i) => i.id === id)));
  const rowNo = (id: string | undefined) => no(Math.max(0, plan.schedule.findIndex((r) => r.id === id)));
  switch (section) {
    case 'title':
      return tp('titleLabel');
    case 'status':
      return tp('statusLabel');
    case 'notes':
      return tp('notesHeading');
    case 'lastYearEfforts':
      return a === undefined ? tp('effortsHeading', { era }) : tp('effortItem', { era, n: no(Number(a)) });
    case 'findings':
      return a === undefined ? tp('findingsHeading', { era }) : tp('findingItem', { n: no(Number(a)) });
    case 'goals':
      return a === undefined ? tp('goalsHeading') : tp('goalItem', { n: no(Math.max(0, plan.goals.findIndex((g) => g.id === a))) });
    case 'issues': {
      if (a === undefined) return tp('issuesHeading');
      const n = issueNo(a);
      if (b === 'remarks') return tp('issueRemarks', { n });
      if (b === 'actions') {
        if (c === undefined) return tp('addActionTo', { n });
        const m = no(Number(c));
        return d === 'meetingTypeId' ? tp('actionMeeting', { n, m }) : tp('actionItem', { n, m });
      }
      return tp('issueProblem', { n });
    }
    case 'schedule': {
      if (a === undefined) return tp('scheduleHeading');
      const n = rowNo(a);
      if (b === 'issueId') return tp('rowIssue', { n });
      if (b === 'meetingTypeId') return tp('rowMeeting', { n });
      if (b === 'timing') return tp('rowTiming', { n });
      return tp('rowTitle', { n });
    }
    default:
      return key;
  }
}
