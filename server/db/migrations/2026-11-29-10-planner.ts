import type { Kysely } from 'kysely';

/**
 * The planner's year: a plan's source (last year's plan), its approved version and whether it changed
 * since; the lifecycle steps with their reasons; templates saved from plans.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time and must not follow the current Database type
export async function up(db: Kysely<any>): Promise<void> {
  // One column per statement: SQLite adds one column at a time.
  await db.schema.alterTable('plans').addColumn('source_plan_id', 'varchar(64)').execute();
  await db.schema.alterTable('plans').addColumn('approved_version', 'integer').execute();
  await db.schema.alterTable('plans').addColumn('changed_since_approval', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  // Plans loaded as already approved (the demo, imports) have their first version as the baseline.
  await db.updateTable('plans').set({ approved_version: 1 }).where('status', 'in', ['approved', 'archived']).execute();

  await db.schema
    .createTable('plan_steps')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('plan_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('ward_id', 'varchar(40)', (c) => c.notNull())
    .addColumn('at', 'varchar(40)', (c) => c.notNull())
    .addColumn('username', 'varchar(40)')
    .addColumn('from_status', 'varchar(20)', (c) => c.notNull())
    .addColumn('to_status', 'varchar(20)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('plan_steps_plan_idx').on('plan_steps').column('plan_id').execute();

  await db.schema
    .createTable('plan_templates')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('ward_id', 'varchar(40)')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(40)')
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('plan_templates').execute();
  await db.schema.dropTable('plan_steps').execute();
  await db.schema.alterTable('plans').dropColumn('changed_since_approval').execute();
  await db.schema.alterTable('plans').dropColumn('approved_version').execute();
  await db.schema.alterTable('plans').dropColumn('source_plan_id').execute();
}
