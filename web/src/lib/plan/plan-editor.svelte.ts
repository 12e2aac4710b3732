/**
 * The editing state of one plan: the stored version the edits are based on, the draft being edited,
 * the save cycle (PUT with the base version), field errors placed beside their inputs (400), the
 * conflict when someone else saved first (409), and a lost session (401: the edits stay here; the app
 * opens its login dialog and the user saves again).
 *
 * The server decides what is valid; the editor only keeps the draft consistent in ways the user would
 * expect (a removed issue is unlinked from its schedule rows, 毎月/随時 rows carry no months).
 */
import type { ApiError, FieldError, Plan, PlanContent, PlanIssue, RowTiming, ScheduleRow } from '../../../../schemas/types';
import { FISCAL_MONTHS, fiscalIndex } from '../../../../server/core/fiscal-year';
import { ApiRequestError } from '../api';
import { type PlacedError, placeErrors } from './field-errors';
import { savePlan } from './plan-api';
import { contentOf, newItemId, sameContent } from './plan-content';
import { overlappingScopes, rebase } from './plan-diff';

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; version: number }
  | { kind: 'invalid'; error: ApiError }
  | { kind: 'conflict' }
  | { kind: 'expired' }
  | { kind: 'failed'; error: ApiError }
  | { kind: 'reloaded'; version: number };

export interface PlanConflict {
  /** the version my edits started from */
  base: Plan;
  /** the version stored now (null: the plan was deleted) */
  theirs: Plan | null;
}

export type TextSection = 'lastYearEfforts' | 'findings';

/** One schedule change that Ctrl+Z can take back: the row's planned months as they were before it. */
export interface ScheduleUndo {
  rowId: string;
  /** the month whose cell was changed (null: the timing select) */
  month: number | null;
  timing: RowTiming;
  months: number[];
}

/** How a month toggle changed the row, so that the grid can say so. */
export type ToggleEffect = 'planned' | 'unplanned' | 'everyMonthToMonths' | 'asNeededToMonths';

const UNDO_LIMIT = 200;

function move<T>(list: T[], from: number, delta: number): number {
  const to = from + delta;
  if (from < 0 || from >= list.length || to < 0 || to >= list.length) return from;
  const [item] = list.splice(from, 1);
  list.splice(to, 0, item!);
  return to;
}

/**
 * One message per input: an empty text fails both minLength and pattern, and two messages saying the same
 * thing beside one field read as noise. Errors the page has no input for are all kept.
 */
function firstPerField(errors: PlacedError[]): PlacedError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    if (e.key === null) return true;
    if (seen.has(e.key)) return false;
    seen.add(e.key);
    return true;
  });
}

function byFiscalOrder(months: number[]): number[] {
  return [...new Set(months)].sort((a, b) => fiscalIndex(a) - fiscalIndex(b));
}

export class PlanEditor {
  /** the stored version the draft is based on (its version goes with the next save) */
  base: Plan = $state.raw(null!);
  draft: PlanContent = $state(null!);
  saveState: SaveState = $state({ kind: 'idle' });
  errors: PlacedError[] = $state.raw([]);
  conflict: PlanConflict | null = $state.raw(null);
  /** counts refused saves (400): the error summary takes the focus on each one, not while errors are fixed */
  refusals = $state(0);
  readonly dirty: boolean = $derived(!sameContent(this.draft, this.base));
  /** the plan is shown as a document until the user chooses 編集 */
  editing = $state(false);
  /** schedule changes since the last save, newest last (Ctrl+Z) */
  undoStack: ScheduleUndo[] = $state.raw([]);

  constructor(plan: Plan) {
    this.base = plan;
    this.draft = contentOf(plan);
  }

  // ---- field errors -------------------------------------------------------------------------------

  errorsAt(key: string): FieldError[] {
    return this.errors.filter((e) => e.key === key).map((e) => e.error);
  }

  /** The user changed the field: its old error no longer describes it. */
  clearError(key: string): void {
    if (this.errors.some((e) => e.key === key)) this.errors = this.errors.filter((e) => e.key !== key);
  }

  /** Errors anchored by position (list items, actions) lose their place when the list changes. */
  private clearErrorsUnder(prefix: string): void {
    if (this.errors.some((e) => e.key?.startsWith(prefix))) this.errors = this.errors.filter((e) => !e.key?.startsWith(prefix));
  }

  // ---- lists of paragraphs (last year's efforts, findings) -----------------------------------------

