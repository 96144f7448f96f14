/** The browser suite: needs Chromium at /usr/bin/chromium (.ci/run installs it). */
const base = require('./jest.config');
module.exports = { ...base, roots: ['<rootDir>/tests/e2e'], testPathIgnorePatterns: [], testTimeout: 120000 };
