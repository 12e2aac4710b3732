import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time and must not follow the current Database type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('comments')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('plan_id', 'varchar(64)', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('ward_id', 'varchar(40)', (c) => c.notNull())
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('issue_id', 'varchar(64)')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('author', 'varchar(40)', (c) => c.notNull())
    .addColumn('author_role', 'varchar(20)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('comments_plan_idx').on('comments').column('plan_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('comments').execute();
}
