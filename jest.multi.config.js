/** Suites that need Redis and several instances: run by .ci/run against the machine's services. */
const base = require('./jest.config');
module.exports = { ...base, roots: ['<rootDir>/tests/multi'], testPathIgnorePatterns: [] };
