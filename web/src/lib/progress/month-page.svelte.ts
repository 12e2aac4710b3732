/**
 * State of the month page: the plan, the month's agenda and records, the drafts typed, and the save
 * pipeline (check with the server, save all or nothing, show every problem beside its field, resolve
 * version conflicts). The page component only lays it out.
 */
import { tick } from 'svelte';
import type { FieldError, MeetingType, MonthAgenda, Plan, PlanSummary, ProgressList, ProgressRecord } from '../../../../schemas/types';
import { api, ApiRequestError } from '../api';
import { i18n } from '../i18n/index.svelte';
import { tp } from './strings';
import {
  type MonthEntry,
  type PlacedError,
  type ProgressDraft,
  buildEntries,
  draftFrom,
  entryKey,
  errorStands,
  fieldId,
  isChanged,
  lacksStatus,
  placeErrors,
  toBatchItem,
} from './month-entries';
import { type SaveProblem, mergeConflicts, summaryItemsOf } from './month-feedback';

export interface MonthPageProps {
  wardId: string;
  fiscalYear: number;
  month: number;
  editable: boolean;
  meetingTypeOf: (id: string | null | undefined) => MeetingType | undefined;
}

export class MonthPageState {
  private readonly props: () => MonthPageProps;

  constructor(props: () => MonthPageProps) {
    this.props = props;
  }

  plan = $state<Plan | null>(null);
  planMissing = $state(false);
  agenda = $state<MonthAgenda | null>(null);
  records = $state<ProgressRecord[]>([]);
  added = $state<string[]>([]);
  drafts = $state<Record<string, ProgressDraft>>({});
  loadError = $state('');

  saving = $state(false);
  placed = $state<PlacedError[]>([]);
  unplaced = $state<FieldError[]>([]);
  missingStatus = $state<string[]>([]);
  conflicts = $state<Record<string, { record: ProgressRecord | null }>>({});
  problem = $state<SaveProblem | null>(null);
  /** The drafts as they were when the save was refused: an error stands only while its field is unchanged. */
  sentDrafts = $state<Record<string, ProgressDraft>>({});
  savedText = $state('');
  /** Called to move focus to the error summary after a refused save. */
  focusSummary: () => void = () => undefined;

  readonly recordByKey = $derived(new Map(this.records.map((r) => [entryKey(r.rowId, r.month), r])));
  readonly entries: MonthEntry[] = $derived.by(() =>
    this.plan && this.agenda ? buildEntries(this.plan, this.agenda, this.records, this.added, (id) => this.props().meetingTypeOf(id)) : [],
  );
  readonly changedEntries = $derived.by(() =>
    this.props().editable ? this.entries.filter((e) => this.drafts[e.key] && isChanged(this.drafts[e.key]!, this.recordByKey.get(e.key))) : [],
  );
  /** The errors that still stand: a status chosen, or a field changed, clears its error at once. */
  readonly standing = $derived(this.placed.filter((p) => errorStands(p, this.drafts[p.key], this.sentDrafts[p.key])));
  readonly stillMissing = $derived(this.missingStatus.filter((k) => this.drafts[k]?.status === ''));
  readonly summaryItems = $derived.by(() => summaryItemsOf(this.entries, this.stillMissing, this.standing, this.props().fiscalYear, i18n.lang));

  private loadToken = 0;

  errorsOf(key: string): PlacedError[] {
    return this.standing.filter((p) => p.key === key);
  }

