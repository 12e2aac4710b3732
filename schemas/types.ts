/* Generated from schemas/*.schema.json by scripts/generate-types.ts — do not edit; run `npm run schemas:types`. */

/**
 * How often a meeting type is held: monthly (毎月), a number of times a year, or as needed (随時).
 */
export type Cadence =
  | {
      kind: 'monthly';
    }
  | {
      kind: 'timesPerYear';
      times: number;
      /**
       * true when the plan says 'at least' (…回以上).
       */
      atLeast?: boolean;
    }
  | {
      kind: 'asNeeded';
    };
/**
 * Identifier of a city, ward, meeting type, theme or metric: lower-case ASCII letters, digits and hyphens, starting with a letter.
 */
export type Slug = string;
export type WardList = Ward[];
/**
 * A calendar month as printed in the schedule grid (4 … 12, 1, 2, 3). The plan's fiscal year fixes its year: 4–12 in that year, 1–3 in the next.
 */
export type Month = number;
/**
 * A calendar month as printed in the schedule grid (4 … 12, 1, 2, 3). The plan's fiscal year fixes its year: 4–12 in that year, 1–3 in the next.
 */
export type Month1 = number;
/**
 * Citywide themes that issues and meeting types may be tagged with.
 *
 * @maxItems 100
 */
export type Themes = {
  id: Slug;
  name: LocalizedText;
}[];
/**
 * Identifier of an item inside a plan (goal, issue, schedule row). Unique within its list; chosen by the client.
 */
export type ItemId = string;
/**
 * Server-assigned identifier of a stored object.
 */
export type EntityId = string;
/**
 * Japanese fiscal year as the Gregorian year in which it starts (April). 2026 = 令和8年度 = April 2026 – March 2027. From 2019 (令和元年度).
 */
export type FiscalYear = number;
/**
 * A calendar month as YYYY-MM.
 */
export type YearMonth = string;
export type IsoDate = string;
export type Timestamp = string;
/**
 * Optimistic-concurrency version of a stored object; starts at 1 and grows by one with every saved change.
 */
export type Version = number;
/**
 * A non-blank line of text.
 */
export type ShortText = string;
/**
 * A non-blank paragraph of text (line breaks allowed).
 */
export type Paragraph = string;
/**
 * Free text that may be empty.
 */
export type FreeText = string;
/**
 * open = 回答待ち, answered = 回答済, withdrawn = 取り下げ
 */
export type EscalationStatus = 'open' | 'answered' | 'withdrawn';
export type EscalationList = Escalation[];
export type JournalEntryList = JournalEntry[];
/**
 * draft = 作成中, submitted = 提出済, approved = 承認済, archived = 保管
 */
export type PlanStatus = 'draft' | 'submitted' | 'approved' | 'archived';
/**
 * months = the listed months only; everyMonth = 毎月 (all twelve); asNeeded = 随時 (no planned month).
 */
export type RowTiming = 'months' | 'everyMonth' | 'asNeeded';
/**
 * 前年度の取組 — last year's efforts, in order.
 *
 * @maxItems 50
 */
export type LastYearEfforts = Paragraph[];
/**
 * 前年度の取組を通じて明らかになったこと — what last year showed, in order.
 *
 * @maxItems 50
 */
export type Findings = Paragraph[];
/**
 * 目標 — goals, in order.
 *
 * @maxItems 30
 */
export type Goals = Goal[];
/**
 * The issues table, in order (①②③…).
 *
 * @maxItems 30
 */
export type Issues = PlanIssue[];
/**
 * The schedule rows, in order (①②③…).
 *
 * @maxItems 200
 */
export type Schedule = ScheduleRow[];
/**
 * Free text that may be empty.
 */
export type FreeText1 = string;
/**
 * Where this plan came from (e.g. which parts of a transcription are illustrative). Shown to the reader, not part of the official text.
 */
export type SourceNote = string;
/**
 * Free text that may be empty.
 */
export type FreeText2 = string;
/**
 * Free text that may be empty.
 */
export type FreeText3 = string;
export type PlanCommentList = PlanComment[];
/**
 * Identifier of a city, ward, meeting type, theme or metric: lower-case ASCII letters, digits and hyphens, starting with a letter.
 */
