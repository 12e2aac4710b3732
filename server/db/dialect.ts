import { type Kysely, PostgresAdapter } from 'kysely';

/** Whether a Kysely instance talks to PostgreSQL (the few places where DDL differs ask this). */
export function isPostgres<T>(db: Kysely<T>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