  addText(section: TextSection): number {
    this.draft[section].push('');
    this.clearErrorsUnder(section);
    return this.draft[section].length - 1;
  }
  removeText(section: TextSection, index: number): void {
    this.draft[section].splice(index, 1);
    this.clearErrorsUnder(section);
  }
  moveText(section: TextSection, index: number, delta: number): number {
    this.clearErrorsUnder(section);
    return move(this.draft[section], index, delta);
  }

  // ---- goals --------------------------------------------------------------------------------------

  addGoal(): string {
    const id = newItemId('g', this.draft.goals.map((g) => g.id));
    this.draft.goals.push({ id, text: '' });
    return id;
  }
  removeGoal(id: string): void {
    this.draft.goals = this.draft.goals.filter((g) => g.id !== id);
    for (const issue of this.draft.issues) if (issue.goalIds?.includes(id)) issue.goalIds = issue.goalIds.filter((g) => g !== id);
    this.clearErrorsUnder(`goals:${id}:`);
  }
  moveGoal(index: number, delta: number): number {
    return move(this.draft.goals, index, delta);
  }

  // ---- issues and their actions -------------------------------------------------------------------

  issue(id: string): PlanIssue | undefined {
    return this.draft.issues.find((i) => i.id === id);
  }
  addIssue(): string {
    const id = newItemId('i', this.draft.issues.map((i) => i.id));
    this.draft.issues.push({ id, problem: '', actions: [{ text: '', meetingTypeId: null }], remarks: '' });
    return id;
  }
  /** Schedule rows that work on the issue (they are unlinked when it is removed). */
  rowsOfIssue(id: string): ScheduleRow[] {
    return this.draft.schedule.filter((r) => r.issueId === id);
  }
  removeIssue(id: string): void {
    this.draft.issues = this.draft.issues.filter((i) => i.id !== id);
    for (const row of this.draft.schedule) if (row.issueId === id) row.issueId = null;
    this.clearErrorsUnder(`issues:${id}:`);
  }
  moveIssue(index: number, delta: number): number {
    return move(this.draft.issues, index, delta);
  }
  addAction(issueId: string): number {
    const issue = this.issue(issueId);
    if (!issue) return -1;
    issue.actions.push({ text: '', meetingTypeId: null });
    this.clearErrorsUnder(`issues:${issueId}:actions`);
    return issue.actions.length - 1;
  }
  removeAction(issueId: string, index: number): void {
    this.issue(issueId)?.actions.splice(index, 1);
    this.clearErrorsUnder(`issues:${issueId}:actions`);
  }
  moveAction(issueId: string, index: number, delta: number): number {
    const issue = this.issue(issueId);
    if (!issue) return index;
    this.clearErrorsUnder(`issues:${issueId}:actions`);
    return move(issue.actions, index, delta);
  }

  // ---- schedule rows ------------------------------------------------------------------------------

  row(id: string): ScheduleRow | undefined {
    return this.draft.schedule.find((r) => r.id === id);
  }
  addRow(): string {
    const id = newItemId('r', this.draft.schedule.map((r) => r.id));
    this.draft.schedule.push({ id, title: '', issueId: null, meetingTypeId: null, timing: 'months', months: [] });
    return id;
  }
  removeRow(id: string): void {
    this.draft.schedule = this.draft.schedule.filter((r) => r.id !== id);
    this.clearErrorsUnder(`schedule:${id}:`);
  }
  moveRow(index: number, delta: number): number {
    return move(this.draft.schedule, index, delta);
  }

  private remember(row: ScheduleRow, month: number | null): void {
    const entry: ScheduleUndo = { rowId: row.id, month, timing: row.timing, months: [...row.months] };
    this.undoStack = [...this.undoStack, entry].slice(-UNDO_LIMIT);
  }

  /**
   * A click on a month cell: 毎月 becomes "every month but this one", 随時 becomes "this month" (the grid
   * says so; Ctrl+Z takes it back). Returns what changed, or null when the row is gone.
   */
  toggleMonth(rowId: string, month: number): ToggleEffect | null {
    const row = this.row(rowId);
    if (!row) return null;
    this.remember(row, month);
    let effect: ToggleEffect;
    if (row.timing === 'everyMonth') {
      row.timing = 'months';
      row.months = FISCAL_MONTHS.filter((m) => m !== month);
      effect = 'everyMonthToMonths';
    } else if (row.timing === 'asNeeded') {
      row.timing = 'months';
      row.months = [month];
      effect = 'asNeededToMonths';
    } else if (row.months.includes(month)) {
      row.months = row.months.filter((m) => m !== month);
      effect = 'unplanned';
    } else {
      row.months = byFiscalOrder([...row.months, month]);
      effect = 'planned';
    }
    this.clearError(`schedule:${rowId}:timing`);
    return effect;
  }

