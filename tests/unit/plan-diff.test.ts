/**
 * The plan editor's diff and three-way merge (web/src/lib/plan/plan-diff.ts): what a reader sees as
 * changed between two versions, and "re-apply my edits" on top of a version someone else saved — item by
 * item, field by field, element by element in lists without ids, a row's timing and months as one field,
 * mine winning where both changed the same thing and that flagged in the diff the user sees. Runs in
 * Node without a DOM: the module is pure.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PlanContent, RowTiming, ScheduleRow } from '../../schemas/types.js';
import { type DiffItem, diffPlans, mergePlans, overlapOf, overlappingScopes, rebase } from '../../web/src/lib/plan/plan-diff.js';

function basePlan(): PlanContent {
  return {
    wardId: 'aoba',
    fiscalYear: 2026,
    title: '令和8年度 計画案',
    status: 'draft',
    lastYearEfforts: ['取組A', '取組B', '取組C'],
    findings: ['発見A', '発見B'],
    goals: [
      { id: 'g1', text: '目標1' },
      { id: 'g2', text: '目標2' },
    ],
    issues: [
      {
        id: 'i1',
        problem: '課題1',
        actions: [{ text: '取組①' }, { text: '取組②', meetingTypeId: 'liaison' }, { text: '取組③' }],
        remarks: '',
        goalIds: ['g1'],
      },
      { id: 'i2', problem: '課題2', actions: [{ text: '取組' }], remarks: '備考2', goalIds: ['g2'] },
    ],
    schedule: [
      { id: 'r1', title: '行1', issueId: 'i1', timing: 'months', months: [6, 10] },
      { id: 'r2', title: '行2', issueId: 'i2', timing: 'asNeeded', months: [] },
      { id: 'r3', title: '行3', issueId: null, timing: 'everyMonth', months: [] },
    ],
    notes: '',
  };
}

/** A copy of the base plan changed by `edit` (one side's edits). */
function edited(edit: (p: PlanContent) => void): PlanContent {
  const p = basePlan();
  edit(p);
  return p;
}

const row = (p: PlanContent, id: string) => p.schedule.find((r) => r.id === id)!;
const issue = (p: PlanContent, id: string) => p.issues.find((i) => i.id === id)!;

/** The merge, and the changes of theirs the user sees, with the ones marked as overlapping. */
function merge(mine: PlanContent, theirs: PlanContent) {
  const base = basePlan();
  const { content, overlaps } = mergePlans(base, mine, theirs);
  const theirChanges = diffPlans(base, theirs);
  const marked = theirChanges.filter((d) => overlapOf(d, overlaps) !== null);
  return { content, overlaps, theirChanges, marked };
}

const where = (d: DiffItem) => `${d.section}/${d.field}/${d.change}/${d.beforeNumber ?? '-'}→${d.afterNumber ?? '-'}`;

describe('the module', () => {
  it('loads without a DOM', () => {
    expect(typeof (globalThis as { document?: unknown }).document).toBe('undefined');
    expect(typeof mergePlans).toBe('function');
  });
});

describe('diffPlans', () => {
  it('finds nothing between equal plans, and ignores representation-only differences of months', () => {
    expect(diffPlans(basePlan(), basePlan())).toEqual([]);
    const reordered = edited((p) => (row(p, 'r1').months = [10, 6]));
    expect(diffPlans(basePlan(), reordered)).toEqual([]);
  });

  it('names scalar sections, list paragraphs, and fields of items with ids', () => {
    const after = edited((p) => {
      p.title = '新しい表題';
      p.lastYearEfforts[1] = '取組B(改)';
      p.goals[0]!.text = '目標1(改)';
      issue(p, 'i1').actions[0]!.text = '取組①(改)';
      row(p, 'r1').months = [6, 11];
    });
    expect(diffPlans(basePlan(), after).map((d) => [where(d), d.scope])).toEqual([
      ['title/value/changed/-→-', 'title'],
      ['lastYearEfforts/value/changed/2→2', 'lastYearEfforts:1'],
      ['goals/value/changed/1→1', 'goals:g1:value'],
      ['issues/actions/changed/1→1', 'issues:i1:actions'],
      ['schedule/months/changed/1→1', 'schedule:r1:months'],
    ]);
  });

  it('shows a swap of two paragraphs as a move, and added / removed items', () => {
    const after = edited((p) => {
      p.lastYearEfforts = ['取組B', '取組A', '取組C', '取組D'];
      p.goals.push({ id: 'g3', text: '目標3' });
      p.schedule.splice(1, 1);
    });
    const items = diffPlans(basePlan(), after);
    expect(items.map(where)).toEqual([
      'lastYearEfforts/order/moved/1→2',
      'lastYearEfforts/item/added/-→4',
      'goals/item/added/-→3',
      'schedule/item/removed/2→-',
    ]);
  });
});