  async load(m: number) {
    const token = ++this.loadToken;
    const { wardId, fiscalYear } = this.props();
    this.loadError = '';
    this.agenda = null;
    this.resetFeedback();
    this.conflicts = {};
    this.added = [];
    this.drafts = {};
    this.savedText = '';
    try {
      if (!this.plan) {
        const list = await api.get<PlanSummary[]>(`/api/plans?fiscalYear=${fiscalYear}&ward=${encodeURIComponent(wardId)}`);
        if (token !== this.loadToken) return;
        if (!list[0]) {
          this.planMissing = true;
          return;
        }
        this.plan = await api.get<Plan>(`/api/plans/${list[0].id}`);
      }
      const id = this.plan!.id;
      const [a, p] = await Promise.all([api.get<MonthAgenda>(`/api/plans/${id}/agenda?month=${m}`), api.get<ProgressList>(`/api/plans/${id}/progress`)]);
      if (token !== this.loadToken) return;
      this.records = p.records;
      this.agenda = a;
      this.syncDrafts();
    } catch (e) {
      if (token !== this.loadToken) return;
      this.loadError = e instanceof ApiRequestError ? e.localized(i18n.lang) : String(e);
    }
  }

  /** Every entry on the page gets a draft, prefilled from its stored record. */
  syncDrafts() {
    for (const e of this.entries) if (!this.drafts[e.key]) this.drafts[e.key] = draftFrom(this.recordByKey.get(e.key));
  }

  resetFeedback() {
    this.placed = [];
    this.unplaced = [];
    this.missingStatus = [];
    this.sentDrafts = {};
    this.problem = null;
  }

  async addUnplanned(rowId: string) {
    const key = entryKey(rowId, this.props().month);
    if (!this.added.includes(key)) this.added = [...this.added, key];
    this.syncDrafts();
    await tick();
    const entry = this.entries.find((e) => e.key === key);
    if (entry) document.getElementById(fieldId(entry, 'status'))?.querySelector('input')?.focus();
  }

  undo(entry: MonthEntry) {
    this.drafts[entry.key] = draftFrom(this.recordByKey.get(entry.key));
    this.placed = this.placed.filter((p) => p.key !== entry.key);
    this.missingStatus = this.missingStatus.filter((k) => k !== entry.key);
  }

  keepMine(entry: MonthEntry) {
    // The stored record is already the current one: saving now overwrites it knowingly.
    delete this.conflicts[entry.key];
    if (!Object.keys(this.conflicts).length && this.problem?.kind === 'conflict') this.problem = null;
  }

  takeTheirs(entry: MonthEntry) {
    this.drafts[entry.key] = draftFrom(this.recordByKey.get(entry.key));
    this.keepMine(entry);
  }

  async save() {
    const plan = this.plan;
    if (this.saving || !plan) return;
    this.resetFeedback();
    this.savedText = '';
    const changed = this.changedEntries;
    if (!changed.length) return;
    const unresolved = changed.filter((e) => this.conflicts[e.key]);
    if (unresolved.length) {
      this.problem = { kind: 'unresolved', message: tp('conflictUnresolved', { n: unresolved.length }) };
      return;
    }
    this.sentDrafts = Object.fromEntries(changed.map((e) => [e.key, $state.snapshot(this.drafts[e.key]!)]));
    const noStatus = changed.filter((e) => lacksStatus(this.drafts[e.key]!));
    if (noStatus.length) {
      // A record without a status cannot be sent; the others are checked by the server now, so that
      // every problem shows at once rather than one round after another.
      this.missingStatus = noStatus.map((e) => e.key);
      const rest = changed.filter((e) => !lacksStatus(this.drafts[e.key]!));
      if (rest.length) await this.check(rest);
      await this.showErrors();
      return;
    }
    const sentKeys = changed.map((e) => e.key);
    const items = changed.map((e) => toBatchItem(e, this.drafts[e.key]!, this.recordByKey.get(e.key)));
    this.saving = true;
    let result: ProgressList;
    try {
      result = await api.post<ProgressList>(`/api/plans/${plan.id}/progress`, { records: items });
    } catch (e) {
      if (!(e instanceof ApiRequestError)) throw e;
      await this.showSaveError(e, changed, sentKeys);
      return;
    } finally {
      this.saving = false;
    }
    // Saved (committed on the server): from here on, nothing may say that nothing was saved.
    const savedKeys = new Set(result.records.map((r) => entryKey(r.rowId, r.month)));
    this.records = [...this.records.filter((r) => !savedKeys.has(entryKey(r.rowId, r.month))), ...result.records];
    for (const r of result.records) this.drafts[entryKey(r.rowId, r.month)] = draftFrom(r);
    this.added = this.added.filter((k) => !savedKeys.has(k));
    const time = new Date().toTimeString().slice(0, 5);
    this.savedText = tp('savedCount', { n: result.records.length, time });
    // The overdue list changes with what was just recorded.
    await this.refreshAgenda();
  }

