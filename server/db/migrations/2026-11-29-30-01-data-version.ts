/**
 * Several instances on one database:
 *  - data_version: one row whose stamp changes in the same transaction as every journalled write, so an
 *    instance can tell whether figures it cached (the roll-up) are still current — whichever instance
 *    wrote, and after a restore (the stamp then is the restored state's own);
 *  - "one open escalation per issue" as a database constraint (a partial unique index), so that two
 *    instances creating the same escalation at the same moment cannot both succeed.
 */
import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time and must not follow the current Database type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('data_version')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('counter', 'integer', (c) => c.notNull())
    .addColumn('stamp', 'varchar(64)', (c) => c.notNull())
    .execute();
  await db.insertInto('data_version').values({ id: 1, counter: 0, stamp: randomUUID() }).execute();
  await db.schema
    .createIndex('escalations_one_open_per_issue')
    .on('escalations')
    .columns(['plan_id', 'issue_id'])
    .unique()
    .where(sql.ref('status'), '<>', 'withdrawn')
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('escalations_one_open_per_issue').execute();
  await db.schema.dropTable('data_version').execute();
}
