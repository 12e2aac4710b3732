/**
 * Every migration, by name. Names are time-sortable and never renamed once landed; add new ones at the end.
 * A static list (rather than reading the folder) works the same under tsx, a bundler and tests.
 */
import type { Migration } from 'kysely';
import * as initial from './2026-11-22-01-initial.js';
import * as comments from './2026-11-22-02-comments.js';
import * as hardening from './2026-11-29-40-hardening.js';
import * as planner from './2026-11-29-10-planner.js';
import * as network from './2026-11-29-20-network.js';
import * as dataVersion from './2026-11-29-30-01-data-version.js';

export const migrations: Record<string, Migration> = {
  '2026-11-22-01-initial': initial,
  '2026-11-22-02-comments': comments,
  '2026-11-29-40-hardening': hardening,
  '2026-11-29-10-planner': planner,
  '2026-11-29-20-network': network,
  '2026-11-29-30-01-data-version': dataVersion,
};
