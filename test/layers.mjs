// The allowed direction of imports between electron/'s folders, lowest first: each folder may import
// shared/ and the folders listed for it, nothing else. ESLint enforces it where it is written
// (eslint.config.js) and test/layering.test.ts checks the whole graph against it and for cycles.
// A new edge is a design decision: add it here, and only downwards.
export const ELECTRON_LAYERS = {
  db: [],
  api: [],
  host: [],
  preload: [],
  packaging: [],
  audit: ['db'],
  auth: ['api', 'audit', 'db'],
  system: ['api', 'audit', 'db'],
  policy: ['api', 'audit', 'db'],
  people: ['api', 'audit', 'db'],
  pharmacy: ['api', 'audit', 'db'],
  devices: ['api', 'audit', 'db'],
  catalogue: ['api', 'audit', 'db', 'pharmacy'],
  printing: ['api', 'db', 'devices'],
  shifts: ['api', 'audit', 'db', 'printing'],
  settlement: ['api', 'audit', 'auth', 'db', 'pharmacy', 'printing', 'shifts'],
  inpatient: ['api', 'audit', 'db', 'pharmacy', 'printing', 'settlement', 'shifts'],
  reports: ['api', 'db', 'devices', 'pharmacy', 'shifts'],
  district: ['api', 'audit', 'catalogue', 'db', 'policy', 'reports', 'settlement', 'system'],
  demo: ['audit', 'auth', 'catalogue', 'db', 'pharmacy', 'settlement'],
  // The hospital network: the server's pairing and LAN server (on the hosts' request handling), the terminal's pinned link.
  lan: ['api', 'audit', 'db', 'host'],
  // The composition root: opens the database and wires every capability behind the dispatcher.
  app: ['api', 'audit', 'auth', 'catalogue', 'db', 'devices', 'district', 'inpatient', 'lan', 'people', 'pharmacy', 'policy', 'printing', 'reports', 'settlement', 'shifts', 'system'],
  cli: ['app', 'catalogue', 'db', 'demo', 'host', 'lan', 'policy', 'system'],
  main: ['app', 'demo', 'host'],
};

/** ESLint `no-restricted-imports` patterns that keep `folder` from importing the folders above it. */
export function forbiddenImportPatterns(folder) {
  const allowed = new Set([folder, ...ELECTRON_LAYERS[folder]]);
  const forbidden = Object.keys(ELECTRON_LAYERS).filter((f) => !allowed.has(f));
  return [
    {
      regex: `^(\\.\\./)+(${forbidden.join('|')})(/|$)`,
      message: `electron/${folder} 只能引用 ${ELECTRON_LAYERS[folder].join('、') || '（仅 shared/）'}：依赖只能向下（见 test/layers.mjs）`,
    },
  ];
}
