import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { z } from 'zod';
import { ConfigError, type ConfigProblem } from './errors.js';

export interface YamlFixHints {
  /** How to fix a problem at `key`, in words a person editing the file understands. */
  fixFor?(key: string): string;
  /** The fix when the file is empty. */
  emptyFix?: string;
}

export interface ParsedYaml<T> {
  data: T;
  /** The 1-based line of a path in the file (the deepest part of it that exists). */
  lineOf(path: readonly PropertyKey[]): number | undefined;
}

/**
 * Reads a YAML file and validates it with a zod schema. Every problem (syntax or schema) becomes a
 * ConfigProblem with the file's display name, the line, the key, what is wrong and how to fix it.
 */
export function readYamlFile<S extends z.ZodType>(path: string, displayName: string, schema: S, hints?: YamlFixHints): z.output<S> {
  return parseYamlWithLines(readText(path, displayName), displayName, schema, hints).data;
}

export function readText(path: string, displayName: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(
      [
        {
          source: displayName,
          key: '(file)',
          problem: `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
          fix: `create ${displayName} or point BALIE_CONFIG_DIR at a folder that has it`,
        },
      ],
      { cause: err },
    );
  }
}

export function parseYaml<S extends z.ZodType>(text: string, displayName: string, schema: S, hints?: YamlFixHints): z.output<S> {
  return parseYamlWithLines(text, displayName, schema, hints).data;
}

export function parseYamlWithLines<S extends z.ZodType>(text: string, displayName: string, schema: S, hints: YamlFixHints = {}): ParsedYaml<z.output<S>> {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    throw new ConfigError(
      doc.errors.map((e) => ({
        source: displayName,
        line: counter.linePos(e.pos[0]).line,
        key: '(yaml)',
        problem: `is not valid YAML: ${e.message.split('\n')[0]}`,
        fix: 'check the indentation (spaces, not tabs) and put text that contains ": " or starts with a special character in quotes',
      })),
    );
  }
  const lineOf = (path: readonly PropertyKey[]) => lineIn(doc, counter, path);
  const raw: unknown = doc.toJS();
  const result = schema.safeParse(raw);
  if (result.success) return { data: result.data, lineOf };
  const problems: ConfigProblem[] = result.error.issues.map((issue) => {
    // Point at the unknown key itself, not at the map that holds it.
    const path = issue.code === 'unrecognized_keys' && issue.keys[0] ? [...issue.path, issue.keys[0]] : issue.path;
    const key = formatPath(path);
    const missing = issue.code === 'invalid_type' && valueAt(raw, path) === undefined;
    return {
      source: displayName,
      line: lineOf(path),
      key,
      problem: issue.code === 'unrecognized_keys' ? 'is not a known key' : missing ? 'is missing' : issue.message,
      fix:
        raw == null
          ? (hints.emptyFix ?? 'the file is empty: see the comments at the top of the shipped example')
          : (hints.fixFor?.(key) ?? 'correct the value as described; see the comments at the top of the file and the README'),
    };
  });
  throw new ConfigError(problems);
}

export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path.reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)), '');
}

function lineIn(doc: Document, counter: LineCounter, path: readonly PropertyKey[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n) as unknown[], true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let v = value;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}