export type Slug1 = string;
/**
 * plugins/<id>/plugin.json: a city plugin (names its wards, the subcommittee's calendar, citywide themes and the meeting bodies every ward has) or a ward plugin (its local meeting types and their extra progress fields). See docs/plugins.md.
 */
export type PluginManifest = CityManifest | WardManifest;
/**
 * done = 実施, partial = 一部実施, postponed = 延期, notDone = 未実施, cancelled = 中止
 */
export type ProgressStatus = 'done' | 'partial' | 'postponed' | 'notDone' | 'cancelled';
/**
 * onTrack = 順調 (percent ≥ onTrack threshold), watch = 注意 (≥ watch threshold), behind = 遅れ, none = 対象なし (nothing due yet).
 */
export type Health = 'onTrack' | 'watch' | 'behind' | 'none';
/**
 * admin = 管理者 (manages users, reads and edits everything); city = 市・部会 (reads all wards, replies to escalations); wardEditor = 区事務局 (edits one ward's plans and progress); viewer = 閲覧のみ.
 */
export type Role = 'admin' | 'city' | 'wardEditor' | 'viewer';
export type Username = string;
/**
 * At least 12 characters (OWASP ASVS 5.0: length over composition).
 */
export type Password = string;
export type UserList = User[];

export interface AllSchemas {
  'catalog.schema.json:meetingType'?: MeetingType;
  'catalog.schema.json:ward'?: Ward;
  'catalog.schema.json:wardList'?: WardList;
  'catalog.schema.json:city'?: City;
  'common.schema.json:slug'?: Slug;
  'common.schema.json:itemId'?: ItemId;
  'common.schema.json:entityId'?: EntityId;
  'common.schema.json:localizedText'?: LocalizedText;
  'common.schema.json:fiscalYear'?: FiscalYear;
  'common.schema.json:month'?: Month;
  'common.schema.json:yearMonth'?: YearMonth;
  'common.schema.json:isoDate'?: IsoDate;
  'common.schema.json:timestamp'?: Timestamp;
  'common.schema.json:version'?: Version;
  'common.schema.json:shortText'?: ShortText;
  'common.schema.json:paragraph'?: Paragraph;
  'common.schema.json:freeText'?: FreeText;
  'common.schema.json:localizedDescription'?: LocalizedDescription;
  'error.schema.json:fieldError'?: FieldError;
  'error.schema.json:error'?: ApiError;
  'escalation.schema.json:escalationStatus'?: EscalationStatus;
  'escalation.schema.json:escalationCreate'?: EscalationCreate;
  'escalation.schema.json:escalationUpdate'?: EscalationUpdate;
  'escalation.schema.json:escalationReply'?: EscalationReply;
  'escalation.schema.json:escalation'?: Escalation;
  'escalation.schema.json:escalationList'?: EscalationList;
  'journal.schema.json:entry'?: JournalEntry;
  'journal.schema.json:entryList'?: JournalEntryList;
  'plan.schema.json:planStatus'?: PlanStatus;
  'plan.schema.json:goal'?: Goal;
  'plan.schema.json:action'?: PlanAction;
  'plan.schema.json:issue'?: PlanIssue;
  'plan.schema.json:timing'?: RowTiming;
  'plan.schema.json:scheduleRow'?: ScheduleRow;
  'plan.schema.json:planContent'?: PlanContent;
  'plan.schema.json:planCreate'?: PlanCreate;
  'plan.schema.json:planUpdate'?: PlanUpdate;
  'plan.schema.json:plan'?: Plan;
  'plan.schema.json:planSummary'?: PlanSummary;
  'plan.schema.json:lastYearEffortsList'?: LastYearEfforts;
  'plan.schema.json:findingsList'?: Findings;
  'plan.schema.json:goalsList'?: Goals;
  'plan.schema.json:issuesList'?: Issues;
  'plan.schema.json:scheduleList'?: Schedule;
  'plan.schema.json:sourceNote'?: SourceNote;
  'plan.schema.json:commentCreate'?: CommentCreate;
  'plan.schema.json:comment'?: PlanComment;
  'plan.schema.json:commentList'?: PlanCommentList;
  'plugin-manifest.schema.json:cadence'?: Cadence;
  'plugin-manifest.schema.json:metric'?: MetricDefinition;
  'plugin-manifest.schema.json:meetingType'?: MeetingTypeDefinition;
  'plugin-manifest.schema.json:cityManifest'?: CityManifest;
  'plugin-manifest.schema.json:wardManifest'?: WardManifest;
  'plugin-manifest.schema.json'?: PluginManifest;
  'progress.schema.json:progressStatus'?: ProgressStatus;
  'progress.schema.json:progressFields'?: ProgressFields;
  'progress.schema.json:progressBatchItem'?: ProgressBatchItem;
  'progress.schema.json:progressBatch'?: ProgressBatch;
  'progress.schema.json:progressRecord'?: ProgressRecord;
  'progress.schema.json:progressList'?: ProgressList;
  'progress.schema.json:agendaItem'?: AgendaItem;
  'progress.schema.json:agenda'?: MonthAgenda;
  'rollup.schema.json:health'?: Health;
  'rollup.schema.json:figures'?: RollupFigures;
  'rollup.schema.json:cell'?: RollupCell;
  'rollup.schema.json:groupFigures'?: RollupGroupFigures;
  'rollup.schema.json:monthFigures'?: RollupMonthFigures;
  'rollup.schema.json:metric'?: RollupMetric;
  'rollup.schema.json:ward'?: RollupWard;
  'rollup.schema.json:shared'?: RollupShared;
  'rollup.schema.json:rollup'?: Rollup;
  'user.schema.json:role'?: Role;
  'user.schema.json:username'?: Username;
  'user.schema.json:password'?: Password;
  'user.schema.json:user'?: User;
  'user.schema.json:userList'?: UserList;
  'user.schema.json:userCreate'?: UserCreate;
  'user.schema.json:userUpdate'?: UserUpdate;
  'user.schema.json:login'?: LoginRequest;
  'user.schema.json:session'?: SessionInfo;
}
export interface MeetingType {
  id: string;
  name: LocalizedText;
  description?: LocalizedDescription;
  cadence: Cadence;
  defaultMonths: number[];
  themes: string[];
  basedOn?: string;
  /**
   * city = a body every ward has; ward = the ward's own.
   */
  origin: 'city' | 'ward';
  progressFields?: {
    [k: string]: unknown | undefined;
  };
  metrics?: MetricDefinition[];
}
/**
 * A name shown in the interface, in Japanese (required) and English (optional; the Japanese is shown when it is missing).
 */
