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
