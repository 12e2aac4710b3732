/**
 * Plan templates shipped by the plugins ("templates" in a city or ward manifest, docs/plugins.md). Kept
 * apart from load-plugins.ts: it runs after the catalog is built, because a template is checked like a
 * plan of every ward it serves (a city template: every ward; a ward template: that ward). The manifests
 * were already validated against their JSON Schema (which includes the templates' shape).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PlanTemplate, PluginManifest } from '../../schemas/types.js';
import { checkTemplate } from '../core/plan-templates.js';
import { type LoadedPlugins, PluginError } from './load-plugins.js';

export function loadPluginTemplates(plugins: Pick<LoadedPlugins, 'catalog' | 'folders'>): PlanTemplate[] {
  const { catalog } = plugins;
  const problems: { plugin: string; problem: string }[] = [];
  const templates: PlanTemplate[] = [];
  const pluginIds = [catalog.city.id, ...catalog.wards.map((w) => w.id)];
  for (const pluginId of pluginIds) {
    const folder = plugins.folders.get(pluginId);
    if (!folder) continue;
    const manifest = JSON.parse(readFileSync(join(folder, 'plugin.json'), 'utf8')) as PluginManifest;
    const isCity = manifest.kind === 'city';
    const seen = new Set<string>();
    (manifest.templates ?? []).forEach((t, i) => {
      if (seen.has(t.id)) problems.push({ plugin: pluginId, problem: `templates[${i}].id "${t.id}" appears twice / テンプレート id が重複しています` });
      seen.add(t.id);
      const wardIds = isCity ? catalog.wards.map((w) => w.id) : [pluginId];
      for (const { wardId, errors } of checkTemplate(t.content, catalog, wardIds)) {
        for (const e of errors.slice(0, 5)) {
          problems.push({ plugin: pluginId, problem: `templates[${i}] ("${t.id}") as a plan of "${wardId}": ${e.field}: ${e.message} / ${e.messageJa}` });
        }
      }
      templates.push({
        id: `${pluginId}/${t.id}`,
        origin: isCity ? 'city' : 'ward',
        wardId: isCity ? null : pluginId,
        name: t.name,
        ...(t.description ? { description: t.description } : {}),
        content: t.content,
      });
    });
  }
  if (problems.length) throw new PluginError(problems);
  return templates;
}
