import type { TempProject } from './temp-project.js';

/** A fenced code block of a markdown document: its language, the line it starts on, its lines. */
export interface DocBlock {
  lang: string;
  line: number;
  lines: string[];
}

export function docBlocks(markdown: string): DocBlock[] {
  const blocks: DocBlock[] = [];
  let open: DocBlock | undefined;
  markdown.split('\n').forEach((text, i) => {
    const fence = /^```(\S*)\s*$/.exec(text);
    if (fence && !open) open = { lang: fence[1] ?? '', line: i + 1, lines: [] };
    else if (fence && open) {
      blocks.push(open);
      open = undefined;
    } else open?.lines.push(text);
  });
  return blocks;
}

const FILE = /^(?:\/\/|#) file: (\S+)$/;
const ADD_TO = /^(?:\/\/|#) add to: (\S+)$/;

/**
 * Puts a sample into the project the way the doc tells the reader to: `// file: path` blocks are
 * the whole file; `// add to: src/dialogs/index.ts` lines go above the new-dialog markers (imports
 * above the imports marker, the rest above the register marker); `# add to: file.yaml` blocks are
 * appended. Returns the file it touched, or undefined for a block that is not a sample.
 */
export function applySample(project: TempProject, block: DocBlock): string | undefined {
  const [first = '', ...rest] = block.lines;
  const file = FILE.exec(first)?.[1];
  if (file) {
    project.write(file, `${block.lines.join('\n')}\n`);
    return file;
  }
  const target = ADD_TO.exec(first)?.[1];
  if (!target) return undefined;
  if (target.endsWith('.yaml')) {
    project.write(target, `${project.read(target).trimEnd()}\n${rest.join('\n')}\n`);
    return target;
  }
  let text = project.read(target);
  for (const line of rest.filter((l) => l.trim())) {
    const marker = line.startsWith('import ') ? '// new-dialog:imports' : '// new-dialog:register';
    text = text.replace(new RegExp(`^([ \\t]*)${marker.replace(/\//g, '\\/')}`, 'm'), (whole, indent: string) => `${indent}${line.trim()}\n${whole}`);
  }
  project.write(target, text);
  return target;
}

/** `$ npm run chat -- --lang en` → the script file and its arguments, from the project's package.json. */
export function commandOf(project: TempProject, block: DocBlock): { script: string; args: string[] } | undefined {
  const m = /^\$ npm run (\S+)(?: -- (.*))?$/.exec(block.lines[0] ?? '');
  if (!m) return undefined;
  const scripts = (JSON.parse(project.read('package.json')) as { scripts: Record<string, string> }).scripts;
  const script = /^tsx (\S+)$/.exec(scripts[m[1]!] ?? '')?.[1];
  if (!script) throw new Error(`line ${block.line}: npm run ${m[1]} is not a tsx script in package.json`);
  return { script, args: m[2] ? m[2].split(/\s+/) : [] };
}

/**
 * The lines of `expected` that are missing from `output`, in order: each must match a later output
 * line than the one before; `…` stands for any text.
 */
export function missingLines(expected: string[], output: string): string[] {
  const lines = output.split('\n').map((l) => l.trimEnd());
  let at = 0;
  const missing: string[] = [];
  for (const want of expected.map((l) => l.trimEnd()).filter(Boolean)) {
    const pattern = new RegExp(
      `^${want
        .split('…')
        .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    );
    const found = lines.findIndex((l, i) => i >= at && pattern.test(l));
    if (found < 0) missing.push(want);
    else at = found + 1;
  }
  return missing;
}