export interface LocalizedText {
  ja: string;
  en?: string;
}
/**
 * A longer text shown in the interface, in Japanese (required) and English (optional).
 */
export interface LocalizedDescription {
  ja: string;
  en?: string;
}
/**
 * A figure computed from a meeting type's progress fields and rolled up per meeting and over the year. ratio = sum(numerator) / sum(denominator); sum = sum(field); count = number of records where the boolean field is true.
 */
export interface MetricDefinition {
  id: Slug;
  name: LocalizedText;
  kind: 'ratio' | 'sum' | 'count';
  numerator?: string;
  denominator?: string;
  field?: string;
  format?: 'percent' | 'number';
  /**
   * Earlier years' values to show beside this year's (e.g. {"2024": 0.45, "2025": 0.53}).
   */
  baseline?: {
    [k: string]: number | undefined;
  };
}
export interface Ward {
  id: string;
  name: LocalizedText;
  councilName: LocalizedText;
  meetingTypes: MeetingType[];
}
export interface City {
  id: string;
  name: LocalizedText;
  unitName: LocalizedText;
  planTitle: LocalizedText;
  subcommittee: SubcommitteeDefinition;
  themes: Themes;
  wardIds: string[];
  health: {
    onTrack: number;
    watch: number;
  };
  /**
   * Whether the subcommittee view shows the wards' rank (city plugin settings.rankWards; default false).
   */
  rankWards?: boolean;
}
/**
 * The citywide body that reviews every ward (地域部会 in Sendai).
 */
export interface SubcommitteeDefinition {
  name: LocalizedText;
  /**
   * The subcommittee's meetings in a fiscal year.
   *
   * @maxItems 24
   */
  meetings: {
    id: Slug;
    name: LocalizedText;
    month: Month;
    purpose?: LocalizedDescription;
  }[];
  reportMonth?: Month1;
}
export interface FieldError {
  /**
   * JSON Pointer to the offending field in the request body (or /query/…, /params/…).
   */
  path: string;
  /**
   * The same path, readable: schedule[2].months
   */
  field?: string;
  message: string;
  messageJa: string;
}
/**
 * Every error response. `code` is stable (tests and clients match on it); message is English, messageJa Japanese.
 */
