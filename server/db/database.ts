/**
 * The database as Kysely sees it: one interface per table. Column types are kept dialect-neutral
 * (text for JSON, ISO-8601 text for timestamps, integers for booleans) so that the same queries run on
 * SQLite and PostgreSQL.
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface PlansTable {
  id: string;
  ward_id: string;
  fiscal_year: number;
  title: string;
  status: string;
  version: number;
  /** The plan's content (PlanContent) as JSON text. */
  content: string;
  created_at: string;
  updated_at: string;
  updated_by: string | null;
  /** The plan this one was drafted from (last year's), if any. */
  source_plan_id: string | null;
  /** The version last approved (the baseline), if any. */
  approved_version: number | null;
  /** 1 when the ward revised the plan after its last approval. */
  changed_since_approval: Generated<number>;
}

/** One step of a plan's lifecycle (submitted, approved, returned, archived), with its reason. */
export interface PlanStepsTable {
  id: string;
  plan_id: string;
  ward_id: string;
  at: string;
  username: string | null;
  from_status: string;
  to_status: string;
  version: number;
  reason: string;
}

/** A template saved from a plan; ward_id null = for every ward. */
export interface PlanTemplatesTable {
  id: string;
  ward_id: string | null;
  /** LocalizedText as JSON text. */
  name: string;
  /** TemplateContent as JSON text. */
  content: string;
  created_at: string;
  created_by: string | null;
}

export interface ProgressTable {
  plan_id: string;
  row_id: string;
  month: number;
  ward_id: string;
  fiscal_year: number;
  status: string;
  held_on: string | null;
  attendance: number | null;
  note: string;
  /** Plugin-defined fields as JSON text. */
  extra: string;
  version: number;
  updated_at: string;
  updated_by: string | null;
}

export interface EscalationsTable {
  id: string;
  plan_id: string;
  ward_id: string;
  fiscal_year: number;
  issue_id: string;
  note: string;
  confidential: number;
  status: string;
  reply: string | null;
  replied_at: string | null;
  replied_by: string | null;
  created_at: string;
  created_by: string | null;
  updated_at: string;
  version: number;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  role: string;
  ward_id: string | null;
  password_hash: string;
  disabled: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  /** SHA-256 of the session token; the token itself is only ever in the user's cookie. */
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface JournalTable {
  id: Generated<number>;
  at: string;
  user_id: string | null;
  username: string | null;
  entity: string;
  entity_id: string;
  ward_id: string | null;
  action: string;
  version: number | null;
  summary: string;
  /** JSON text of the object before and after the change (null for creation / deletion). */
  before: string | null;
  after: string | null;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  window_start: string;
  locked_until: string | null;
  /** 'pair' (user + address), 'address' or 'user'. */
  kind: string | null;
  username: string | null;
  address: string | null;
  last_failure_at: string | null;
  /** pair rows: when this user last logged in from this address (a known address). */
  last_success_at: string | null;
}

/** Facts about the database itself (its city, the demo accounts' hash, the health write probe). */
export interface AppMetaTable {
  key: string;
  value: string;
}

export interface CommentsTable {
  id: string;
  plan_id: string;
  ward_id: string;
  fiscal_year: number;
  /** The issue the comment is about, if any. */
  issue_id: string | null;
  body: string;
  author: string;
  author_role: string;
  created_at: string;
}

export interface OfficesTable {
  id: string;
  ward_id: string;
  name: string;
  kind: string;
  staff_count: number | null;
  fte: number | null;
  one_person: number;
  serves_children: number;
  opened_on: string | null;
  closed_on: string | null;
  closure: string | null;
  contact_role: string;
  contact_phone: string;
  version: number;
  created_at: string;
  updated_at: string;
  updated_by: string | null;
}

/** The offices that took part in the meeting of one progress cell (plan, row, month). */
export interface AttendanceTable {
  plan_id: string;
  row_id: string;
  month: number;
  ward_id: string;
  fiscal_year: number;
  /** JSON array of office ids. */
  office_ids: string;
  version: number;
  updated_at: string;
  updated_by: string | null;
}

export interface VisitsTable {
  id: string;
  ward_id: string;
  office_id: string;
  visited_on: string;
  kind: string;
  note: string;
  created_at: string;
  created_by: string | null;
}

export interface StatusSheetsTable {
  id: string;
  office_id: string;
  ward_id: string;
  reported_on: string;
  trends: string;
  issues: string;
  new_cases: string;
  available_from: string | null;
  created_at: string;
  created_by: string | null;
}

export interface MeetingDatesTable {
  plan_id: string;
  row_id: string;
  month: number;
  ward_id: string;
  fiscal_year: number;
  date: string;
  start_time: string | null;
  end_time: string | null;
  place: string;
  version: number;
  updated_at: string;
  updated_by: string | null;
}

/** One row (id 1): its stamp changes with every journalled write (see repositories/data-version.ts). */
export interface DataVersionTable {
  id: number;
  counter: number;
  stamp: string;
}

export interface Database {
  plans: PlansTable;
  progress: ProgressTable;
  escalations: EscalationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  journal: JournalTable;
  login_throttle: LoginThrottleTable;
  comments: CommentsTable;
  app_meta: AppMetaTable;
  plan_steps: PlanStepsTable;
  plan_templates: PlanTemplatesTable;
  offices: OfficesTable;
  attendance: AttendanceTable;
  visits: VisitsTable;
  status_sheets: StatusSheetsTable;
  meeting_dates: MeetingDatesTable;
  data_version: DataVersionTable;
}

export type PlanRow = Selectable<PlansTable>;
export type NewPlanRow = Insertable<PlansTable>;
export type PlanRowUpdate = Updateable<PlansTable>;
export type ProgressRow = Selectable<ProgressTable>;
export type EscalationRow = Selectable<EscalationsTable>;
export type UserRow = Selectable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type JournalRow = Selectable<JournalTable>;
export type LoginThrottleRow = Selectable<LoginThrottleTable>;
export type OfficeRow = Selectable<OfficesTable>;
export type AttendanceRow = Selectable<AttendanceTable>;
