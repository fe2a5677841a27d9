// ESLint flat config. Besides the usual TypeScript rules it enforces the layer invariants
// from docs/architecture.md: engine < syntax < analysis < lsp/cli, and client talks to the
// server only over the protocol (its custom messages typed once in protocol/).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const lspOnly = [
  'vscode-languageserver',
  'vscode-languageserver/*',
  'vscode-languageclient',
  'vscode-languageclient/*',
  'vscode',
];
const io = [
  'fs',
  'node:fs',
  'fs/promises',
  'node:fs/promises',
  'path',
  'node:path',
  'child_process',
  'node:child_process',
  'http',
  'https',
  'net',
  'dgram',
  'node:http',
  'node:https',
  'node:net',
  'node:dgram',
  'os',
  'node:os',
];
const parsers = ['yaml', 'smol-toml'];

const restrict = (paths, patterns) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: paths.map((name) => ({ name, message: 'Layer violation: see docs/architecture.md' })),
      patterns,
    },
  ],
});

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'client/out/**',
      'server/out/**',
      '.vscode-test/**',
      'test-results/**',
      'bench/out/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setImmediate: 'readonly',
        __dirname: 'readonly',
        require: 'readonly',
        module: 'writable',
        URL: 'readonly',
        performance: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        TextDecoder: 'readonly',
        TextEncoder: 'readonly',
        queueMicrotask: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['server/src/engine/**/*.ts'],
    rules: restrict(
      [...lspOnly, ...io, ...parsers],
      [
        {
          group: [
            '**/syntax/**',
            '**/analysis/**',
            '**/config/**',
            '**/project/**',
            '**/lsp/**',
            '**/cli/**',
          ],
          message: 'engine imports nothing outside itself',
        },
      ],
    ),
  },
  {
    files: ['server/src/syntax/**/*.ts'],
    rules: restrict(
      [...lspOnly, ...io],
      [
        {
          group: ['**/analysis/**', '**/config/**', '**/project/**', '**/lsp/**', '**/cli/**'],
          message: 'syntax may import only engine',
        },
      ],
    ),
  },
  {
    files: ['server/src/analysis/**/*.ts'],
    rules: restrict(
      [...lspOnly, ...io, ...parsers],
      [
        {
          group: ['**/config/**', '**/project/**', '**/lsp/**', '**/cli/**'],
          message: 'analysis may import only engine and syntax',
        },
      ],
    ),
  },
  {
    // Pictures (slot grid, timeline, report pages): pure functions from engine results to models and SVG/HTML
    // strings, shared by the CLI report and editor views; beside analysis/, no LSP, no DOM, no I/O.
    files: ['server/src/pictures/**/*.ts'],
    rules: restrict(
      [...lspOnly, ...io, ...parsers],
      [
        {
          group: ['syntax', 'config', 'project', 'lsp', 'cli'].flatMap((d) => [`**/${d}`, `**/${d}/**`]),
          message: 'pictures may import only engine and analysis',
        },
      ],
    ),
  },
  {
    // The project config, pure: parses its own YAML/JSON, so the YAML parser is allowed; no I/O.
    files: ['server/src/config/**/*.ts'],
    rules: restrict(
      [...lspOnly, ...io, 'smol-toml'],
      [
        {
          group: ['**/project/**', '**/lsp/**', '**/cli/**'],
          message: 'config may import only engine, syntax and analysis',
        },
      ],
    ),
  },
  {
    // Finding config files on disk (I/O), shared by the server and the CLI.
    files: ['server/src/project/**/*.ts'],
    rules: restrict(
      [...lspOnly, ...parsers],
      [{ group: ['**/lsp/**', '**/cli/**'], message: 'project sits below lsp/ and cli/' }],
    ),
  },
  {
    files: ['server/src/cli/**/*.ts'],
    rules: restrict(
      ['vscode-languageserver', 'vscode-languageclient', 'vscode'],
      [{ group: ['**/lsp/**'], message: 'the CLI sits beside lsp/, not on it' }],
    ),
  },
  {
    // Shared by client and server: the custom messages only, on top of the LSP protocol package.
    files: ['protocol/**/*.ts'],
    rules: restrict(
      [...lspOnly, ...io, ...parsers],
      [
        {
          group: ['**/server/**', '**/client/**'],
          message: 'protocol/ is shared by client and server and imports neither',
        },
      ],
    ),
  },
  {
    files: ['client/src/**/*.ts'],
    rules: restrict(
      [],
      [
        {
          group: ['**/server/**', '../../server/**'],
          message: 'the client talks to the server only over LSP',
        },
      ],
    ),
  },
);
