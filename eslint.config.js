// Lint: the habits that keep balie's rooms apart, checked in CI (`npm run lint`).
// Rooms import in one direction: entry (app, server, main, config) → adapters, dialogs, handoff,
// desk → core. Where two rooms must talk, a port in core and the entry wires them.
import tseslint from 'typescript-eslint';

const ENTRY = ['app', 'server', 'main', 'config'];
/** Import patterns for rooms (folders of src/) and entry files (src/app.ts …). */
const forbid = (...names) => ({
  patterns: names.map((name) => ({
    group: ENTRY.includes(name) ? [`../${name}.js`, `../../${name}.js`, `../../../${name}.js`] : [`**/${name}/**`, `../${name}/*`],
    message: `this room may not import from src/${name}${ENTRY.includes(name) ? '.ts' : ''}: rooms import in one direction (entry → adapters, dialogs, handoff, desk → core); where two rooms must talk, put a port in src/core and let the entry wire it`,
  })),
});

// botbuilder is archived upstream: only core, dialogs and adapters may import it, so a move to its
// successor stays small (other rooms take its types and helpers from src/core/activity.ts).
const BOTBUILDER = {
  group: ['botbuilder', 'botbuilder/*', 'botbuilder-*'],
  message: 'only src/core, src/dialogs and src/adapters import botbuilder (it is archived upstream); take the types and helpers from src/core/activity.ts',
};
const withBotbuilder = (rule) => ({ patterns: [...rule.patterns, BOTBUILDER] });

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'public/**', 'test-artifacts/**', '**/*.tmp.*'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommended],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // A variable declared before the closures that read it and assigned once later is not a const.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      'no-console': 'off',
    },
  },
  { files: ['src/core/**/*.ts'], rules: { 'no-restricted-imports': ['error', forbid('adapters', 'dialogs', 'handoff', 'desk', 'app', 'server', 'main', 'config')] } },
  { files: ['src/adapters/**/*.ts'], rules: { 'no-restricted-imports': ['error', forbid('dialogs', 'handoff', 'desk', 'app', 'server', 'main')] } },
  { files: ['src/dialogs/**/*.ts'], rules: { 'no-restricted-imports': ['error', forbid('adapters', 'handoff', 'desk', 'app', 'server', 'main')] } },
  { files: ['src/handoff/**/*.ts'], rules: { 'no-restricted-imports': ['error', withBotbuilder(forbid('adapters', 'dialogs', 'desk', 'app', 'server', 'main'))] } },
  // The desk is the agents' side of the handoff, and the Slack desk builds on the Slack adapter.
  { files: ['src/desk/**/*.ts'], rules: { 'no-restricted-imports': ['error', withBotbuilder(forbid('dialogs', 'server', 'main'))] } },
  // The entry and its wiring may import every room, but not botbuilder itself.
  { files: ['src/*.ts', 'src/wiring/**/*.ts', 'src/testing/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [BOTBUILDER] }] } },
);
