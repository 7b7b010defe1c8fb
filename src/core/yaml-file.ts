import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { z } from 'zod';
import { ConfigError, type ConfigProblem } from './errors.js';

/**
 * Reads a YAML file and validates it with a zod schema. Every problem (syntax or schema) becomes a
 * ConfigProblem with the file's display name, the line, the key, what is wrong and how to fix it.
 */
export function readYamlFile<S extends z.ZodType>(path: string, displayName: string, schema: S, fixHint?: (key: string) => string): z.output<S> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(
      [{ source: displayName, key: '(file)', problem: `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, fix: `create ${displayName} or point BALIE_CONFIG_DIR at a folder that has it` }],
      { cause: err },
    );
  }
  return parseYaml(text, displayName, schema, fixHint);
}

export function parseYaml<S extends z.ZodType>(text: string, displayName: string, schema: S, fixHint?: (key: string) => string): z.output<S> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length) {
    throw new ConfigError(
      doc.errors.map((e) => ({
        source: displayName,
        line: e.linePos?.[0]?.line ?? lineCounter.linePos(e.pos[0]).line,
        key: '(yaml)',
        problem: `is not valid YAML: ${e.message.split('\n')[0]}`,
        fix: 'check the indentation (spaces, not tabs) and quote text that contains ": " or starts with a special character',
      })),
    );
  }
  const result = schema.safeParse(doc.toJS());
  if (result.success) return result.data;
  const problems: ConfigProblem[] = result.error.issues.map((issue) => {
    const key = formatPath(issue.path);
    return {
      source: displayName,
      line: lineOf(doc, lineCounter, issue.path),
      key,
      problem: issue.message,
      fix: fixHint?.(key) ?? 'correct the value as described; see the comments at the top of the file and the README',
    };
  });
  throw new ConfigError(problems);
}

export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path.reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)), '');
}

/** The line of the deepest node of `path` that exists in the document. */
function lineOf(doc: Document, counter: LineCounter, path: readonly PropertyKey[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as unknown[], true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}
