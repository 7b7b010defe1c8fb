// Lint: the habits that keep balie's rooms apart, checked in CI (`npm run lint`).
// Rooms import in one direction: entry (app, server, main, config) → adapters, dialogs, handoff,
// desk → core. Where two rooms must talk, a port in core and the entry wires them.
import tseslint from 'typescript-eslint';

const ENTRY = ['app', 'server', 'main', 'config', 'config-files'];
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

// The browser pages (web/) are a client of the server's HTTP API, not of its code: they import
// nothing from src/ (the few shapes they read are written out in web/*/types.ts and web/shared).
const WEB_IMPORTS = {
  patterns: [
    {
      group: ['**/src/**', '../../src', '../../../src'],
      message: 'web/ (the browser pages) imports nothing from src/: it talks to the server over HTTP; write the shape it reads in web/',
    },
    { group: ['node:*'], message: 'web/ runs in the browser: no Node modules' },
  ],
};
// What the pages may use beyond the language: the browser's (the DOM types come from web/tsconfig.json,
// which has no Node types, so a Node global there fails the type-check as well as the lint).
const BROWSER_GLOBALS = Object.fromEntries(
  [
    'window',
    'document',
    'navigator',
    'localStorage',
    'location',
    'fetch',
    'EventSource',
    'CSS',
    'crypto',
    'AudioContext',
    'ResizeObserver',
    'Intl',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'console',
  ].map((name) => [name, 'readonly']),
);
const NODE_GLOBALS = ['process', 'Buffer', 'require', 'module', '__dirname', '__filename', 'global'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-artifacts/**', '**/*.tmp.*'] },
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
  {
    files: ['src/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', forbid('adapters', 'dialogs', 'handoff', 'desk', 'app', 'server', 'main', 'config', 'config-files')] },
  },
  { files: ['src/adapters/**/*.ts'], rules: { 'no-restricted-imports': ['error', forbid('dialogs', 'handoff', 'desk', 'app', 'server', 'main')] } },
  { files: ['src/dialogs/**/*.ts'], rules: { 'no-restricted-imports': ['error', forbid('adapters', 'handoff', 'desk', 'app', 'server', 'main')] } },
  { files: ['src/handoff/**/*.ts'], rules: { 'no-restricted-imports': ['error', withBotbuilder(forbid('adapters', 'dialogs', 'desk', 'app', 'server', 'main'))] } },
  // The desk is the agents' side of the handoff, and the Slack desk builds on the Slack adapter.
  { files: ['src/desk/**/*.ts'], rules: { 'no-restricted-imports': ['error', withBotbuilder(forbid('dialogs', 'server', 'main'))] } },
  // The browser pages: DOM globals only (no Node), and no imports from the server's code.
  {
    files: ['web/**/*.ts'],
    languageOptions: { globals: BROWSER_GLOBALS },
    rules: { 'no-restricted-imports': ['error', WEB_IMPORTS], 'no-restricted-globals': ['error', ...NODE_GLOBALS.map((name) => ({ name, message: 'web/ runs in the browser' }))] },
  },
  // The entry and its wiring may import every room, but not botbuilder itself.
  { files: ['src/*.ts', 'src/wiring/**/*.ts', 'src/testing/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [BOTBUILDER] }] } },
);
