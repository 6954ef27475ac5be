/**
 * Checking a value against a schema, and the refusal in plain words: the first field that is
 * wrong and why ('donor.name must not contain a control character (U+0000)').
 */
import type { z } from 'zod';

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a JSON object',
  null: 'null',
  undefined: 'left out',
  literal: 'a known value',
};

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'true or false';
  return typeof value;
}

/** Zod's issue in a sentence a streamer understands (without the field's name). */
function issueWords(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `must be ${TYPE_WORDS[issue.expected] ?? issue.expected}, not ${typeOf(issue.input)}`;
    case 'too_big':
      if (issue.origin === 'array' || issue.origin === 'set') return `can hold at most ${String(issue.maximum)} entries`;
      if (issue.origin === 'string') return `must be at most ${String(issue.maximum)} characters`;
      return `must be at most ${String(issue.maximum)}`;
    case 'too_small':
      if (issue.origin === 'array' || issue.origin === 'set') return `must hold at least ${String(issue.minimum)} ${issue.minimum === 1 ? 'entry' : 'entries'}`;
      if (issue.origin === 'string') return issue.minimum === 1 ? 'must not be empty' : `must be at least ${String(issue.minimum)} characters`;
      return `must be at least ${String(issue.minimum)}`;
    case 'unrecognized_keys':
      return `has no field "${(issue.keys[0] ?? '').slice(0, 40)}"`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union':
      return 'is not in a form this route takes';
    case 'invalid_format':
      return 'is not in the expected format';
    case 'not_multiple_of':
      return 'must be a whole number';
    default:
      return 'is not valid';
  }
}

function pathWords(path: readonly PropertyKey[], root: string): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? root : out;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; field: string; message: string };

/**
 * Checks a value against a schema; a refusal names the first field and says why
 * ('donor.name must not contain a control character (U+0000)').
 */
export function checkAgainst<S extends z.ZodType>(schema: S, value: unknown, root: string): Checked<z.output<S>> {
  const result = schema.safeParse(value, { error: issueWords });
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  if (!issue) return { ok: false, field: root, message: `${root} is not valid` };
  let path = issue.path;
  // An unknown field is named by itself, not by the object holding it.
  if (issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined) path = [...path, issue.keys[0]];
  const field = pathWords(path, root);
  // A rule about the whole body or query is already a sentence.
  if (issue.code === 'custom' && path.length === 0) return { ok: false, field, message: issue.message };
  const words = issue.code === 'unrecognized_keys' ? `is not a field this route takes` : issue.message;
  return { ok: false, field, message: `${field} ${words}` };
}