export interface ApiError {
  statusCode: number;
  code: string;
  message: string;
  messageJa: string;
  fields?: FieldError[];
  /**
   * On a version conflict (409): the object as it is stored now (null when it was deleted).
   */
  current?: {
    [k: string]: unknown | undefined;
  } | null;
}
export interface EscalationCreate {
  issueId: ItemId;
  note: Paragraph;
  /**
   * The issue comes from a confidential source (e.g. supervision): the note must then name no office or person, and the view marks it.
   */
  confidential?: boolean;
}
/**
 * A ward's change to its own escalation (edit the note, or withdraw it).
 */
export interface EscalationUpdate {
  note?: Paragraph;
  confidential?: boolean;
  withdrawn?: boolean;
  version: Version;
}
/**
 * The subcommittee's reply.
 */
export interface EscalationReply {
  reply: Paragraph;
  version: Version;
}
export interface Escalation {
  id: EntityId;
  planId: EntityId;
  wardId: Slug;
  fiscalYear: FiscalYear;
  issueId: ItemId;
  note: string;
  confidential: boolean;
  status: EscalationStatus;
  reply: string | null;
  repliedAt: string | null;
  repliedBy: string | null;
  /**
   * The display name of who replied (in API responses).
   */
  repliedByName?: string | null;
  createdAt: Timestamp;
  createdBy: string | null;
  updatedAt: Timestamp;
  version: Version;
}
export interface JournalEntry {
  id: number;
  at: Timestamp;
  username: string | null;
  /**
   * The display name of the user who made the change (in API responses).
   */
  displayName?: string | null;
  entity: 'plan' | 'progress' | 'escalation' | 'user' | 'comment';
  entityId: string;
  wardId: string | null;
  action: 'create' | 'update' | 'delete' | 'restore' | 'reply';
  version: number | null;
  summary?: string;
  before?: unknown;
  after?: unknown;
}
/**
 * One goal (目標). Numbered ①②… by its position.
 */
export interface Goal {
  id: ItemId;
  text: Paragraph;
}
/**
 * One action (課題解決のための取組) of an issue, optionally naming the ward meeting type it happens in.
 */
export interface PlanAction {
  text: Paragraph;
  meetingTypeId?: Slug | null;
}
/**
 * One row of the issues table: the issue to solve (目標達成に向け解決すべき課題), its actions, and remarks (備考). Numbered ①②… by its position.
 */
export interface PlanIssue {
  id: ItemId;
  problem: Paragraph;
  /**
   * @maxItems 30
   */
  actions: PlanAction[];
  remarks: string;
  /**
   * The goals this issue serves (ids of this plan's goals).
   *
   * @maxItems 30
   */
  goalIds?: ItemId[];
  /**
   * Citywide themes (from the city plugin) this issue belongs to; used to find themes shared by several wards.
   *
   * @maxItems 20
   */
  themeIds?: Slug[];
}
/**
 * One row of the work schedule (作業手順・スケジュール), numbered ①②… by its position.
 */
export interface ScheduleRow {
  id: ItemId;
  title: Paragraph;
  /**
   * The issue of this plan that the row works on.
   */
  issueId?: ItemId | null;
  /**
   * The ward meeting type in which the work happens.
   */
  meetingTypeId?: Slug | null;
  timing: RowTiming;
  /**
   * Planned months when timing is 'months' (any subset of the twelve, adjacent or not); empty otherwise.
   *
   * @maxItems 12
   */
  months: Month[];
}
/**
 * Everything a ward writes in its plan.
 */
export interface PlanContent {
  wardId: Slug;
  fiscalYear: FiscalYear;
  title: ShortText;
  status: PlanStatus;
  lastYearEfforts: LastYearEfforts;
  findings: Findings;
  goals: Goals;
  issues: Issues;
  schedule: Schedule;
  notes: FreeText1;
  sourceNote?: SourceNote;
}
/**
 * Body of POST /api/plans.
 */
