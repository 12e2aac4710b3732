/**
 * Loads the city and ward plugins from a folder (plugins/ by default): one folder per plugin, each with a
 * plugin.json manifest (docs/plugins.md). Every manifest is validated strictly; a malformed plugin stops
 * start-up with a message that names the plugin and every problem found.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type {
  CityManifest,
  WardManifest,
  MeetingTypeDefinition,
  MeetingType,
  Ward,
  City,
  PluginManifest,
  PlanTemplate,
} from '../../schemas/types.js';
import type { Catalog } from '../core/catalog.js';
import { toFieldErrors } from '../core/validation-messages.js';
import { Ajv, type ValidateFunction } from 'ajv';
import { ANNOTATION_KEYWORDS, boundedBodyValidator } from '../validation/schemas.js';
import { fieldSchemaProblems, fileSizeProblem } from './plugin-limits.js';

export class PluginError extends Error {
  constructor(readonly problems: { plugin: string; problem: string }[]) {
    super(
      `Plugin problem${problems.length > 1 ? 's' : ''} / プラグインの不備:\n` +
        problems.map((p) => `  - plugin '${p.plugin}': ${p.problem}`).join('\n'),
    );
    this.name = 'PluginError';
  }
}

export interface LoadedPlugins {
  catalog: Catalog;
  /** Folder of each loaded plugin, by id (demo data lives in <folder>/demo/). */
  folders: Map<string, string>;
  /** Validators of the meeting types' extra progress fields, by `${wardId}/${meetingTypeId}`. */
  progressValidators: Map<string, ValidateFunction>;
  warnings: string[];
  /** Plan templates the plugins ship (load-templates.ts); absent until loaded. */
  templates?: PlanTemplate[];
}

const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;
const SUPPORTED_FIELD_TYPES = new Set(['integer', 'number', 'string', 'boolean']);
const DEFAULT_HEALTH = { onTrack: 90, watch: 70 };
const DEFAULT_UNIT = { ja: '区', en: 'Ward' };
const DEFAULT_PLAN_TITLE = { ja: '{era} 計画案({ward})', en: '{era} Plan ({ward})' };

interface Found {
  id: string;
  folder: string;
  manifest: PluginManifest;
}

