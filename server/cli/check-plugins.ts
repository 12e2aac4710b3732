/**
 * npm run plugins:check — loads the plugins as the server would (PLUGINS_DIR, CITY) and prints what it
 * found, or every problem with the plugin's name. Exit code 1 on a problem, so it can run in a city's CI.
 */
import { configFromEnv } from '../config.js';
import { PluginError, loadPlugins } from '../plugin-host/load-plugins.js';
import { loadPluginTemplates } from '../plugin-host/load-templates.js';

const config = configFromEnv();
try {
  const loaded = loadPlugins(config.pluginsDir, { city: config.city });
  const { catalog, warnings } = loaded;
  const templates = loadPluginTemplates(loaded);
  const { city, wards } = catalog;
  process.stdout.write(`plugins folder: ${config.pluginsDir}\ncity: ${city.id} (${city.name.ja}) — subcommittee: ${city.subcommittee.name.ja}\n`);
  for (const w of wards) {
    const own = w.meetingTypes.filter((m) => m.origin === 'ward');
    process.stdout.write(`  ${w.id} (${w.name.ja}): ${own.length} own meeting type(s) — ${own.map((m) => m.id).join(', ') || '—'}\n`);
  }
  process.stdout.write(`city-wide meeting types: ${wards[0]?.meetingTypes.filter((m) => m.origin === 'city').map((m) => m.id).join(', ') || '—'}\n`);
  process.stdout.write(`plan templates: ${templates.map((t) => t.id).join(', ') || '—'}\n`);
  for (const w of warnings) process.stdout.write(`warning: ${w}\n`);
  process.stdout.write('OK\n');
} catch (e) {
  process.stderr.write(`${e instanceof PluginError ? e.message : String(e)}\n`);
  process.exit(1);
}
