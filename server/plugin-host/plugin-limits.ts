/**
 * What a plugin may declare, in size. A plugin is data written by a city's staff, but one that is too
 * large — by mistake (a generated list of every office in the prefecture as an enum) or on purpose — must
 * not hang start-up or `npm run plugins:check`: a 5.9 MB plugin.json with an enum of 340,000 values did,
 * for more than 13 minutes (Ajv compiles an enum into code; 80,000 values already took 60 s). The limits
 * are checked before anything expensive (reading the file, compiling the schema) and each refusal names
 * the limit. docs/plugins.md lists them.
 */

export const PLUGIN_LIMITS = {
  /** plugin.json, in bytes. Sendai's largest is under 5 KB. */
  fileBytes: 256 * 1024,
  /** Fields of one meeting type's progressFields (a record's `extra` holds at most 50). */
  fields: 50,
  /** Values of one enum (a choice list on the progress form). */
  enumValues: 200,
  /** Nesting of a progressFields schema (progressFields → properties → field → x-enum-labels → value is 4). */
  schemaDepth: 8,
  /** Objects, arrays and values in one progressFields schema, all counted. */
  schemaNodes: 5_000,
  /** Characters of any one text in a progressFields schema (labels, patterns, enum values). */
  textLength: 2_000,
} as const;

/** A plugin.json over the size limit, or undefined. */
export function fileSizeProblem(bytes: number): string | undefined {
  if (bytes <= PLUGIN_LIMITS.fileBytes) return undefined;
  const kib = (n: number) => `${Math.ceil(n / 1024).toLocaleString('en')} KiB`;
  return `plugin.json is ${kib(bytes)}, more than the ${kib(PLUGIN_LIMITS.fileBytes)} a plugin may have / plugin.json が大きすぎます(${kib(PLUGIN_LIMITS.fileBytes)}まで)`;
}

/**
 * The size problems of a meeting type's progressFields schema, each as "<where>: <what> / <日本語>".
 * One pass over the schema, stopping at the first few problems; nothing is compiled.
 */
export function fieldSchemaProblems(schema: unknown, where: string): string[] {
  const problems: string[] = [];
  let nodes = 0;
  const full = () => problems.length >= 5;
  const walk = (node: unknown, path: string, depth: number): void => {
    if (full()) return;
    if (++nodes === PLUGIN_LIMITS.schemaNodes + 1) {
      problems.push(`${where}: more than ${PLUGIN_LIMITS.schemaNodes.toLocaleString('en')} values in the schema / スキーマが大きすぎます(${PLUGIN_LIMITS.schemaNodes.toLocaleString('ja')}個まで)`);
      return;
    }
    if (nodes > PLUGIN_LIMITS.schemaNodes) return;
    if (typeof node === 'string') {
      if (node.length > PLUGIN_LIMITS.textLength) problems.push(`${path}: a text of ${node.length.toLocaleString('en')} characters, more than ${PLUGIN_LIMITS.textLength.toLocaleString('en')} / 文字列が長すぎます(${PLUGIN_LIMITS.textLength.toLocaleString('ja')}文字まで)`);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    if (depth > PLUGIN_LIMITS.schemaDepth) {
      problems.push(`${path}: nested more than ${PLUGIN_LIMITS.schemaDepth} levels deep / 入れ子が深すぎます(${PLUGIN_LIMITS.schemaDepth}段まで)`);
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, `${path}[${i}]`, depth + 1));
      return;
    }
    const record = node as Record<string, unknown>;
    if (Array.isArray(record.enum) && record.enum.length > PLUGIN_LIMITS.enumValues) {
      problems.push(`${path}.enum: ${record.enum.length.toLocaleString('en')} values, more than the ${PLUGIN_LIMITS.enumValues} an enum may have / 選択肢が多すぎます(${PLUGIN_LIMITS.enumValues}個まで)`);
      return;
    }
    for (const [key, value] of Object.entries(record)) {
      if (full()) return;
      if (key.length > PLUGIN_LIMITS.textLength) {
        problems.push(`${path}: a key of ${key.length.toLocaleString('en')} characters / キーが長すぎます`);
        continue;
      }
      walk(value, `${path}.${key}`, depth + 1);
    }
  };
  const properties = (schema as { properties?: unknown } | null)?.properties;
  if (properties && typeof properties === 'object' && Object.keys(properties).length > PLUGIN_LIMITS.fields) {
    problems.push(`${where}.properties: ${Object.keys(properties).length.toLocaleString('en')} fields, more than the ${PLUGIN_LIMITS.fields} a meeting type may record / 項目が多すぎます(${PLUGIN_LIMITS.fields}個まで)`);
    return problems;
  }
  walk(schema, where, 0);
  return problems;
}
