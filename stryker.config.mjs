/**
 * Mutation testing of provider/ against the fast test tiers (unit + integration against the emulator).
 *
 *   npm run test:mutation              every mutant of provider/core, provider/runtime and provider/client
 *   npm run test:mutation:incremental  only mutants whose code or covering tests changed since the last run
 *   npm run test:mutation -- --mutate "provider/core/**\/*.ts"   one folder (any Stryker flag passes through)
 *
 * Reports land in reports/mutation/ (ignored); `npm run test:mutation:report` prints the per-folder scores and
 * the surviving mutants as the tables of docs/mutation-report.md. The incremental baseline (reports/mutation/stryker-incremental.json) is not committed:
 * it records results for one exact tree, so after any merge it would only say "re-test everything", and it is
 * several MB of churn per run. Daily use keeps it locally.
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const base = require("./jest.config.js");

/**
 * The tiers mutants are judged by: fast, in-process, no Pulumi CLI. `MUTATION_TIERS=unit` judges by the unit tier
 * alone: a lower bound of the score, in minutes instead of hours (the integration tier waits on real batch windows).
 */
const TIERS = (process.env.MUTATION_TIERS ?? "unit,integration")
    .split(",")
    .map((tier) => `test/${tier.trim()}`);

/**
 * Tests left out of mutation runs: they assert that a burst stays inside a rate window measured on the wall clock,
 * which a loaded machine running instrumented code cannot promise (the emulator sees requests late and counts
 * them in the wrong window). The throttle's logic stays covered by the unit tests; these run in `npm test`.
 */
const WALL_CLOCK_TESTS = [
    "the same burst meets no 429",
    "the throttle keeps within the tenant's tier limits instead of thrashing on 429",
];

/** Runs only the test files holding the tests Stryker asks for (see the file). */
const SEQUENCER = "<rootDir>/test/mutation/covering-files-sequencer.cjs";

/**
 * Skips the rest of a run once a test has failed (see the file). Relative to the sandbox: Stryker loads the
 * environment itself, from there, before jest reads the config.
 */
const ENVIRONMENT = "./test/mutation/stop-at-first-failure-environment.cjs";

/**
 * The jest config for Stryker: the project's own, narrowed to the fast tiers. Works both with a flat config
 * (narrowed through `roots`) and with per-tier `projects` (the matching projects folded into one flat config,
 * since Stryker's per-test coverage needs a single test environment it can wrap).
 */
function fastTierJestConfig() {
    const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const testNamePattern = `^(?!.*(?:${WALL_CLOCK_TESTS.map(escape).join("|")}))`;
    // The sequencer tells this pattern (every test but those) apart from Stryker's per-mutant name filters. Test
    // runners are child processes of this one and inherit its environment.
    process.env.MUTATION_ALL_TESTS_PATTERN = testNamePattern;
    if (!Array.isArray(base.projects)) {
        return {
            ...base,
            roots: TIERS.map((dir) => `<rootDir>/${dir}`),
            testNamePattern,
            testSequencer: SEQUENCER,
            testEnvironment: ENVIRONMENT,
        };
    }
    const nameOf = (p) => (typeof p.displayName === "string" ? p.displayName : (p.displayName?.name ?? ""));
    const picked = base.projects.filter(
        (p) =>
            typeof p === "object" &&
            TIERS.some((dir) => new RegExp(`\\b${dir.slice("test/".length)}\\b`).test(nameOf(p))),
    );
    if (picked.length === 0)
        throw new Error("stryker.config.mjs: no unit/integration project in jest.config.js");
    const { projects: _projects, ...top } = base;
    const { displayName: _name, ...first } = picked[0];
    return {
        ...top,
        ...first,
        roots: TIERS.map((dir) => `<rootDir>/${dir}`),
        testMatch: [...new Set(picked.flatMap((p) => p.testMatch ?? ["**/*.test.ts"]))],
        testNamePattern,
        testSequencer: SEQUENCER,
        testEnvironment: ENVIRONMENT,
    };
}

/**
 * Where reports go. Two runs at once (one folder each, e.g. a slow integration pass beside a fast unit pass) need a
 * folder each: `MUTATION_REPORTS=reports/mutation/client npm run test:mutation -- --mutate "provider/client/**\/*.ts"`.
 */
const REPORTS = process.env.MUTATION_REPORTS ?? "reports/mutation";

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
    packageManager: "npm",
    testRunner: "jest",
    jest: {
        projectType: "custom",
        config: fastTierJestConfig(),
        enableFindRelatedTests: false,
    },
    checkers: ["typescript"],
    tsconfigFile: "stryker.tsconfig.json",
    typescriptChecker: { prioritizePerformanceOverAccuracy: true },
    // Only mutated files need their type checks off; the 0.1.0 provider fixtures are not parseable as modules.
    disableTypeChecks: "provider/**/*.ts",
    coverageAnalysis: "perTest",
    mutate: ["provider/core/**/*.ts", "provider/runtime/**/*.ts", "provider/client/**/*.ts"],
    ignorePatterns: [
        "dist",
        "examples",
        "bench/results",
        "reports",
        "coverage",
        ".pulumi",
        "test-results",
        "scratch",
    ],
    // event-recorder keeps one file per tested mutant as it goes: a run cut short still tells what it found.
    reporters: ["clear-text", "progress", "html", "json", "event-recorder"],
    eventReporter: { baseDir: `${REPORTS}/events` },
    htmlReporter: { fileName: `${REPORTS}/index.html` },
    jsonReporter: { fileName: `${REPORTS}/mutation.json` },
    incrementalFile: `${REPORTS}/stryker-incremental.json`,
    tempDirName: ".stryker-tmp",
    cleanTempDir: "always",
    // Two shared cores: more workers only queue behind each other.
    concurrency: 2,
    // Tests wait on real batch windows and retry backoffs; a mutant that breaks a loop shows as a timeout.
    timeoutMS: 10000,
    timeoutFactor: 2,
    // The first run of every test with coverage takes 3.5 minutes on 2 idle cores: Stryker's default limit of 5
    // fails it whenever anything else runs.
    dryRunTimeoutMinutes: 20,
    thresholds: { high: 90, low: 80, break: null },
};