export interface PlanCreate {
  wardId: Slug;
  fiscalYear: FiscalYear;
  title: ShortText;
  status: PlanStatus;
  lastYearEfforts: LastYearEfforts;
  findings: Findings;
  goals: Goals;
  issues: Issues;
  schedule: Schedule;
  notes: FreeText1;
  sourceNote?: SourceNote;
}
/**
 * Body of PUT /api/plans/:id: the whole plan and the version it was based on. The read-only fields a GET returns (id, createdAt, updatedAt, updatedBy) may be sent back and are ignored, except that id must match the URL.
 */
export interface PlanUpdate {
  wardId: Slug;
  fiscalYear: FiscalYear;
  title: ShortText;
  status: PlanStatus;
  lastYearEfforts: LastYearEfforts;
  findings: Findings;
  goals: Goals;
  issues: Issues;
  schedule: Schedule;
  notes: FreeText2;
  sourceNote?: SourceNote;
  id?: EntityId;
  version: Version;
  createdAt?: Timestamp;
  updatedAt?: Timestamp;
  updatedBy?: string | null;
}
/**
 * A stored plan as the API returns it.
 */
export interface Plan {
  wardId: Slug;
  fiscalYear: FiscalYear;
  title: ShortText;
  status: PlanStatus;
  lastYearEfforts: LastYearEfforts;
  findings: Findings;
  goals: Goals;
  issues: Issues;
  schedule: Schedule;
  notes: FreeText3;
  sourceNote?: SourceNote;
  id: EntityId;
  version: Version;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  updatedBy: string | null;
}
/**
 * One line of GET /api/plans.
 */
export interface PlanSummary {
  id: EntityId;
  wardId: Slug;
  fiscalYear: FiscalYear;
  title: string;
  status: PlanStatus;
  version: Version;
  updatedAt: Timestamp;
  updatedBy: string | null;
}
/**
 * A comment on a ward's plan: the subcommittee's feedback to the ward, or the ward's answer. About meetings, offices and regional issues only — no personal data.
 */
export interface CommentCreate {
  body: Paragraph;
  issueId?: ItemId | null;
}
export interface PlanComment {
  id: EntityId;
  planId: EntityId;
  wardId: string;
  fiscalYear: number;
  issueId: string | null;
  body: string;
  author: string;
  authorRole: string;
  /**
   * The author's display name (in API responses).
   */
  authorName?: string | null;
  createdAt: Timestamp;
}
export interface MeetingTypeDefinition {
  id: Slug;
  name: LocalizedText;
  description?: LocalizedDescription;
  cadence: Cadence;
  /**
   * Months a new schedule row of this type is planned in (calendar months 1–12).
   *
   * @maxItems 12
   */
  defaultMonths?: Month[];
  /**
   * Citywide themes (ids from the city plugin) this meeting type serves.
   */
  themes?: Slug[];
  basedOn?: Slug1;
  /**
   * JSON Schema (draft-07) of the extra fields a progress record of this meeting type carries. Must be an object schema; each property may carry an "x-label": {"ja": …, "en": …} for the form.
   */
  progressFields?: {};
  /**
   * @maxItems 10
   */
  metrics?: MetricDefinition[];
}
export interface CityManifest {
  $schema?: string;
  kind: 'city';
  id: Slug;
  name: LocalizedText;
  unitName?: LocalizedText1;
  /**
   * Ids of the city's wards (areas), in the order they are shown. Each needs a ward plugin folder.
   *
   * @minItems 1
   * @maxItems 100
   */
  wards: [Slug, ...Slug[]];
  planTitle?: LocalizedText2;
  subcommittee: SubcommitteeDefinition;
  themes?: Themes;
  /**
   * Meeting bodies every ward has (available to every ward's plan).
   *
   * @maxItems 50
   */
  meetingTypes?: MeetingTypeDefinition[];
  settings?: {
    /**
     * Percent thresholds of the roll-up's health label: on track ≥ onTrack, watch ≥ watch, behind below.
     */
    health?: {
      onTrack: number;
      watch: number;
    };
    /**
     * Show the wards' rank by completion (1位, 2位…) on the subcommittee view. Off by default: ranking is sensitive between wards.
     */
    rankWards?: boolean;
  };
}
/**
 * A name shown in the interface, in Japanese (required) and English (optional; the Japanese is shown when it is missing).
 */
