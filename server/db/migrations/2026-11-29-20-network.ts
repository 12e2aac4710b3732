import type { Kysely } from 'kysely';

/** The office network: registry, attendance per meeting record, visits, status sheets, fixed meeting dates. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time and must not follow the current Database type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('offices')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('ward_id', 'varchar(40)', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'varchar(40)', (c) => c.notNull())
    .addColumn('staff_count', 'integer')
    .addColumn('fte', 'double precision')
    .addColumn('one_person', 'integer', (c) => c.notNull())
    .addColumn('serves_children', 'integer', (c) => c.notNull())
    .addColumn('opened_on', 'varchar(10)')
    .addColumn('closed_on', 'varchar(10)')
    .addColumn('closure', 'varchar(20)')
    .addColumn('contact_role', 'text', (c) => c.notNull())
    .addColumn('contact_phone', 'varchar(20)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('updated_by', 'varchar(64)')
    .execute();
  await db.schema.createIndex('offices_ward_idx').on('offices').column('ward_id').execute();

  await db.schema
    .createTable('attendance')
    .addColumn('plan_id', 'varchar(64)', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('row_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('month', 'integer', (c) => c.notNull())
    .addColumn('ward_id', 'varchar(40)', (c) => c.notNull())
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('office_ids', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('updated_by', 'varchar(64)')
    .addPrimaryKeyConstraint('attendance_pk', ['plan_id', 'row_id', 'month'])
    .execute();
  await db.schema.createIndex('attendance_year_idx').on('attendance').columns(['fiscal_year', 'ward_id']).execute();

  await db.schema
    .createTable('visits')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('ward_id', 'varchar(40)', (c) => c.notNull())
    .addColumn('office_id', 'varchar(64)', (c) => c.notNull().references('offices.id').onDelete('cascade'))
    .addColumn('visited_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(64)')
    .execute();
  await db.schema.createIndex('visits_ward_idx').on('visits').columns(['ward_id', 'visited_on']).execute();

  await db.schema
    .createTable('status_sheets')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('office_id', 'varchar(64)', (c) => c.notNull().references('offices.id').onDelete('cascade'))
    .addColumn('ward_id', 'varchar(40)', (c) => c.notNull())
    .addColumn('reported_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('trends', 'text', (c) => c.notNull())
    .addColumn('issues', 'text', (c) => c.notNull())
    .addColumn('new_cases', 'varchar(20)', (c) => c.notNull())
    .addColumn('available_from', 'varchar(10)')
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(64)')
    .execute();
  await db.schema.createIndex('status_sheets_office_idx').on('status_sheets').columns(['office_id', 'reported_on']).execute();

  await db.schema
    .createTable('meeting_dates')
    .addColumn('plan_id', 'varchar(64)', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('row_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('month', 'integer', (c) => c.notNull())
    .addColumn('ward_id', 'varchar(40)', (c) => c.notNull())
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('date', 'varchar(10)', (c) => c.notNull())
    .addColumn('start_time', 'varchar(5)')
    .addColumn('end_time', 'varchar(5)')
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('updated_by', 'varchar(64)')
    .addPrimaryKeyConstraint('meeting_dates_pk', ['plan_id', 'row_id', 'month'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['meeting_dates', 'status_sheets', 'visits', 'attendance', 'offices']) await db.schema.dropTable(t).execute();
}
