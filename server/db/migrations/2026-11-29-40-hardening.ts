import type { Kysely } from 'kysely';

/**
 * Hardening (issue 8):
 * - login_throttle keys on user + address: the row says whom and where it is about (for the administrator's
 *   list of locks), when the last failure was (a streak ends after a quiet time) and when this user last
 *   logged in from this address (a known address is not refused by the address-wide or user-wide limits);
 * - app_meta: facts about the database itself — which city it belongs to, the demo accounts' shared hash,
 *   the health check's write probe.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time and must not follow the current Database type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('login_throttle').addColumn('kind', 'varchar(10)').execute();
  await db.schema.alterTable('login_throttle').addColumn('username', 'varchar(100)').execute();
  await db.schema.alterTable('login_throttle').addColumn('address', 'varchar(100)').execute();
  await db.schema.alterTable('login_throttle').addColumn('last_failure_at', 'varchar(40)').execute();
  await db.schema.alterTable('login_throttle').addColumn('last_success_at', 'varchar(40)').execute();
  // Rows of the old scheme (per user, per address) would lock whole accounts: start afresh.
  await db.deleteFrom('login_throttle').execute();
  await db.schema
    .createTable('app_meta')
    .addColumn('key', 'varchar(100)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('app_meta').execute();
  for (const c of ['last_success_at', 'last_failure_at', 'address', 'username', 'kind']) await db.schema.alterTable('login_throttle').dropColumn(c).execute();
}