export function loadPlugins(pluginsDir: string, options: { city?: string } = {}): LoadedPlugins {
  const problems: { plugin: string; problem: string }[] = [];
  const warnings: string[] = [];
  const fail = (plugin: string, problem: string) => problems.push({ plugin, problem });

  if (!existsSync(pluginsDir) || !statSync(pluginsDir).isDirectory()) {
    throw new PluginError([{ plugin: pluginsDir, problem: 'the plugins folder does not exist / プラグインのフォルダがありません' }]);
  }

  // Manifests go through the same size pre-check as request bodies (validation/limits.ts) before Ajv.
  const validateCity = boundedBodyValidator({ $ref: 'plugin-manifest.schema.json#/definitions/cityManifest' });
  const validateWard = boundedBodyValidator({ $ref: 'plugin-manifest.schema.json#/definitions/wardManifest' });
  // Progress fields may compare one field with another ({"$data": "1/invited"}), hence $data.
  const fieldsAjv = new Ajv({ allErrors: true, strict: true, strictTypes: false, allowUnionTypes: true, $data: true });
  for (const keyword of ANNOTATION_KEYWORDS) fieldsAjv.addKeyword({ keyword, schemaType: 'object' });

  const found: Found[] = [];
  for (const name of readdirSync(pluginsDir).sort()) {
    if (name.startsWith('.') || name.startsWith('_')) continue;
    const folder = join(pluginsDir, name);
    if (!statSync(folder).isDirectory()) continue;
    const file = join(folder, 'plugin.json');
    if (!existsSync(file)) {
      fail(name, `plugin.json is missing in ${folder} / plugin.json がありません`);
      continue;
    }
    // Size first, before the file is even read (plugin-limits.ts).
    const tooLarge = fileSizeProblem(statSync(file).size);
    if (tooLarge) {
      fail(name, tooLarge);
      continue;
    }
    let manifest: unknown;
    try {
      manifest = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      fail(name, `plugin.json is not valid JSON: ${(e as Error).message} / plugin.json が JSON として読めません`);
      continue;
    }
    // Validate against the branch the author meant ("kind"), so the messages speak of that kind only.
    const kind = (manifest as { kind?: unknown } | null)?.kind;
    if (kind !== 'city' && kind !== 'ward') {
      fail(name, '"kind" must be "city" or "ward" / "kind" は "city" か "ward" にしてください');
      continue;
    }
    const validateManifest = kind === 'city' ? validateCity : validateWard;
    if (!validateManifest(manifest)) {
      for (const f of toFieldErrors(validateManifest.errors).slice(0, 10)) fail(name, `${f.field}: ${f.message} / ${f.messageJa}`);
      continue;
    }
    const m = manifest as PluginManifest;
    if (m.id !== name) {
      fail(name, `its id "${m.id}" differs from its folder name "${name}" / id とフォルダ名が一致しません`);
      continue;
    }
    found.push({ id: name, folder, manifest: m });
  }
  if (problems.length) throw new PluginError(problems);

  const cities = found.filter((f) => f.manifest.kind === 'city');
  let cityFound: Found | undefined;
  if (options.city) {
    cityFound = cities.find((c) => c.id === options.city);
    if (!cityFound) fail(options.city, `CITY=${options.city} was asked for, but there is no city plugin with that id / 指定された市プラグインがありません`);
  } else if (cities.length === 1) {
    cityFound = cities[0];
  } else if (cities.length === 0) {
    fail(pluginsDir, 'no city plugin found (a folder whose plugin.json has "kind": "city") / 市プラグインがありません');
  } else {
    fail(pluginsDir, `several city plugins (${cities.map((c) => c.id).join(', ')}): choose one with the CITY environment variable / 市プラグインが複数あります。環境変数 CITY で選んでください`);
  }
  if (!cityFound) throw new PluginError(problems);
  const cityManifest = cityFound.manifest as CityManifest;

  const progressValidators = new Map<string, ValidateFunction>();
  // The city's common meeting bodies, available to every ward.
  const cityTypes: MeetingType[] = [];
  const themeIds = new Set((cityManifest.themes ?? []).map((t) => t.id));
  checkUnique(cityManifest.themes?.map((t) => t.id) ?? [], (id) => fail(cityFound.id, `themes: id "${id}" appears twice / テーマ id が重複しています`));
  (cityManifest.meetingTypes ?? []).forEach((def, i) => {
    const mt = checkMeetingType(def, `meetingTypes[${i}]`, 'city', cityFound.id, cityFound.id);
    if (mt) cityTypes.push(mt);
  });
  checkUnique(cityTypes.map((t) => t.id), (id) => fail(cityFound.id, `meetingTypes: id "${id}" appears twice / 会議種別 id が重複しています`));

  const wardPlugins = found.filter((f) => f.manifest.kind === 'ward') as (Found & { manifest: WardManifest })[];
  for (const wp of wardPlugins) {
    if (wp.manifest.city !== cityFound.id && !cities.some((c) => c.id === wp.manifest.city)) {
      fail(wp.id, `names city "${wp.manifest.city}", but there is no city plugin with that id / 指定された市プラグインがありません`);
    }
  }
  const wardOrder = [...cityManifest.wards];
  for (const id of cityManifest.wards) {
    const wp = wardPlugins.find((w) => w.id === id);
    if (!wp) fail(cityFound.id, `names ward "${id}", but there is no plugin folder "${id}" / 区 "${id}" のプラグインフォルダがありません`);
    else if (wp.manifest.city !== cityFound.id) fail(id, `is named by city "${cityFound.id}" but says its city is "${wp.manifest.city}" / 所属する市が一致しません`);
  }
  for (const wp of wardPlugins) {
    if (wp.manifest.city === cityFound.id && !wardOrder.includes(wp.id)) {
      wardOrder.push(wp.id);
      warnings.push(`ward plugin '${wp.id}' belongs to city '${cityFound.id}' but the city plugin does not list it; it is shown after the listed wards. Add it to "wards" in plugins/${cityFound.id}/plugin.json to place it.`);
    }
  }

  const wards: Ward[] = [];
  for (const wardId of wardOrder) {
    const wp = wardPlugins.find((w) => w.id === wardId);
    if (!wp || wp.manifest.city !== cityFound.id) continue;
    const own: MeetingType[] = [];
    wp.manifest.meetingTypes.forEach((def, i) => {
      const mt = checkMeetingType(def, `meetingTypes[${i}]`, 'ward', wp.id, wardId);
      if (!mt) return;
      if (cityTypes.some((c) => c.id === mt.id)) {
        fail(wp.id, `meetingTypes[${i}].id "${mt.id}" is already a city-wide meeting type of "${cityFound.id}"; choose another id / 市共通の会議種別と id が重複しています`);
      }
      if (mt.basedOn && !cityTypes.some((c) => c.id === mt.basedOn)) {
        fail(wp.id, `meetingTypes[${i}].basedOn "${mt.basedOn}" is not a city-wide meeting type (${cityTypes.map((c) => c.id).join(', ') || 'none'}) / basedOn が市共通の会議種別にありません`);
      }
      own.push(mt);
    });
    checkUnique(own.map((t) => t.id), (id) => fail(wp.id, `meetingTypes: id "${id}" appears twice / 会議種別 id が重複しています`));
    wards.push({
      id: wp.id,
      name: wp.manifest.name,
      councilName: wp.manifest.councilName ?? wp.manifest.name,
      meetingTypes: [...cityTypes, ...own],
    });
  }
  if (problems.length) throw new PluginError(problems);

  const city: City = {
    id: cityManifest.id,
    name: cityManifest.name,
    unitName: cityManifest.unitName ?? DEFAULT_UNIT,
    planTitle: cityManifest.planTitle ?? DEFAULT_PLAN_TITLE,
    subcommittee: cityManifest.subcommittee,
    themes: cityManifest.themes ?? [],
    wardIds: wards.map((w) => w.id),
    health: cityManifest.settings?.health ?? DEFAULT_HEALTH,
    ...(cityManifest.settings?.network ? { network: cityManifest.settings.network } : {}),
  };
  // Ranking wards is sensitive between them: only shown when the city asks for it.
  if (cityManifest.settings?.rankWards) city.rankWards = true;
  if (city.health.watch > city.health.onTrack) {
    throw new PluginError([{ plugin: city.id, problem: 'settings.health.watch must not exceed settings.health.onTrack / 注意の閾値が順調の閾値を超えています' }]);
  }

  const folders = new Map(found.map((f) => [f.id, f.folder]));
  return { catalog: { city, wards }, folders, progressValidators, warnings };

  /** Validates what the manifest schema cannot: references, cadence vs default months, field schemas, metrics. */
  function checkMeetingType(def: MeetingTypeDefinition, where: string, origin: 'city' | 'ward', plugin: string, wardKey: string): MeetingType | undefined {
    let ok = true;
    const bad = (problem: string) => {
      ok = false;
      fail(plugin, `${where}${problem}`);
    };
    const months = def.defaultMonths ?? [];
    const cadence = def.cadence;
    if (cadence.kind === 'monthly' && months.length !== 0 && months.length !== 12) bad('.defaultMonths: a monthly meeting type is planned in all twelve months (or leave defaultMonths out) / 毎月の会議は12か月すべてを指定してください');
    if (cadence.kind === 'asNeeded' && months.length) bad('.defaultMonths: an as-needed meeting type has no default months / 随時の会議に既定の月は指定できません');
    if (cadence.kind === 'timesPerYear' && months.length) {
      const tooFew = months.length < cadence.times;
      const tooMany = !cadence.atLeast && months.length > cadence.times;
      if (tooFew || tooMany) bad(`.defaultMonths: ${months.length} month(s) for a meeting held ${cadence.atLeast ? 'at least ' : ''}${cadence.times} time(s) a year / 既定の月の数が開催回数と一致しません`);
    }
    for (const t of def.themes ?? []) if (!themeIds.has(t)) bad(`.themes: "${t}" is not a theme of city "${cityFound!.id}" / 市プラグインにないテーマです`);

    const fieldTypes = new Map<string, string>();
    if (def.progressFields !== undefined) {
      const schema = def.progressFields as { type?: unknown; properties?: Record<string, { type?: unknown }> };
      // A schema too large to compile in reasonable time is refused before Ajv sees it (plugin-limits.ts).
      const sizeProblems = fieldSchemaProblems(def.progressFields, '.progressFields');
      if (schema.type !== 'object' || typeof schema.properties !== 'object' || schema.properties === null) {
        bad('.progressFields: must be a JSON Schema with "type": "object" and "properties" / type が object で properties を持つスキーマにしてください');
      } else if (sizeProblems.length) {
        for (const problem of sizeProblems) bad(problem);
      } else {
        for (const [name, prop] of Object.entries(schema.properties)) {
          if (!FIELD_NAME.test(name)) bad(`.progressFields.properties: field name "${name}" must match ${FIELD_NAME} / 項目名が使えない形式です`);
          const type = typeof prop?.type === 'string' ? prop.type : '';
          if (!SUPPORTED_FIELD_TYPES.has(type)) bad(`.progressFields.properties.${name}.type: "${String(prop?.type)}" is not supported (use integer, number, string or boolean) / 対応していない型です`);
          fieldTypes.set(name, type);
        }
        try {
          const validate = fieldsAjv.compile(def.progressFields);
          if (ok) progressValidators.set(`${wardKey}/${def.id}`, validate);
        } catch (e) {
          bad(`.progressFields: not a valid JSON Schema: ${(e as Error).message} / JSON Schema として正しくありません`);
        }
      }
    }
    (def.metrics ?? []).forEach((metric, j) => {
      const at = `.metrics[${j}]`;
      const needNumber = (key: 'numerator' | 'denominator' | 'field') => {
        const field = metric[key];
        if (!field) return bad(`${at}.${key}: required for a ${metric.kind} metric / ${metric.kind} の指標には ${key} が必要です`);
        const type = fieldTypes.get(field);
        if (type !== 'integer' && type !== 'number') bad(`${at}.${key}: "${field}" is not a numeric progress field of this meeting type / 数値の進捗項目ではありません`);
      };
      if (metric.kind === 'ratio') {
        needNumber('numerator');
        needNumber('denominator');
      } else if (metric.kind === 'sum') {
        needNumber('field');
      } else if (metric.kind === 'count') {
        if (!metric.field) bad(`${at}.field: required for a count metric / count の指標には field が必要です`);
        else if (fieldTypes.get(metric.field) !== 'boolean') bad(`${at}.field: "${metric.field}" is not a boolean progress field of this meeting type / 真偽値の進捗項目ではありません`);
      }
    });
    if (def.attendanceFields) {
      // Attendance writes these numbers in place of the typed-in ones, so both must be numeric fields.
      for (const key of ['attended', 'open'] as const) {
        const type = fieldTypes.get(def.attendanceFields[key]);
        if (type !== 'integer' && type !== 'number') bad(`.attendanceFields.${key}: "${def.attendanceFields[key]}" is not a numeric progress field of this meeting type / 数値の進捗項目ではありません`);
      }
    }
    if (!ok) return undefined;
    const mt: MeetingType = {
      id: def.id,
      name: def.name,
      cadence: def.cadence,
      defaultMonths: months,
      themes: def.themes ?? [],
      origin,
    };
    if (def.description) mt.description = def.description;
    if (def.basedOn) mt.basedOn = def.basedOn;
    if (def.progressFields) mt.progressFields = def.progressFields;
    if (def.attendanceFields) mt.attendanceFields = def.attendanceFields;
    if (def.publicCalendar === false) mt.publicCalendar = false;
    if (def.metrics) mt.metrics = def.metrics.map((x) => ({ ...x, format: x.format ?? 'number' }));
    return mt;
  }
}

function checkUnique(ids: string[], onDuplicate: (id: string) => void): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) onDuplicate(id);
    seen.add(id);
  }
}