export interface LocalizedText1 {
  ja: string;
  en?: string;
}
/**
 * A name shown in the interface, in Japanese (required) and English (optional; the Japanese is shown when it is missing).
 */
export interface LocalizedText2 {
  ja: string;
  en?: string;
}
export interface WardManifest {
  $schema?: string;
  kind: 'ward';
  id: Slug;
  city: Slug;
  name: LocalizedText;
  councilName?: LocalizedText3;
  /**
   * The ward's local meeting types (in addition to the city's common bodies).
   *
   * @maxItems 50
   */
  meetingTypes: MeetingTypeDefinition[];
}
/**
 * A name shown in the interface, in Japanese (required) and English (optional; the Japanese is shown when it is missing).
 */
export interface LocalizedText3 {
  ja: string;
  en?: string;
}
/**
 * The fields a secretariat fills in. `extra` holds the fields the ward plugin defines for the row's meeting type and is validated by that plugin's JSON Schema.
 */
export interface ProgressFields {
  status: ProgressStatus;
  /**
   * Date held; must fall in the recorded month.
   */
  heldOn?: IsoDate | null;
  /**
   * Number of people who attended.
   */
  attendance?: number | null;
  /**
   * A short note. No personal data of people with disabilities.
   */
  note?: string;
  extra?: Extra;
  /**
   * The version this change is based on; omit (or null) when creating the record.
   */
  version?: Version | null;
}
/**
 * Fields the ward plugin defines for the row's meeting type (see GET /api/wards: meetingTypes[].progressFields).
 */
export interface Extra {
  [k: string]: unknown | undefined;
}
export interface ProgressBatchItem {
  rowId: ItemId;
  month: Month;
  status: ProgressStatus;
  /**
   * Date held; must fall in the recorded month.
   */
  heldOn?: IsoDate | null;
  /**
   * Number of people who attended.
   */
  attendance?: number | null;
  /**
   * A short note. No personal data of people with disabilities.
   */
  note?: string;
  extra?: Extra;
  /**
   * The version this change is based on; omit (or null) when creating the record.
   */
  version?: Version | null;
}
/**
 * Body of POST /api/plans/:id/progress: several records saved together (all or none).
 */
export interface ProgressBatch {
  /**
   * @minItems 1
   * @maxItems 500
   */
  records: [ProgressBatchItem, ...ProgressBatchItem[]];
}
/**
 * A stored progress record.
 */
export interface ProgressRecord {
  planId: EntityId;
  wardId: Slug;
  fiscalYear: FiscalYear;
  rowId: ItemId;
  month: Month;
  status: ProgressStatus;
  heldOn: string | null;
  attendance: number | null;
  note: string;
  extra: {
    [k: string]: unknown | undefined;
  };
  version: Version;
  updatedAt: Timestamp;
  updatedBy: string | null;
  /**
   * The display name of the user who last changed the record (in API responses; absent inside the journal).
   */
  updatedByName?: string | null;
}
export interface ProgressList {
  planId: EntityId;
  records: ProgressRecord[];
}
export interface AgendaItem {
  rowId: ItemId;
  month: Month;
  record: ProgressRecord | null;
}
/**
 * What a ward secretariat has to record in a month: the cells planned in it, earlier planned cells still at zero (overdue), and the as-needed rows.
 */
export interface MonthAgenda {
  planId: EntityId;
  fiscalYear: FiscalYear;
  month: Month;
  yearMonth: YearMonth;
  due: AgendaItem[];
  overdue: AgendaItem[];
  asNeeded: AgendaItem[];
}
export interface RollupFigures {
  /**
   * Planned cells at or before the as-of month, cancelled ones excluded, and cells of a month not yet over only once done.
   */
  due: number;
  done: number;
  partial: number;
  /**
   * Planned cells up to the as-of month that were cancelled (left out of due).
   */
  cancelled: number;
  /**
   * Of the done and partly done cells, those done after their planned month (already in done/partial).
   */
  late: number;
  /**
   * done + 0.5 × partial, over due cells.
   */
  score: number;
  /**
   * 100 × score / due, one decimal; null when nothing is due.
   */
  percent: number | null;
}
export interface RollupCell {
  rowId: string;
  month: Month;
  rowTitle?: string;
  status?: string | null;
}
export interface RollupGroupFigures {
  id: string;
  due: number;
  done: number;
  partial: number;
  cancelled: number;
  late: number;
  score: number;
  percent: number | null;
}
/**
 * One month column of a ward's heat map: planned cells, and what was recorded for them.
 */
