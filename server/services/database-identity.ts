/**
 * One city per database: the first start records the city plugin's id; a later start with another city's
 * plugins is refused (it would serve the first city's plans as its own). A database from before this
 * record existed is adopted when every ward it holds belongs to the city, and refused otherwise.
 */
import type { Kysely } from 'kysely';
import type { Catalog } from '../core/catalog.js';
import type { Database } from '../db/database.js';
import { META, getMeta, initMeta } from '../db/repositories/meta.js';
import { StartupError } from '../db/preflight.js';

function otherCity(recorded: string, city: Catalog['city']): StartupError {
  return new StartupError(
    `This database belongs to the city "${recorded}", but the plugins loaded are those of "${city.id}" (${city.name.en ?? city.name.ja}).\n` +
      `Start with the plugins of "${recorded}" (PLUGINS_DIR / CITY), or give "${city.id}" its own database (its own DATA_DIR or DATABASE_URL).\n` +
      `このデータベースは「${recorded}」のものですが、読み込んだプラグインは「${city.id}」(${city.name.ja})のものです。` +
      `「${recorded}」のプラグインで起動するか(PLUGINS_DIR / CITY)、「${city.id}」には別のデータベース(DATA_DIR または DATABASE_URL)を使ってください。`,
  );
}

export async function checkCity(db: Kysely<Database>, catalog: Catalog): Promise<void> {
  const recorded = await getMeta(db, META.city);
  if (recorded === undefined) {
    const wards = new Set(catalog.wards.map((w) => w.id));
    const held = await db.selectFrom('plans').select('ward_id').distinct().execute();
    const foreign = held.map((r) => r.ward_id).filter((w) => !wards.has(w));
    if (foreign.length) throw otherCity(`(unrecorded; wards ${foreign.join(', ')})`, catalog.city);
  }
  const stored = await initMeta(db, META.city, catalog.city.id);
  if (stored !== catalog.city.id) throw otherCity(stored, catalog.city);
}
