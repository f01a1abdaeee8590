import fc from 'fast-check';

/** A JSON Schema node as @fastify/swagger publishes it from the zod schemas. */
export interface SchemaNode {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  allOf?: SchemaNode[];
  additionalProperties?: SchemaNode | boolean;
}

/** Strings a fuzzer tries first: NUL, unpaired surrogates, astral characters, control characters, long and empty. */
export const hostileString = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('', '\u0000', 'a\u0000b', '\uD800', 'x\uDC00y', '\uDFFF\uD800', '𝌆', '\u202E', ' ', '{{x}}', 'a'.repeat(5000)),
);

const hostileNumber = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 1e308, -1e308, 0.5, -0),
);

const wrongType = fc.jsonValue({ maxDepth: 2 });

function typed(schema: SchemaNode, depth: number): fc.Arbitrary<unknown> {
  const union = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (union?.length) return fc.oneof(...union.map((s) => valueFor(s, depth)));
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.oneof(fc.constantFrom(...schema.enum), hostileString);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'string':
      return hostileString;
    case 'integer':
    case 'number':
      return hostileNumber;
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return depth > 3 ? fc.constant([]) : fc.array(valueFor(schema.items ?? {}, depth + 1), { maxLength: 3 });
    case 'object': {
      if (depth > 3) return fc.constant({});
      const props = schema.properties ?? {};
      const keys = Object.keys(props);
      if (keys.length === 0) return fc.dictionary(hostileString, wrongType, { maxKeys: 3 });
      return fc.record(Object.fromEntries(keys.map((k) => [k, valueFor(props[k]!, depth + 1)])), {
        requiredKeys: (schema.required ?? []).filter((k) => keys.includes(k)),
      });
    }
    default:
      return wrongType;
  }
}

/** Mostly well-typed values with hostile contents, sometimes the wrong type altogether. */
export function valueFor(schema: SchemaNode, depth = 0): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 5, arbitrary: typed(schema, depth) }, { weight: 1, arbitrary: wrongType });
}

export interface Operation {
  method: string;
  path: string;
  body?: SchemaNode;
  query: Record<string, SchemaNode>;
  params: string[];
}

/** Every operation of the published OpenAPI document, with its body and query schemas. */
export function operationsOf(doc: { paths: Record<string, Record<string, any>> }): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const parameters: Array<{ in: string; name: string; schema?: SchemaNode }> = op.parameters ?? [];
      ops.push({
        method: method.toUpperCase(),
        path,
        body: op.requestBody?.content?.['application/json']?.schema,
        query: Object.fromEntries(parameters.filter((p) => p.in === 'query').map((p) => [p.name, p.schema ?? {}])),
        params: parameters.filter((p) => p.in === 'path').map((p) => p.name),
      });
    }
  }
  return ops;
}
