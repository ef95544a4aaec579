import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { ELECTRON_LAYERS, forbiddenImportPatterns } from './test/layers.mjs';

export default tseslint.config(
  { ignores: ['out/', 'dist/', 'node_modules/', '.counter-data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Layering, enforced where it is written: only electron/main and electron/preload know Electron.
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: '只有 electron/main 与 electron/preload 可以引用 Electron' }] },
      ],
    },
  },
  // Each folder of electron/ imports only the folders below it (test/layers.mjs); main and preload may
  // also import Electron.
  ...Object.keys(ELECTRON_LAYERS).map((folder) => ({
    files: [`electron/${folder}/**/*.{ts,mts,mjs}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...(folder === 'main' || folder === 'preload'
            ? {}
            : { paths: [{ name: 'electron', message: '只有 electron/main 与 electron/preload 可以引用 Electron' }] }),
          patterns: forbiddenImportPatterns(folder),
        },
      ],
    },
  })),
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*', 'electron', 'better-sqlite3', '**/electron/**'], message: '界面只能通过 shared/ 中的类型化接口访问主进程' }] },
      ],
    },
  },
);