describe('re-applying my edits on top of theirs', () => {
  it('keeps both sides’ edits of different parts, with no overlap (the existing behaviour)', () => {
    const mine = edited((p) => (p.goals[1]!.text = '② 私の目標'));
    const theirs = edited((p) => {
      p.notes = '相手の特記事項';
      row(p, 'r1').months = [10, 11];
    });
    const { content, overlaps } = merge(mine, theirs);
    expect(content.goals[1]!.text).toBe('② 私の目標');
    expect(content.notes).toBe('相手の特記事項');
    expect(row(content, 'r1').months).toEqual([10, 11]);
    expect(overlaps.size).toBe(0);
  });

  it('takes mine where both changed the same scalar, and marks their change', () => {
    const { content, marked, overlaps, theirChanges } = merge(
      edited((p) => (p.title = '私の表題')),
      edited((p) => {
        p.title = '相手の表題';
        p.notes = '相手の特記事項';
      }),
    );
    expect(content.title).toBe('私の表題');
    expect(marked.map(where)).toEqual(['title/value/changed/-→-']);
    expect(theirChanges.map((d) => overlapOf(d, overlaps))).toEqual(['replaced', null]);
  });

  it('does not mark the same change made by both', () => {
    const same = (p: PlanContent) => {
      p.notes = '同じ';
      p.findings[0] = '同じ発見';
      issue(p, 'i1').actions[1]!.text = '同じ取組';
    };
    const { content, overlaps } = merge(edited(same), edited(same));
    expect(content).toEqual(edited(same));
    expect(overlaps.size).toBe(0);
  });

  describe('the actions of an issue (a list without ids)', () => {
    it('they edited action ①, I edited action ②: both edits are kept', () => {
      const mine = edited((p) => (issue(p, 'i1').actions[1]!.text = '取組②(私)'));
      const theirs = edited((p) => (issue(p, 'i1').actions[0]!.text = '取組①(相手)'));
      const { content, overlaps } = merge(mine, theirs);
      expect(issue(content, 'i1').actions).toEqual([{ text: '取組①(相手)' }, { text: '取組②(私)', meetingTypeId: 'liaison' }, { text: '取組③' }]);
      expect(overlaps.size).toBe(0);
    });

    it('both edited action ①: mine, marked as an overlap on their actions change', () => {
      const mine = edited((p) => (issue(p, 'i1').actions[0]!.text = '取組①(私)'));
      const theirs = edited((p) => {
        issue(p, 'i1').actions[0]!.text = '取組①(相手)';
        issue(p, 'i1').actions[2]!.text = '取組③(相手)';
      });
      const { content, marked, overlaps } = merge(mine, theirs);
      expect(issue(content, 'i1').actions.map((a) => a.text)).toEqual(['取組①(私)', '取組②', '取組③(相手)']);
      expect(marked.map((d) => d.scope)).toEqual(['issues:i1:actions']);
      // the note names the action both changed: their ③ is kept
      expect(overlapOf(marked[0]!, overlaps)).toEqual({ elements: [1] });
    });

    it('an action’s meeting type is part of the action', () => {
      const mine = edited((p) => (issue(p, 'i1').actions[1]!.meetingTypeId = null));
      const theirs = edited((p) => (issue(p, 'i1').actions[0]!.meetingTypeId = 'liaison'));
      const { content, overlaps } = merge(mine, theirs);
      expect(issue(content, 'i1').actions.map((a) => a.meetingTypeId ?? null)).toEqual(['liaison', null, null]);
      expect(overlaps.size).toBe(0);
    });

    it('they added an action, I edited one: my edit lands on the same action in their list', () => {
      const mine = edited((p) => (issue(p, 'i1').actions[2]!.text = '取組③(私)'));
      const theirs = edited((p) => issue(p, 'i1').actions.unshift({ text: '新しい取組(相手)' }));
      const { content, overlaps } = merge(mine, theirs);
      expect(issue(content, 'i1').actions.map((a) => a.text)).toEqual(['新しい取組(相手)', '取組①', '取組②', '取組③(私)']);
      expect(overlaps.size).toBe(0);
    });

    it('both changed the number of actions: mine, whole, marked', () => {
      const mine = edited((p) => issue(p, 'i1').actions.push({ text: '取組④(私)' }));
      const theirs = edited((p) => issue(p, 'i1').actions.splice(0, 1));
      const { content, marked, overlaps } = merge(mine, theirs);
      expect(issue(content, 'i1').actions.map((a) => a.text)).toEqual(['取組①', '取組②', '取組③', '取組④(私)']);
      expect(marked.map((d) => d.scope)).toEqual(['issues:i1:actions']);
      expect(overlapOf(marked[0]!, overlaps)).toBe('list');
    });

    it('different fields of one issue merge without an overlap', () => {
      const mine = edited((p) => (issue(p, 'i2').remarks = '私の備考'));
      const theirs = edited((p) => (issue(p, 'i2').problem = '相手の課題'));
      const { content, overlaps } = merge(mine, theirs);
      expect(issue(content, 'i2')).toMatchObject({ problem: '相手の課題', remarks: '私の備考' });
      expect(overlaps.size).toBe(0);
    });
  });

  describe("last year's efforts and findings (paragraphs without ids)", () => {
    it('they edited ①, I edited ②: both edits are kept', () => {
      const mine = edited((p) => {
        p.lastYearEfforts[1] = '取組B(私)';
        p.findings[0] = '発見A(私)';
      });
      const theirs = edited((p) => {
        p.lastYearEfforts[0] = '取組A(相手)';
        p.findings[1] = '発見B(相手)';
      });
      const { content, overlaps } = merge(mine, theirs);
      expect(content.lastYearEfforts).toEqual(['取組A(相手)', '取組B(私)', '取組C']);
      expect(content.findings).toEqual(['発見A(私)', '発見B(相手)']);
      expect(overlaps.size).toBe(0);
    });

    it('both edited ②: mine, and only that paragraph of theirs is marked', () => {
      const mine = edited((p) => (p.findings[1] = '発見B(私)'));
      const theirs = edited((p) => {
        p.findings[0] = '発見A(相手)';
        p.findings[1] = '発見B(相手)';
      });
      const { content, marked, theirChanges } = merge(mine, theirs);
      expect(content.findings).toEqual(['発見A(相手)', '発見B(私)']);
      expect(theirChanges).toHaveLength(2);
      expect(marked.map(where)).toEqual(['findings/value/changed/2→2']);
    });

    it('they added a paragraph, I edited one: both', () => {
      const mine = edited((p) => (p.lastYearEfforts[1] = '取組B(私)'));
      const theirs = edited((p) => p.lastYearEfforts.splice(1, 0, '取組X(相手)'));
      const { content, overlaps } = merge(mine, theirs);
      expect(content.lastYearEfforts).toEqual(['取組A', '取組X(相手)', '取組B(私)', '取組C']);
      expect(overlaps.size).toBe(0);
    });

    it('I removed a paragraph, they edited another: both', () => {
      const mine = edited((p) => p.lastYearEfforts.splice(0, 1));
      const theirs = edited((p) => (p.lastYearEfforts[2] = '取組C(相手)'));
      const { content, overlaps } = merge(mine, theirs);
      expect(content.lastYearEfforts).toEqual(['取組B', '取組C(相手)']);
      expect(overlaps.size).toBe(0);
    });

    it('they removed the paragraph I edited: mine comes back in its place, marked', () => {
      const mine = edited((p) => (p.lastYearEfforts[1] = '取組B(私)'));
      const theirs = edited((p) => p.lastYearEfforts.splice(1, 1));
      const { content, marked } = merge(mine, theirs);
      expect(content.lastYearEfforts).toEqual(['取組A', '取組B(私)', '取組C']);
      expect(marked.map(where)).toEqual(['lastYearEfforts/item/removed/2→-']);
    });

    it('I removed the paragraph they edited: it stays removed, marked', () => {
      const mine = edited((p) => p.lastYearEfforts.splice(1, 1));
      const theirs = edited((p) => (p.lastYearEfforts[1] = '取組B(相手)'));
      const { content, marked } = merge(mine, theirs);
      expect(content.lastYearEfforts).toEqual(['取組A', '取組C']);
      expect(marked.map(where)).toEqual(['lastYearEfforts/value/changed/2→2']);
    });

    it('both changed the number of paragraphs: the list is mine, whole, and all their changes to it are marked', () => {
      const mine = edited((p) => p.findings.push('発見C(私)'));
      const theirs = edited((p) => {
        p.findings.shift();
        p.findings[0] = '発見B(相手)';
      });
      const { content, marked, theirChanges } = merge(mine, theirs);
      expect(content.findings).toEqual(['発見A', '発見B', '発見C(私)']);
      expect(marked).toEqual(theirChanges.filter((d) => d.section === 'findings'));
      expect(marked.length).toBeGreaterThan(0);
    });

    it('a swap on their side meets my edit position by position, and is marked', () => {
      const mine = edited((p) => (p.lastYearEfforts[0] = '取組A(私)'));
      const theirs = edited((p) => (p.lastYearEfforts = ['取組B', '取組A', '取組C']));
      const { content, marked } = merge(mine, theirs);
      expect(content.lastYearEfforts).toEqual(['取組A(私)', '取組A', '取組C']);
      expect(marked.length).toBeGreaterThan(0);
    });
  });

  describe("a schedule row's timing and months: one field", () => {
    it('they set 毎月, I ticked a month: my months, never 毎月 with months', () => {
      const mine = edited((p) => (row(p, 'r1').months = [6, 10, 12]));
      const theirs = edited((p) => {
        row(p, 'r1').timing = 'everyMonth';
        row(p, 'r1').months = [];
      });
      const { content, marked } = merge(mine, theirs);
      expect(row(content, 'r1')).toMatchObject({ timing: 'months', months: [6, 10, 12] });
      expect(marked.map((d) => d.scope)).toEqual(['schedule:r1:months']);
    });

    it('I set 随時, they ticked a month: 随時 without months', () => {
      const mine = edited((p) => {
        row(p, 'r1').timing = 'asNeeded';
        row(p, 'r1').months = [];
      });
      const theirs = edited((p) => (row(p, 'r1').months = [6, 7, 10]));
      const { content, marked } = merge(mine, theirs);
      expect(row(content, 'r1')).toMatchObject({ timing: 'asNeeded', months: [] });
      expect(marked.map((d) => d.scope)).toEqual(['schedule:r1:months']);
    });

    it('they set 毎月, I changed the title: 毎月 and my title, no overlap', () => {
      const mine = edited((p) => (row(p, 'r1').title = '行1(私)'));
      const theirs = edited((p) => {
        row(p, 'r1').timing = 'everyMonth';
        row(p, 'r1').months = [];
      });
      const { content, overlaps } = merge(mine, theirs);
      expect(row(content, 'r1')).toMatchObject({ title: '行1(私)', timing: 'everyMonth', months: [] });
      expect(overlaps.size).toBe(0);
    });

    it('never mixes one side’s timing with the other side’s months (any edits)', () => {
      const timing = fc.constantFrom<RowTiming>('months', 'everyMonth', 'asNeeded');
      const months = fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { maxLength: 12 });
      const side = fc.record({ timing, months, touch: fc.boolean(), title: fc.boolean() });
      const apply = (p: PlanContent, s: { timing: RowTiming; months: number[]; touch: boolean; title: boolean }, who: string) => {
        const r = row(p, 'r1');
        if (s.touch) {
          r.timing = s.timing;
          r.months = s.timing === 'months' ? s.months : [];
        }
        if (s.title) r.title = `行1(${who})`;
      };
      const timingOf = (r: ScheduleRow) => ({ timing: r.timing, months: r.months });
      fc.assert(
        fc.property(side, side, (m, t) => {
          const mine = edited((p) => apply(p, m, '私'));
          const theirs = edited((p) => apply(p, t, '相手'));
          const merged = row(rebase(basePlan(), mine, theirs), 'r1');
          expect(merged.timing === 'months' || merged.months.length === 0).toBe(true);
          // the pair comes whole from one side
          expect([timingOf(row(mine, 'r1')), timingOf(row(theirs, 'r1'))]).toContainEqual(timingOf(merged));
        }),
      );
    });
  });

  describe('items with ids', () => {
    it('keeps their new row and inserts mine after the row that precedes it in my version', () => {
      const mine = edited((p) => p.schedule.splice(1, 0, { id: 'rMine', title: '私の行', timing: 'months', months: [5] }));
      const theirs = edited((p) => p.schedule.push({ id: 'rTheirs', title: '相手の行', timing: 'asNeeded', months: [] }));
      const { content, overlaps } = merge(mine, theirs);
      expect(content.schedule.map((r) => r.id)).toEqual(['r1', 'rMine', 'r2', 'r3', 'rTheirs']);
      expect(overlaps.size).toBe(0);
    });

    it('an item they removed but I edited comes back, marked; one I removed that they edited goes, marked', () => {
      const mine = edited((p) => {
        row(p, 'r2').title = '行2(私)';
        p.goals.splice(0, 1);
        issue(p, 'i1').goalIds = [];
      });
      const theirs = edited((p) => {
        p.schedule.splice(1, 1);
        p.goals[0]!.text = '目標1(相手)';
      });
      const { content, marked } = merge(mine, theirs);
      expect(content.schedule.map((r) => r.id)).toEqual(['r1', 'r2', 'r3']);
      expect(row(content, 'r2').title).toBe('行2(私)');
      expect(content.goals.map((g) => g.id)).toEqual(['g2']);
      expect(marked.map((d) => d.scope).sort()).toEqual(['goals:g1:value', 'schedule:r2']);
    });

    it('unlinks rows from an issue the other side removed', () => {
      const mine = edited((p) => (row(p, 'r2').title = '行2(私)'));
      const theirs = edited((p) => p.issues.splice(1, 1)); // r2 still names i2
      const content = rebase(basePlan(), mine, theirs);
      expect(content.issues.map((i) => i.id)).toEqual(['i1']);
      expect(row(content, 'r2')).toMatchObject({ title: '行2(私)', issueId: null });
    });

    it('my reordering wins over theirs, and is marked when they reordered differently', () => {
      const mine = edited((p) => p.goals.reverse());
      const theirs = edited((p) => {
        p.goals.push({ id: 'g3', text: '目標3' });
      });
      // my order; their new goal after the one that precedes it in their version (g2)
      expect(rebase(basePlan(), mine, theirs).goals.map((g) => g.id)).toEqual(['g2', 'g3', 'g1']);
      const mine2 = edited((p) => (p.schedule = [row(p, 'r3'), row(p, 'r1'), row(p, 'r2')]));
      const theirs2 = edited((p) => (p.schedule = [row(p, 'r2'), row(p, 'r1'), row(p, 'r3')]));
      const { content, marked } = merge(mine2, theirs2);
      expect(content.schedule.map((r) => r.id)).toEqual(['r3', 'r1', 'r2']);
      expect(marked.length).toBeGreaterThan(0);
      expect(marked.every((d) => d.scope === 'schedule:order')).toBe(true);
    });
  });

  it('marks only scopes that appear in their diff (or whole sections), and overlappingScopes agrees with mergePlans', () => {
    const mine = edited((p) => {
      p.title = '私';
      p.lastYearEfforts[0] = 'A(私)';
      issue(p, 'i1').actions[0]!.text = '①(私)';
      row(p, 'r1').months = [4];
    });
    const theirs = edited((p) => {
      p.title = '相手';
      p.lastYearEfforts[0] = 'A(相手)';
      issue(p, 'i1').actions[0]!.text = '①(相手)';
      row(p, 'r1').timing = 'everyMonth';
      row(p, 'r1').months = [];
    });
    const base = basePlan();
    const overlaps = overlappingScopes(base, mine, theirs);
    const scopes = new Set(diffPlans(base, theirs).map((d) => d.scope));
    // their changes' scopes, and inside the actions the position both changed
    expect([...overlaps].sort()).toEqual(['issues:i1:actions', 'issues:i1:actions#1', 'lastYearEfforts:0', 'schedule:r1:months', 'title']);
    for (const s of overlaps) expect(scopes.has(s.split('#')[0]!)).toBe(true);
    expect(mergePlans(base, mine, theirs).content).toEqual(rebase(base, mine, theirs));
  });
});
