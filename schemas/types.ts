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
/**
 * draft = 作成中, submitted = 提出済, approved = 承認済, returned = 差戻し, archived = 保管. Changed only through POST /api/plans/{id}/transition (docs/planner.md).
 */
export type PlanStatus = 'draft' | 'submitted' | 'approved' | 'returned' | 'archived';
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
 * months = the listed months only; everyMonth = 毎月 (all twelve); asNeeded = 随時 (no planned month).
 */
export type RowTiming = 'months' | 'everyMonth' | 'asNeeded';
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
export type JournalEntryList = JournalEntry[];
/**
 * suspended = 休止, closed = 廃止. Set together with closedOn.
 */
export type OfficeClosure = 'suspended' | 'closed';
/**
 * hearing = ヒアリング, visit = 訪問 (e.g. to a new office), supervision = 個別スーパービジョン, other = その他.
 */
export type VisitKind = 'hearing' | 'visit' | 'supervision' | 'other';
/**
 * Can the office take new plan cases: yes = 可, limited = 条件付き・少数, no = 不可.
 */
export type NewCases = 'yes' | 'limited' | 'no';
export type StatusSheetList = StatusSheet[];
/**
 * Free text that may be empty.
 */
export type FreeText2 = string;
/**
 * Free text that may be empty.
 */
export type FreeText3 = string;
export type PlanCommentList = PlanComment[];
export type PlanTemplateList = PlanTemplate[];
export type TransitionTarget = 'submitted' | 'approved' | 'returned' | 'archived';
export type PlanStepList = PlanStep[];
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
export type LoginLockList = LoginLock[];

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
  'formats.schema.json:importRead'?: ImportRead;
  'formats.schema.json:importNote'?: ImportNote;
  'formats.schema.json:importPreview'?: ImportPreview;
  'journal.schema.json:entry'?: JournalEntry;
  'journal.schema.json:entryList'?: JournalEntryList;
  'network.schema.json:closure'?: OfficeClosure;
  'network.schema.json:officeFields'?: OfficeFields;
  'network.schema.json:officeCreate'?: OfficeCreate;
  'network.schema.json:officeUpdate'?: OfficeUpdate;
  'network.schema.json:office'?: Office;
  'network.schema.json:officeList'?: OfficeList;
  'network.schema.json:officeImport'?: OfficeImport;
  'network.schema.json:importCellError'?: ImportCellError;
  'network.schema.json:officeImportResult'?: OfficeImportResult;
  'network.schema.json:attendanceInput'?: AttendanceInput;
  'network.schema.json:attendance'?: Attendance;
  'network.schema.json:attendanceList'?: AttendanceList;
  'network.schema.json:participationFigure'?: ParticipationFigure;
  'network.schema.json:participation'?: Participation;
  'network.schema.json:coverage'?: VisitCoverage;
  'network.schema.json:visitKind'?: VisitKind;
  'network.schema.json:visitInput'?: VisitInput;
  'network.schema.json:visit'?: Visit;
  'network.schema.json:visitList'?: VisitList;
  'network.schema.json:newCases'?: NewCases;
  'network.schema.json:statusSheetInput'?: StatusSheetInput;
  'network.schema.json:statusSheet'?: StatusSheet;
  'network.schema.json:statusSheetList'?: StatusSheetList;
  'network.schema.json:availability'?: AvailabilityBoard;
  'network.schema.json:meetingDateInput'?: MeetingDateInput;
  'network.schema.json:meetingDate'?: MeetingDate;
  'network.schema.json:meetingDateList'?: MeetingDateList;
  'network.schema.json:calendarEvent'?: CalendarEvent;
  'network.schema.json:calendar'?: PublicCalendar;
  'network.schema.json:networkSettings'?: NetworkSettings;
  'network.schema.json:attendanceFields'?: AttendanceFields;
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
  'plan.schema.json:matrixRating'?: MatrixRating;
  'plan.schema.json:carriedRow'?: CarriedRow;
  'planner.schema.json:templateContent'?: TemplateContent;
  'planner.schema.json:pluginTemplate'?: PluginTemplate;
  'planner.schema.json:planTemplate'?: PlanTemplate;
  'planner.schema.json:planTemplateList'?: PlanTemplateList;
  'planner.schema.json:saveAsTemplate'?: SaveAsTemplate;
  'planner.schema.json:planFromTemplate'?: PlanFromTemplate;
  'planner.schema.json:transitionTarget'?: TransitionTarget;
  'planner.schema.json:transition'?: PlanTransition;
  'planner.schema.json:planStep'?: PlanStep;
  'planner.schema.json:planStepList'?: PlanStepList;
  'planner.schema.json:diffToken'?: DiffToken;
  'planner.schema.json:compareItem'?: CompareItem;
  'planner.schema.json:compareSection'?: CompareSection;
  'planner.schema.json:yearFigures'?: YearFigures;
  'planner.schema.json:yearComparison'?: YearComparison;
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
  'user.schema.json:sessionStatus'?: SessionStatus;
  'user.schema.json:loginLock'?: LoginLock;
  'user.schema.json:loginLockList'?: LoginLockList;
  'user.schema.json:unlockRequest'?: UnlockRequest;
  'user.schema.json:unlockResult'?: UnlockResult;
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
  attendanceFields?: AttendanceFields;
  /**
   * false: this type's meetings are left off the public calendar and its feeds (absent = on it).
   */
  publicCalendar?: boolean;
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
/**
 * In a meeting type: the typed-in progress fields that attendance replaces. Records with attendance get attended = the number of counted offices ticked, open = counted offices open on the meeting date; older records keep their typed numbers.
 */