  /** 毎月 and 随時 carry no months; back to specific months keeps what was shaded (毎月 → all twelve). */
  setTiming(rowId: string, timing: RowTiming): void {
    const row = this.row(rowId);
    if (!row || row.timing === timing) return;
    this.remember(row, null);
    if (timing === 'months') row.months = row.timing === 'everyMonth' ? [...FISCAL_MONTHS] : [];
    else row.months = [];
    row.timing = timing;
    this.clearError(`schedule:${rowId}:timing`);
  }

  /**
   * Takes back the newest schedule change not yet saved (Ctrl+Z). Changes to rows that have since been
   * removed are skipped. Returns the change taken back, or null when there is none.
   */
  undo(): ScheduleUndo | null {
    const stack = [...this.undoStack];
    while (stack.length) {
      const entry = stack.pop()!;
      const row = this.row(entry.rowId);
      if (!row) continue;
      row.timing = entry.timing;
      row.months = [...entry.months];
      this.undoStack = stack;
      this.clearError(`schedule:${entry.rowId}:timing`);
      return entry;
    }
    this.undoStack = [];
    return null;
  }

  // ---- saving -------------------------------------------------------------------------------------

  /** PUT the whole plan with the base version. Returns true when it was stored. */
  async save(): Promise<boolean> {
    if (this.saveState.kind === 'saving') return false;
    const sent = $state.snapshot(this.draft) as PlanContent;
    this.saveState = { kind: 'saving' };
    try {
      const saved = await savePlan(this.base.id, { ...sent, version: this.base.version });
      // keep anything typed while the request was on its way
      const typedMeanwhile = !sameContent($state.snapshot(this.draft) as PlanContent, sent);
      this.base = saved;
      if (!typedMeanwhile) this.draft = contentOf(saved);
      // what is saved is the new starting point: Ctrl+Z goes back no further
      if (!typedMeanwhile) this.undoStack = [];
      this.errors = [];
      this.conflict = null;
      this.saveState = { kind: 'saved', version: saved.version };
      return true;
    } catch (e) {
      if (!(e instanceof ApiRequestError)) throw e;
      if (e.status === 400 && e.body.fields?.length) {
        this.errors = firstPerField(placeErrors(e.body.fields, sent));
        this.saveState = { kind: 'invalid', error: e.body };
        // the errors are shown beside their fields, which only the editing mode has
        this.editing = true;
        this.refusals++;
      } else if (e.status === 409 && e.body.code === 'VERSION_CONFLICT') {
        this.conflict = { base: this.base, theirs: (e.body.current as Plan | null | undefined) ?? null };
        this.saveState = { kind: 'conflict' };
      } else if (e.status === 401) {
        this.saveState = { kind: 'expired' };
      } else {
        this.saveState = { kind: 'failed', error: e.body };
      }
      return false;
    }
  }

  /** Their changes that re-applying my edits would replace, where both of us changed the same thing (see plan-diff mergePlans). */
  overlaps(): Set<string> {
    const c = this.conflict;
    if (!c?.theirs) return new Set();
    return overlappingScopes(contentOf(c.base), $state.snapshot(this.draft) as PlanContent, contentOf(c.theirs));
  }

  /** Discard my edits and continue from the version stored now. */
  takeTheirs(): void {
    const theirs = this.conflict?.theirs;
    if (!theirs) return;
    this.base = theirs;
    this.draft = contentOf(theirs);
    this.undoStack = [];
    this.errors = [];
    this.conflict = null;
    this.saveState = { kind: 'reloaded', version: theirs.version };
  }

  /** Re-apply my edits on top of the version stored now, then save (based on that version). */
  async reapplyAndSave(): Promise<boolean> {
    const c = this.conflict;
    if (!c?.theirs) return false;
    const merged = rebase(contentOf(c.base), $state.snapshot(this.draft) as PlanContent, contentOf(c.theirs));
    this.base = c.theirs;
    this.draft = merged;
    this.conflict = null;
    this.errors = [];
    return this.save();
  }
}