  /** Asks the server to check records without saving them; places its field errors. */
  private async check(list: MonthEntry[]) {
    try {
      const records = list.map((e) => toBatchItem(e, this.drafts[e.key]!, this.recordByKey.get(e.key)));
      await api.post<ProgressList>(`/api/plans/${this.plan!.id}/progress?dryRun=true`, { records });
    } catch (e) {
      if (!(e instanceof ApiRequestError) || e.status !== 400 || !e.body.fields?.length) return;
      const where = placeErrors(e.body.fields, list.map((x) => x.key));
      this.placed = where.placed;
      this.unplaced = where.unplaced;
    }
  }

  private async showErrors() {
    this.problem = { kind: 'errors' };
    await tick();
    this.focusSummary();
  }

  /** Reloads the month's agenda after a save; a failure says the records were saved but the list is stale. */
  async refreshAgenda() {
    if (!this.plan) return;
    const m = this.props().month;
    const token = this.loadToken;
    try {
      const a = await api.get<MonthAgenda>(`/api/plans/${this.plan.id}/agenda?month=${m}`);
      if (token !== this.loadToken) return;
      this.agenda = a;
      this.syncDrafts();
      if (this.problem?.kind === 'refreshFailed') this.problem = null;
    } catch (e) {
      if (token !== this.loadToken) return;
      this.problem = { kind: 'refreshFailed', message: e instanceof ApiRequestError && e.status !== 0 ? e.localized(i18n.lang) : undefined };
    }
  }

  /** The save was refused (nothing was saved): say why, beside the fields where possible. */
  private async showSaveError(e: ApiRequestError, changed: MonthEntry[], sentKeys: string[]) {
    if (e.status === 400 && e.body.fields?.length) {
      const where = placeErrors(e.body.fields, sentKeys);
      this.placed = where.placed;
      this.unplaced = where.unplaced;
      await this.showErrors();
    } else if (e.status === 409) {
      await this.showConflicts(changed, e);
    } else if (e.status === 401) {
      this.problem = { kind: 'expired' };
    } else {
      this.problem = { kind: 'failed', message: e.localized(i18n.lang) };
    }
  }

  /** Someone saved first: load the current records, mark the rows that differ, keep what the user typed. */
  private async showConflicts(changed: MonthEntry[], error: ApiRequestError) {
    let fresh: ProgressRecord[];
    try {
      fresh = (await api.get<ProgressList>(`/api/plans/${this.plan!.id}/progress`)).records;
    } catch {
      this.problem = { kind: 'failed', message: error.localized(i18n.lang) };
      return;
    }
    const merged = mergeConflicts(this.entries, new Set(changed.map((e) => e.key)), this.recordByKey, fresh, this.drafts, (r) => entryKey(r.rowId, r.month));
    Object.assign(this.drafts, merged.refreshed);
    this.records = fresh;
    this.conflicts = merged.conflicts;
    this.problem = { kind: 'conflict', message: Object.keys(merged.conflicts).length ? undefined : error.localized(i18n.lang) };
    await tick();
    const first = this.entries.find((e) => merged.conflicts[e.key]);
    if (first) document.getElementById(fieldId(first, ''))?.scrollIntoView({ block: 'center' });
  }
}