export interface RollupMonthFigures {
  month: Month;
  planned: number;
  due: number;
  done: number;
  partial: number;
  cancelled: number;
  late: number;
  score: number;
  percent: number | null;
  unplanned: number;
}
/**
 * A plugin-defined figure (e.g. a participation rate) per meeting and over the year up to the as-of month.
 */
export interface RollupMetric {
  metricId: string;
  name: LocalizedText;
  kind: 'ratio' | 'sum' | 'count';
  format: 'percent' | 'number';
  value: number | null;
  numerator?: number;
  denominator?: number;
  baseline?: {
    [k: string]: number | undefined;
  };
  perMeeting: {
    rowId: string;
    month: Month;
    meetingTypeId: string;
    value: number | null;
    numerator?: number;
    denominator?: number;
  }[];
}
export interface RollupWard {
  wardId: string;
  /**
   * The ward's plan for the year; null when it has none.
   */
  planId: string | null;
  /**
   * 1 = highest percent; wards with nothing due rank last. Shown only when the city plugin asks for it (rankWards).
   */
  rank: number;
  due: number;
  done: number;
  partial: number;
  cancelled: number;
  late: number;
  score: number;
  percent: number | null;
  health: Health;
  overdue: RollupCell[];
  /**
   * Work done or partly done in months that were not planned (as-needed rows included), up to the as-of month.
   */
  unplanned: RollupCell[];
  /**
   * Planned cells of the month in progress, up to the as-of month, not done yet: not overdue, not due.
   */
  thisMonth: RollupCell[];
  /**
   * The month in progress (today's month), whatever the as-of month; null when today is outside the fiscal year.
   */
  inProgress: {
    month: Month;
    planned: number;
    /**
     * Planned cells of the month done or partly done.
     */
    done: number;
    cancelled: number;
    /**
     * Planned cells of the month not done (yet).
     */
    open: RollupCell[];
  } | null;
  /**
   * Escalated issues not withdrawn.
   */
  escalated: number;
  issues: RollupGroupFigures[];
  goals: RollupGroupFigures[];
  months: RollupMonthFigures[];
  metrics: RollupMetric[];
}
export interface RollupShared {
  id: string;
  name: LocalizedText;
  wardIds: string[];
}
export interface Rollup {
  fiscalYear: FiscalYear;
  asOf: YearMonth;
  /**
   * The month in progress (YYYY-MM) the figures were computed against; null when none was given (every month counts as finished).
   */
  today: YearMonth | null;
  thresholds: {
    onTrack: number;
    watch: number;
  };
  city: RollupCity;
  wards: RollupWard[];
  /**
   * Citywide themes that appear in more than one ward's plan.
   */
  sharedThemes: RollupShared[];
  /**
   * Meeting bodies (a city body, or ward types based on it) scheduled in more than one ward's plan.
   */
  sharedMeetingTypes: RollupShared[];
}
export interface RollupCity {
  due: number;
  done: number;
  partial: number;
  cancelled: number;
  late: number;
  score: number;
  percent: number | null;
  health: Health;
  /**
   * Number of overdue cells over all wards.
   */
  overdue: number;
  unplanned: number;
  /**
   * Number of this-month cells over all wards.
   */
  thisMonth: number;
  inProgress: {
    month: Month;
    planned: number;
    done: number;
    cancelled: number;
    open: number;
  } | null;
  escalated: number;
  months: RollupMonthFigures[];
}
export interface User {
  id: EntityId;
  username: Username;
  displayName: string;
  role: Role;
  wardId: string | null;
  disabled: boolean;
  version: Version;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}
export interface UserCreate {
  username: Username;
  displayName: ShortText;
  role: Role;
  wardId?: Slug | null;
  password: Password;
}
export interface UserUpdate {
  displayName?: ShortText;
  role?: Role;
  wardId?: Slug | null;
  disabled?: boolean;
  password?: Password;
  version: Version;
}
export interface LoginRequest {
  username: string;
  password: string;
}
export interface SessionInfo {
  user: User;
  csrfToken: string;
  idleTimeoutSeconds: number;
  expiresAt: Timestamp;
}