export interface AttendanceFields {
  attended: string;
  open: string;
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
  network?: NetworkSettings;
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
/**
 * City settings of the office network (plugins/<city>/plugin.json settings.network).
 */
export interface NetworkSettings {
  /**
   * An office is new for this many years after it opened (default 2).
   */
  newOfficeYears?: number;
  /**
   * A status-sheet answer older than this is marked stale on the board (default 90).
   */
  staleAfterDays?: number;
  /**
   * Extra office kinds beyond designated, commissioned, core-centre, houkatsu and other.
   *
   * @maxItems 30
   */
  officeKinds?: {
    id: Slug;
    name: LocalizedText;
  }[];
  /**
   * Office kinds counted in the participation rate (default: designated only).
   *
   * @maxItems 30
   */
  participationKinds?: Slug[];
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
  /**
   * For an imported file: the sheet and cell the value came from, e.g. 計画!B12.
   */
  cell?: string;
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
/**
 * One value the import took from the file: where it went in the plan and which cell it came from.
 */
export interface ImportRead {
  /**
   * JSON Pointer into the plan, e.g. /schedule/2/months.
   */
  path: string;
  /**
   * Sheet and cell, e.g. 計画!B12.
   */
  cell: string;
  text: string;
}
/**
 * Something in the file the import did not take into the plan, or took with an assumption.
 */
export interface ImportNote {
  cell: string | null;
  text: string;
  message: string;
  messageJa: string;
}
/**
 * Answer of POST /api/plans/import?preview=true: the plan as read (already validated), what was read from which cell, what was not understood, and the plan it would replace.
 */
export interface ImportPreview {
  sheet: string;
  plan: PlanContent;
  read: ImportRead[];
  notUnderstood: ImportNote[];
  /**
   * The ward's plan of that year, if there is one: saving makes a new version of it (send its version).
   */
  existing: {
    id: EntityId;
    version: Version;
  } | null;
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
 * One goal (目標). Numbered ①②… by its position.
 */
export interface Goal {
  id: ItemId;
  text: Paragraph;
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
 * One action (課題解決のための取組) of an issue, optionally naming the ward meeting type it happens in.
 */
export interface PlanAction {
  text: Paragraph;
  meetingTypeId?: Slug | null;
  rating?: MatrixRating;
  lastRating?: MatrixRating;
}
/**
 * The matrix method (泉区): effect (効果), effort (労力) and whether the people concerned want it (ニーズ), each 1 = low, 2 = middle, 3 = high, with the reason.
 */
export interface MatrixRating {
  effect: number;
  effort: number;
  wanted: number;
  reason?: string;
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
  rating?: MatrixRating;
  carried?: CarriedRow;
}
/**
 * Set on a schedule row of a plan drafted from last year's plan: the row it was carried from and whether it slipped last year (months overdue, postponed or not done).
 */
export interface CarriedRow {
  fromRowId: ItemId;
  slipped: boolean;
  /**
   * @maxItems 12
   */
  slippedMonths: Month[];
  lastRating?: MatrixRating;
}
export interface JournalEntry {
  id: number;
  at: Timestamp;
  username: string | null;
  /**
   * The display name of the user who made the change (in API responses).
   */
  displayName?: string | null;
  entity:
    | 'plan'
    | 'progress'
    | 'escalation'
    | 'user'
    | 'comment'
    | 'login'
    | 'template'
    | 'office'
    | 'attendance'
    | 'visit'
    | 'statusSheet'
    | 'meetingDate';
  entityId: string;
  wardId: string | null;
  action: 'create' | 'update' | 'delete' | 'restore' | 'reply' | 'lock' | 'unlock' | 'transition' | 'import';
  version: number | null;
  summary?: string;
  before?: unknown;
  after?: unknown;
}
/**
 * What a ward records about one office (an organisation). contactRole is a job title (e.g. 管理者), never a person with a disability.
 */
export interface OfficeFields {
  name: string;
  kind: Slug;
  staffCount?: number | null;
  /**
   * Full-time equivalent (常勤換算).
   */
  fte?: number | null;
  /**
   * 一人事業所.
   */
  onePerson?: boolean;
  /**
   * Writes plans for children (障害児相談支援).
   */
  servesChildren?: boolean;
  openedOn?: IsoDate | null;
  closedOn?: IsoDate | null;
  closure?: OfficeClosure | null;
  contactRole?: string;
  contactPhone?: string;
}
/**
 * Body of POST /api/offices.
 */
export interface OfficeCreate {
  wardId: Slug;
  name: string;
  kind: Slug;
  staffCount?: number | null;
  /**
   * Full-time equivalent (常勤換算).
   */
  fte?: number | null;
  /**
   * 一人事業所.
   */
  onePerson?: boolean;
  /**
   * Writes plans for children (障害児相談支援).
   */
  servesChildren?: boolean;
  openedOn?: IsoDate | null;
  closedOn?: IsoDate | null;
  closure?: OfficeClosure | null;
  contactRole?: string;
  contactPhone?: string;
}
/**
 * Body of PUT /api/offices/:id: the office's fields and the version they were based on.
 */
export interface OfficeUpdate {
  name: string;
  kind: Slug;
  staffCount?: number | null;
  /**
   * Full-time equivalent (常勤換算).
   */
  fte?: number | null;
  /**
   * 一人事業所.
   */
  onePerson?: boolean;
  /**
   * Writes plans for children (障害児相談支援).
   */
  servesChildren?: boolean;
  openedOn?: IsoDate | null;
  closedOn?: IsoDate | null;
  closure?: OfficeClosure | null;
  contactRole?: string;
  contactPhone?: string;
  version: Version;
}
export interface Office {
  id: EntityId;
  wardId: string;
  name: string;
  kind: string;
  staffCount: number | null;
  fte: number | null;
  onePerson: boolean;
  servesChildren: boolean;
  openedOn: string | null;
  closedOn: string | null;
  closure: string | null;
  contactRole: string;
  contactPhone: string;
  /**
   * Opened within the city's new-office period before today (or the asked date).
   */
  isNew?: boolean;
  version: Version;
  updatedAt: Timestamp;
  updatedBy: string | null;
}
export interface OfficeList {
  wardId: string | null;
  offices: Office[];
}
/**
 * Body of POST /api/offices/import: a CSV file (UTF-8 with or without BOM, or Shift_JIS) as base64. confirm=false previews; confirm=true saves every row in one transaction, and nothing when any row is bad.
 */
export interface OfficeImport {
  wardId: Slug;
  data: string;
  confirm?: boolean;
}
export interface ImportCellError {
  column: string;
  message: string;
  messageJa: string;
}
export interface OfficeImportResult {
  wardId: string;
  encoding: 'utf-8' | 'shift_jis';
  saved: boolean;
  created: number;
  updated: number;
  failed: number;
  rows: {
    /**
     * Line of the CSV file (1 = the header).
     */
    line: number;
    action: 'create' | 'update' | 'error';
    officeId?: string | null;
    name: string;
    errors: ImportCellError[];
  }[];
}
/**
 * Body of PUT /api/plans/:id/attendance/:rowId/:month: the offices that took part in the meeting recorded for that row and month.
 */
export interface AttendanceInput {
  /**
   * @maxItems 500
   */
  officeIds: EntityId[];
  version?: Version | null;
}
export interface Attendance {
  planId: string;
  wardId: string;
  fiscalYear: number;
  rowId: string;
  month: number;
  officeIds: string[];
  version: number;
  updatedAt: string;
  updatedBy: string | null;
}
export interface AttendanceList {
  planId: string;
  records: Attendance[];
}
export interface ParticipationFigure {
  /**
   * attended ÷ open, 0…1 (four decimals); null when no office was open.
   */
  rate: number | null;
  attended: number;
  open: number;
}
/**
 * A ward's participation for the fiscal year up to the as-of month: offices of the counted kinds that attended at least once ÷ such offices open at some time in the period.
 */
export interface Participation {
  rate: number | null;
  attended: number;
  open: number;
  /**
   * Office ids open in the period that neither attended a meeting nor were visited (at risk of isolation).
   */
  neverReached: string[];
  meetings: {
    rowId: string;
    month: number;
    date: string;
    rate: number | null;
    attended: number;
    open: number;
  }[];
  newOffices: {
    officeId: string;
    openedOn: string;
    attended: boolean;
    visited: boolean;
  }[];
  /**
   * Whole earlier fiscal years with attendance recorded, computed the same way.
   */
  trend: {
    fiscalYear: number;
    rate: number | null;
    attended: number;
    open: number;
  }[];
}
/**
 * Offices (every kind) open in the period that the ward visited, heard or supervised at least once ÷ offices open.
 */
export interface VisitCoverage {
  rate: number | null;
  visited: number;
  open: number;
  notVisited: string[];
}
export interface VisitInput {
  officeId: EntityId;
  visitedOn: IsoDate;
  kind: VisitKind;
  /**
   * About the office and the network only; no personal data.
   */
  note?: string;
}
export interface Visit {
  id: string;
  wardId: string;
  officeId: string;
  visitedOn: string;
  kind: VisitKind;
  note: string;
  createdAt: string;
  createdBy: string | null;
}
export interface VisitList {
  wardId: string;
  fiscalYear: number;
  visits: Visit[];
  coverage: VisitCoverage;
}
/**
 * A status sheet (近況票) of one office. About the office's work only; no personal data.
 */
export interface StatusSheetInput {
  reportedOn: IsoDate;
  trends?: string;
  issues?: string;
  newCases: NewCases;
  availableFrom?: IsoDate | null;
}
export interface StatusSheet {
  id: string;
  officeId: string;
  wardId: string;
  reportedOn: string;
  trends: string;
  issues: string;
  newCases: NewCases;
  availableFrom: string | null;
  createdAt: string;
  createdBy: string | null;
}
/**
 * Every open office with its latest status-sheet answer (GET /api/offices/availability).
 */
export interface AvailabilityBoard {
  on: string;
  staleAfterDays: number;
  offices: {
    officeId: string;
    wardId: string;
    name: string;
    kind: string;
    servesChildren: boolean;
    onePerson: boolean;
    isNew: boolean;
    newCases: NewCases | null;
    availableFrom: string | null;
    reportedOn: string | null;
    /**
     * No answer, or the latest is older than the city's staleAfterDays.
     */
    stale: boolean;
    contactRole?: string;
    contactPhone?: string;
  }[];
}
/**
 * Body of PUT /api/plans/:id/meetings/:rowId/:month: the fixed date, time and place of a scheduled meeting (public on the calendar).
 */
export interface MeetingDateInput {
  date: IsoDate;
  startTime?: string | null;
  endTime?: string | null;
  place?: string;
  version?: Version | null;
}
export interface MeetingDate {
  planId: string;
  rowId: string;
  month: number;
  date: string;
  startTime: string | null;
  endTime: string | null;
  place: string;
  version: number;
}
export interface MeetingDateList {
  planId: string;
  dates: MeetingDate[];
}
/**
 * One public meeting: its name, ward, month and (once fixed) date, time and place. Nothing else of the plan.
 */
export interface CalendarEvent {
  uid: string;
  wardId: string;
  name: LocalizedText;
  month: number;
  yearMonth: string;
  date: string | null;
  startTime: string | null;
  endTime: string | null;
  place: string | null;
}
export interface PublicCalendar {
  fiscalYear: number;
  cityName: LocalizedText;
  unitName: LocalizedText;
  wards: {
    id: string;
    name: LocalizedText;
  }[];
  events: CalendarEvent[];
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
 * Body of PUT /api/plans/:id: the whole plan and the version it was based on. The read-only fields a GET returns (id, createdAt, updatedAt, updatedBy) may be sent back and are ignored, except that id must match the URL. sourcePlanId, approvedVersion and changedSinceApproval are read-only likewise; the status changes only through the transition.
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
  /**
   * The plan this one was drafted from (last year's), or null.
   */
  sourcePlanId?: EntityId | null;
  /**
   * The version last approved, or null.
   */
  approvedVersion?: Version | null;
  /**
   * True when the ward revised the plan after its last approval (the chair sees the difference against approvedVersion).
   */
  changedSinceApproval?: boolean;
}
/**
 * A stored plan as the API returns it. The API always sends sourcePlanId, approvedVersion and changedSinceApproval (optional in the type only so that plans built in memory, e.g. by tests of the roll-up, need not invent them).
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
  /**
   * The plan this one was drafted from (last year's), or null.
   */
  sourcePlanId?: EntityId | null;
  /**
   * The version last approved, or null.
   */
  approvedVersion?: Version | null;
  /**
   * True when the ward revised the plan after its last approval (the chair sees the difference against approvedVersion).
   */
  changedSinceApproval?: boolean;
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
  /**
   * The plan this one was drafted from (last year's), or null.
   */
  sourcePlanId?: EntityId | null;
  /**
   * The version last approved, or null.
   */
  approvedVersion?: Version | null;
  /**
   * True when the ward revised the plan after its last approval (the chair sees the difference against approvedVersion).
   */
  changedSinceApproval?: boolean;
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
/**
 * What a template fills in a new plan: the sections, issues, actions and schedule rows (the ward, year, title and status come from the new plan).
 */
export interface TemplateContent {
  lastYearEfforts?: LastYearEfforts;
  findings?: Findings;
  goals: Goals;
  issues: Issues;
  schedule: Schedule;
  notes?: FreeText;
}
/**
 * A plan template shipped in a city or ward plugin's manifest ("templates").
 */
export interface PluginTemplate {
  id: Slug;
  name: LocalizedText;
  description?: LocalizedDescription;
  content: TemplateContent;
}
/**
 * A template as the API lists it: from the city plugin (every ward), a ward plugin (that ward), or saved from a plan by an administrator or city user (origin "saved").
 */
export interface PlanTemplate {
  id: string;
  origin: 'city' | 'ward' | 'saved';
  /**
   * The ward it is for; null = any ward of the city.
   */
  wardId: string | null;
  name: LocalizedText;
  description?: LocalizedDescription;
  content: TemplateContent;
  createdAt?: Timestamp;
  createdBy?: string | null;
}
/**
 * Body of POST /api/plans/{id}/template: save the plan as a template. forAllWards = a template for every ward (otherwise for the plan's ward).
 */
export interface SaveAsTemplate {
  name: LocalizedText;
  forAllWards?: boolean;
}
/**
 * Body of POST /api/plans/from-template.
 */
export interface PlanFromTemplate {
  templateId: string;
  wardId: Slug;
  fiscalYear: FiscalYear;
}
/**
 * Body of POST /api/plans/{id}/transition: one step of the plan's lifecycle, from the version the caller saw. reason is required when returning a plan.
 */
export interface PlanTransition {
  to: TransitionTarget;
  version: Version;
  reason?: string;
}
/**
 * One journalled step of a plan's lifecycle: who, when, from which status to which, and why.
 */
export interface PlanStep {
  id: string;
  planId: string;
  at: Timestamp;
  username: string | null;
  from: string;
  to: string;
  version: number;
  reason: string;
}
/**
 * A piece of text in a changed item: same, added (only in the later year) or removed (only in the earlier year).
 */
export interface DiffToken {
  kind: 'same' | 'added' | 'removed';
  text: string;
}
export interface CompareItem {
  key: string;
  change: 'same' | 'added' | 'removed' | 'changed';
  before: string | null;
  after: string | null;
  tokens?: DiffToken[];
}
export interface CompareSection {
  section: 'title' | 'lastYearEfforts' | 'findings' | 'goals' | 'issues' | 'schedule' | 'notes';
  items: CompareItem[];
}
export interface YearFigures {
  fiscalYear: number;
  planId: string | null;
  status: string | null;
  asOf: string;
  percent: number | null;
  due: number;
  rowsSlipped: number;
  escalations: number;
  metrics: {
    metricId: string;
    name: LocalizedText;
    format: string;
    value: number | null;
  }[];
}
/**
 * One ward's plans of two years side by side: section by section and row by row, with the figures of both years.
 */
export interface YearComparison {
  wardId: string;
  from: YearFigures;
  to: YearFigures;
  sections: CompareSection[];
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
   *
   * @maxItems 100
   */
  themes?: Slug[];
  basedOn?: Slug1;
  /**
   * JSON Schema (draft-07) of the extra fields a progress record of this meeting type carries. Must be an object schema; each property may carry an "x-label": {"ja": …, "en": …} for the form. Size limits (docs/plugins.md): at most 50 fields, 200 values per enum, 8 levels of nesting, 5,000 values in all, texts of 2,000 characters.
   */
  progressFields?: {};
  /**
   * @maxItems 10
   */
  metrics?: MetricDefinition[];
  attendanceFields?: AttendanceFields;
  /**
   * Whether this type's meetings are on the public meeting calendar and its iCalendar feeds (default true: the plan itself is a public document). false for work that is not a meeting others come to: visits to one office, individual supervision or calls, the secretariat's own preparation.
   */
  publicCalendar?: boolean;
}
export interface CityManifest {
  $schema?: string;
  kind: 'city';
  /**
   * Plan templates this plugin ships (docs/plugins.md#plan-templates): a city's for every ward, a ward's for that ward. Each is checked like a plan at load.
   *
   * @maxItems 20
   */
  templates?: PluginTemplate[];
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
    network?: NetworkSettings;
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
  /**
   * Plan templates this plugin ships (docs/plugins.md#plan-templates): a city's for every ward, a ward's for that ward. Each is checked like a plan at load.
   *
   * @maxItems 20
   */
  templates?: PluginTemplate[];
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
  participation?: Participation;
  coverage?: VisitCoverage;
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
/**
 * Who is signed in (GET /api/session). Anonymous is not an error: `authenticated: false`, and `expired: true` when the browser's session has just ended (timeout, logout elsewhere, disabled user).
 */
export interface SessionStatus {
  authenticated: boolean;
  expired?: boolean;
  user?: User;
  csrfToken?: string;
  idleTimeoutSeconds?: number;
  expiresAt?: Timestamp;
}
/**
 * A login lock in force: `pair` = one user name from one address; `address` = new user names from an address (password spraying); `user` = one user name from addresses it never logged in from.
 */
export interface LoginLock {
  kind: 'pair' | 'address' | 'user';
  username: string | null;
  address: string | null;
  failures: number;
  lockedUntil: Timestamp;
}
/**
 * Clears the login locks and failure counts of a user name (every address) and/or of an address. At least one of the two.
 */
export interface UnlockRequest {
  username?: string;
  address?: string;
}
export interface UnlockResult {
  cleared: number;
}
