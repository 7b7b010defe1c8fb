/**
 * Scaffolds a dialog: the dialog file, its registration, a passing test and a doc stub.
 *   npm run new:dialog -- gift-wrap
 * Refuses bad names and dialogs that exist, and writes nothing then.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { packageRoot } from '../src/core/paths.js';
import { IMPORTS_MARKER, pathsFor, problemsWith, REGISTER_MARKER } from './new-dialog/checks.js';
import { namesFor, type DialogNames } from './new-dialog/names.js';
import { dialogFile, docFile, testFile } from './new-dialog/templates.js';

/** Adds the import and the list entry right above their marker lines, in the markers' indentation. */
function register(index: string, n: DialogNames): string {
  const above = (text: string, marker: string, line: string) =>
    text.replace(new RegExp(`^([ \\t]*)${marker.replace(/[/]/g, '\\/')}`, 'm'), (whole, indent: string) => `${indent}${line}\n${whole}`);
  const withImport = above(index, IMPORTS_MARKER, `import { ${n.factory} } from './${n.kebab}/${n.kebab}-dialog.js';`);
  return above(withImport, REGISTER_MARKER, `${n.factory}(),`);
}

function main(): number {
  const names = namesFor(process.argv[2]);
  if (typeof names === 'string') {
    console.error(`npm run new:dialog: ${names}`);
    return 1;
  }
  const root = packageRoot();
  const paths = pathsFor(root, names);
  const problems = problemsWith(root, names, paths);
  if (problems.length) {
    console.error(`npm run new:dialog: cannot create "${names.kebab}":\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    return 1;
  }
  const write = (path: string, text: string) => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  };
  write(paths.dialog, dialogFile(names));
  write(paths.test, testFile(names));
  write(paths.doc, docFile(names));
  writeFileSync(paths.index, register(readFileSync(paths.index, 'utf8'), names));
  const rel = (p: string) => p.slice(root.length + 1);
  console.log(`created the ${names.id} dialog:
  ${rel(paths.dialog)}   the dialog: triggers, questions, steps
  ${rel(paths.test)}        its test (passes as it is)
  ${rel(paths.doc)}        notes for your team
  ${rel(paths.index)}                 registered (above "${REGISTER_MARKER}")

next:
  npx vitest run ${rel(paths.test)}
  npm run chat -- --lang en        then type "${names.phrase}"`);
  return 0;
}

process.exitCode = main();
