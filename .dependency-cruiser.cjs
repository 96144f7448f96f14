// The allowed directions of the code. `npm run depcheck` fails on any other import.
// Each module lists the modules it may import; everything else between modules is forbidden.
const MODULE_DEPENDENCIES = {
  accounts: [],
  notifications: ['accounts'],
  delivery: ['accounts', 'notifications'],
  audit: ['accounts'],
  sobriety: ['accounts', 'notifications'],
  mentoring: ['accounts', 'notifications', 'audit', 'sobriety'],
  consents: ['accounts', 'sobriety'],
  checkins: ['accounts', 'consents'],
  meetings: ['accounts', 'notifications', 'audit', 'consents'],
  discussions: ['accounts', 'notifications', 'audit'],
  privacy: ['accounts'],
  reachouts: ['accounts', 'notifications', 'audit', 'sobriety'],
  disengagement: ['accounts', 'notifications', 'audit', 'consents', 'checkins', 'meetings', 'reachouts'],
  proofs: ['accounts'],
  allies: ['accounts', 'sobriety', 'checkins', 'privacy'],
};

const moduleRules = Object.entries(MODULE_DEPENDENCIES).map(([name, allowed]) => ({
  name: `module-${name}`,
  comment: `${name} may import only core and: ${allowed.join(', ') || 'nothing else'}`,
  severity: 'error',
  from: { path: `^src/modules/${name}/` },
  to: { path: '^src/modules/', pathNot: `^src/modules/(${[name, ...allowed].join('|')})/` },
}));

module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'core-is-plumbing',
      comment: 'core imports nothing above it',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/', pathNot: '^src/core/' },
    },
    {
      name: 'modules-below-composition',
      comment: 'modules never import the composition layer (src/*.ts) or the explorer',
      severity: 'error',
      from: { path: '^src/modules/' },
      to: { path: '^src/([^/]+\\.ts|explorer/)' },
    },
    {
      name: 'unknown-module',
      comment: 'every module folder must be listed in MODULE_DEPENDENCIES',
      severity: 'error',
      from: { path: '^src/modules/', pathNot: `^src/modules/(${Object.keys(MODULE_DEPENDENCIES).join('|')})/` },
      to: {},
    },
    ...moduleRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count too: a cycle of types is still a cycle for a reader.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^src/explorer/client/' },
  },
};
