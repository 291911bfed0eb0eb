/**
 * The schema validator at the top of the station's storage stack.
 *
 * Why not ajv (RxDB's fast validator): ajv compiles every schema with `new Function`, which
 * the renderer's Content-Security-Policy (`script-src 'self'`, no 'unsafe-eval') forbids — in
 * Chromium the database then cannot even be created (EvalError). Why not z-schema (RxDB's
 * eval-free validator): as RxDB calls it, it costs ~0.3–0.5 ms per document in Node, i.e.
 * tens of seconds for a 50,000-voter roll.
 *
 * So the schemas are compiled here into plain closures (no eval, no code generation) for the
 * JSON-Schema subset the station uses. A schema with any other keyword is not guessed at: it
 * falls back to z-schema (correct, slow). The tests check the station's schemas take the fast
 * path and that its verdicts agree with ajv's on valid and mutated documents.
 */
import { wrappedValidateStorageFactory, type RxJsonSchema, type RxStorage, type RxValidationError } from 'rxdb';
import { getValidator as getZSchemaValidator } from 'rxdb/plugins/validate-z-schema';

type Check = (value: unknown, path: string, errors: RxValidationError[]) => void;
export type DocumentValidator = (document: unknown) => RxValidationError[];

/** A keyword this compiler does not implement (the schema then goes to z-schema). */
export class UnsupportedSchemaError extends Error {
  constructor(keyword: string, path: string) {
    super(`schema keyword "${keyword}" at "${path || '/'}" is not supported by the station validator`);
    this.name = 'UnsupportedSchemaError';
  }
}

/** Annotations and RxDB's own keywords: they constrain nothing a validator must check. */
const IGNORED = new Set([
  '$comment',
  '$schema',
  'title',
  'description',
  'examples',
  'default',
  'deprecated',
  'readOnly',
  'writeOnly',
  'version',
  'primaryKey',
  'indexes',
  'internalIndexes',
  'keyCompression',
  'encrypted',
  'final',
  'sharding',
  'attachments',
  'ref',
  'crdt',
]);

const SUPPORTED = new Set([
  'type',
  'enum',
  'const',
  'properties',
  'required',
  'additionalProperties',
  'maxLength',
  'minLength',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'items',
  'minItems',
  'maxItems',
  'uniqueItems',
]);

const TYPES: Record<string, (value: unknown) => boolean> = {
  string: (value) => typeof value === 'string',
  number: (value) => typeof value === 'number' && Number.isFinite(value),
  integer: (value) => Number.isInteger(value),
  boolean: (value) => typeof value === 'boolean',
  object: (value) => isObject(value),
  array: (value) => Array.isArray(value),
  null: (value) => value === null,
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number';
}

/** JSON Schema measures strings in code points, not UTF-16 units. */
function codePoints(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) index++;
    }
    count++;
  }
  return count;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && deepEqual(a[key], b[key]));
  }
  return false;
}

