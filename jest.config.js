/** Integration tests run against a real PostgreSQL: embedded when DATABASE_URL is unset. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  // Run separately: npm run test:multi (Redis, several instances), npm run test:e2e (Chromium).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tests/multi/', '<rootDir>/tests/e2e/'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  globalSetup: '<rootDir>/tests/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/tests/helpers/global-teardown.ts',
  setupFiles: ['reflect-metadata'],
  testTimeout: 60000,
};
