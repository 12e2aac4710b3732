import type { FastifyInstance } from 'fastify';

/** Everything a write could change (sessions and login counters aside), to prove that a refused request changed nothing. */
export async function snapshot(app: FastifyInstance): Promise<string> {
  const db = app.db;
  const [plans, progress, escalations, users, journal, comments, steps, templates, offices, attendance, visits, statusSheets, meetingDates] = await Promise.all([
    db.selectFrom('plans').selectAll().orderBy('id').execute(),
    db.selectFrom('progress').selectAll().orderBy('plan_id').orderBy('row_id').orderBy('month').execute(),
    db.selectFrom('escalations').selectAll().orderBy('id').execute(),
    db.selectFrom('users').selectAll().orderBy('id').execute(),
    db.selectFrom('journal').selectAll().orderBy('id').execute(),
    db.selectFrom('comments').selectAll().orderBy('id').execute(),
    db.selectFrom('plan_steps').selectAll().orderBy('id').execute(),
    db.selectFrom('plan_templates').selectAll().orderBy('id').execute(),
    db.selectFrom('offices').selectAll().orderBy('id').execute(),
    db.selectFrom('attendance').selectAll().orderBy('plan_id').orderBy('row_id').orderBy('month').execute(),
    db.selectFrom('visits').selectAll().orderBy('id').execute(),
    db.selectFrom('status_sheets').selectAll().orderBy('id').execute(),
    db.selectFrom('meeting_dates').selectAll().orderBy('plan_id').orderBy('row_id').orderBy('month').execute(),
  ]);
  return JSON.stringify({ plans, progress, escalations, users, journal, comments, steps, templates, offices, attendance, visits, statusSheets, meetingDates });
}
