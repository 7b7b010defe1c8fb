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
  { files: ['src/handoff/**/*.ts'], rules: { 'no-restricted-imports': ['error', forbid('adapters', 'dialogs', 'desk', 'app', 'server', 'main')] } },
  // The desk is the agents' side of the handoff, and the Slack desk builds on the Slack adapter.
  { files: ['src/desk/**/*.ts'], rules: { 'no-restricted-imports': ['error', forbid('dialogs', 'server', 'main')] } },
);
