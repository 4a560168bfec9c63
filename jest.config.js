/**
 * One jest project per test tier, so a developer can run one tier alone (`npm run test:unit`, `test:e2e`, ...) and
 * `npm test` still runs them all. A tier is the folder its tests live in; test/unit/test-tiers.test.ts fails when a
 * test file sits in no tier (it would silently never run).
 */
const TIERS = {
    unit: "test/unit",
    emulator: "emulator",
    integration: "test/integration",
    engine: "test/engine",
    e2e: "test/e2e",
    reliability: "test/reliability",
    bench: "test/bench",
    package: "test/package",
    types: "test/types",
};

/** @type {import('jest').Config} */
module.exports = {
    testTimeout: 30000,
    projects: Object.entries(TIERS).map(([name, dir]) => ({
        displayName: name,
        testEnvironment: "node",
        roots: [`<rootDir>/${dir}`],
        testMatch: ["**/*.test.ts"],
        transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
        testTimeout: 30000,
    })),
};