const child = (path: string, key: string | number) => `${path}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;

function numberOf(schema: Record<string, unknown>, keyword: string, path: string): number {
  const value = schema[keyword];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new UnsupportedSchemaError(keyword, path);
  return value;
}

/** Compiles one (sub)schema into a closure; throws UnsupportedSchemaError for unknown keywords. */
function compile(schema: unknown, path: string): Check {
  if (schema === true) return () => undefined;
  if (schema === false) return (_value, at, errors) => void errors.push({ field: at, message: 'no value is allowed here' });
  if (!isObject(schema)) throw new UnsupportedSchemaError('(not an object)', path);
  for (const keyword of Object.keys(schema)) {
    if (!IGNORED.has(keyword) && !SUPPORTED.has(keyword)) throw new UnsupportedSchemaError(keyword, path);
  }
  const checks: Check[] = [];

  if (schema.type !== undefined) {
    const names = Array.isArray(schema.type) ? schema.type : [schema.type];
    const tests = names.map((name) => {
      const test = typeof name === 'string' ? TYPES[name] : undefined;
      if (!test) throw new UnsupportedSchemaError(`type: ${String(name)}`, path);
      return test;
    });
    const expected = names.join(' or ');
    checks.push((value, at, errors) => {
      if (!tests.some((test) => test(value))) errors.push({ field: at, message: `must be ${expected}` });
    });
  }

  if (schema.enum !== undefined) {
    if (!Array.isArray(schema.enum)) throw new UnsupportedSchemaError('enum', path);
    const options: unknown[] = schema.enum;
    const primitive = options.every((option) => option === null || typeof option !== 'object');
    const set = new Set(options);
    checks.push((value, at, errors) => {
      const found = primitive ? set.has(value) : options.some((option) => deepEqual(option, value));
      if (!found) errors.push({ field: at, message: `must be one of ${JSON.stringify(options)}` });
    });
  }

  if (Object.hasOwn(schema, 'const')) {
    const expected = schema.const;
    checks.push((value, at, errors) => {
      if (!deepEqual(expected, value)) errors.push({ field: at, message: `must be ${JSON.stringify(expected)}` });
    });
  }

  // Strings.
  if (schema.maxLength !== undefined) {
    const max = numberOf(schema, 'maxLength', path);
    checks.push((value, at, errors) => {
      if (typeof value === 'string' && value.length > max && codePoints(value) > max) errors.push({ field: at, message: `must have at most ${max} characters` });
    });
  }
  if (schema.minLength !== undefined) {
    const min = numberOf(schema, 'minLength', path);
    checks.push((value, at, errors) => {
      if (typeof value === 'string' && (value.length < min || codePoints(value) < min)) errors.push({ field: at, message: `must have at least ${min} characters` });
    });
  }
  if (schema.pattern !== undefined) {
    if (typeof schema.pattern !== 'string') throw new UnsupportedSchemaError('pattern', path);
    const source = schema.pattern;
    const regex = new RegExp(source, 'u');
    checks.push((value, at, errors) => {
      if (typeof value === 'string' && !regex.test(value)) errors.push({ field: at, message: `must match ${source}` });
    });
  }

  // Numbers (draft 6+: exclusive bounds are numbers).
  if (schema.minimum !== undefined) {
    const min = numberOf(schema, 'minimum', path);
    checks.push((value, at, errors) => {
      if (isNumber(value) && !(value >= min)) errors.push({ field: at, message: `must be >= ${min}` });
    });
  }
  if (schema.maximum !== undefined) {
    const max = numberOf(schema, 'maximum', path);
    checks.push((value, at, errors) => {
      if (isNumber(value) && !(value <= max)) errors.push({ field: at, message: `must be <= ${max}` });
    });
  }
  if (schema.exclusiveMinimum !== undefined) {
    const min = numberOf(schema, 'exclusiveMinimum', path);
    checks.push((value, at, errors) => {
      if (isNumber(value) && !(value > min)) errors.push({ field: at, message: `must be > ${min}` });
    });
  }
  if (schema.exclusiveMaximum !== undefined) {
    const max = numberOf(schema, 'exclusiveMaximum', path);
    checks.push((value, at, errors) => {
      if (isNumber(value) && !(value < max)) errors.push({ field: at, message: `must be < ${max}` });
    });
  }
  if (schema.multipleOf !== undefined) {
    const step = numberOf(schema, 'multipleOf', path);
    if (!(step > 0)) throw new UnsupportedSchemaError('multipleOf', path);
    checks.push((value, at, errors) => {
      if (!isNumber(value)) return;
      const quotient = value / step;
      // The same tolerance as z-schema: 0.29 / 0.01 is 28.999999999999996 in binary floating point.
      if (!Number.isFinite(quotient) || Math.abs(quotient - Math.round(quotient)) >= 1e-10) errors.push({ field: at, message: `must be a multiple of ${step}` });
    });
  }

  // Arrays.
  if (schema.items !== undefined) {
    if (Array.isArray(schema.items)) throw new UnsupportedSchemaError('items (tuple form)', path);
    const item = compile(schema.items, `${path}/items`);
    checks.push((value, at, errors) => {
      // A for loop, not forEach: holes and `undefined` elements are checked (and refused) too.
      if (Array.isArray(value)) for (let index = 0; index < value.length; index++) item(value[index], child(at, index), errors);
    });
  }
  if (schema.minItems !== undefined) {
    const min = numberOf(schema, 'minItems', path);
    checks.push((value, at, errors) => {
      if (Array.isArray(value) && value.length < min) errors.push({ field: at, message: `must have at least ${min} items` });
    });
  }
  if (schema.maxItems !== undefined) {
    const max = numberOf(schema, 'maxItems', path);
    checks.push((value, at, errors) => {
      if (Array.isArray(value) && value.length > max) errors.push({ field: at, message: `must have at most ${max} items` });
    });
  }
  if (schema.uniqueItems === true) {
    checks.push((value, at, errors) => {
      if (!Array.isArray(value)) return;
      for (let i = 0; i < value.length; i++) {
        for (let j = i + 1; j < value.length; j++) {
          if (deepEqual(value[i], value[j])) return void errors.push({ field: at, message: `must not have duplicate items (${i} and ${j})` });
        }
      }
    });
  } else if (schema.uniqueItems !== undefined && schema.uniqueItems !== false) {
    throw new UnsupportedSchemaError('uniqueItems', path);
  }

  // Objects. A member whose value is `undefined` counts as absent, as in JSON (and in ajv).
  if (schema.properties !== undefined) {
    if (!isObject(schema.properties)) throw new UnsupportedSchemaError('properties', path);
    const properties = Object.entries(schema.properties).map(([key, sub]) => [key, compile(sub, `${path}/properties/${key}`)] as const);
    checks.push((value, at, errors) => {
      if (!isObject(value)) return;
      for (const [key, check] of properties) {
        const member = value[key];
        if (member !== undefined) check(member, child(at, key), errors);
      }
    });
  }
  if (schema.required !== undefined) {
    if (!Array.isArray(schema.required) || !schema.required.every((key) => typeof key === 'string')) throw new UnsupportedSchemaError('required', path);
    const required: string[] = schema.required;
    checks.push((value, at, errors) => {
      if (!isObject(value)) return;
      for (const key of required) if (value[key] === undefined) errors.push({ field: child(at, key), message: 'is required' });
    });
  }
  if (schema.additionalProperties !== undefined && schema.additionalProperties !== true) {
    const known = new Set(isObject(schema.properties) ? Object.keys(schema.properties) : []);
    const extra = schema.additionalProperties === false ? null : compile(schema.additionalProperties, `${path}/additionalProperties`);
    checks.push((value, at, errors) => {
      if (!isObject(value)) return;
      for (const key of Object.keys(value)) {
        if (known.has(key)) continue;
        if (extra === null) errors.push({ field: child(at, key), message: 'is not an allowed property' });
        else if (value[key] !== undefined) extra(value[key], child(at, key), errors);
      }
    });
  }

  if (checks.length === 1) return checks[0] as Check;
  return (value, at, errors) => {
    for (const check of checks) check(value, at, errors);
  };
}

/** A validator for `schema`: `[]` for a valid document, else one entry per problem. */
export function compileDocumentValidator(schema: RxJsonSchema<unknown> | Record<string, unknown>): DocumentValidator {
  const check = compile(schema, '');
  return (document) => {
    const errors: RxValidationError[] = [];
    check(document, '', errors);
    return errors;
  };
}

/** Whether the fast, eval-free path handles `schema` (else it is validated by z-schema). */
export function isFastSchema(schema: RxJsonSchema<unknown> | Record<string, unknown>): boolean {
  try {
    compile(schema, '');
    return true;
  } catch (error) {
    if (error instanceof UnsupportedSchemaError) return false;
    throw error;
  }
}

function getStationValidator(schema: RxJsonSchema<unknown>): DocumentValidator {
  try {
    return compileDocumentValidator(schema);
  } catch (error) {
    if (error instanceof UnsupportedSchemaError) return getZSchemaValidator(schema);
    throw error;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyStorage = RxStorage<any, any>;

/**
 * RxDB's validation wrapper (invalid writes fail with `VD2`) around the station validator.
 * The wrapped storage is named `validate-station-<storage>`: RxDB's dev-mode accepts it.
 */
export const wrappedValidateStationStorage: (args: { storage: AnyStorage }) => AnyStorage = wrappedValidateStorageFactory(getStationValidator, 'station');
