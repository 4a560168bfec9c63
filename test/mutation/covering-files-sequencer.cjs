/**
 * Jest's test sequencer for mutation runs: runs only the test files that hold the tests Stryker asks for.
 *
 * Stryker knows which tests cover a mutant and asks jest for them by name (`testNamePattern`), but jest still
 * loads every test file of the tiers to find them: about 10 s per mutant on the unit tier, most of it spent loading
 * files none of whose tests run. Stryker's first run (every test, no name filter) lets this sequencer record which
 * file each test lives in (`cacheResults`); a later run with a name filter keeps only the files holding a test
 * whose full name matches it. Whenever it cannot tell (no record yet, or no recorded test matches), every file
 * runs, as without it: a wrong guess could only make a mutant look undetected, never killed.
 */
const { existsSync, readFileSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");
const Sequencer = require("@jest/test-sequencer").default;
const { startRun } = require("./stop-at-first-failure-environment.cjs");

/** Beside the tests in Stryker's sandbox, so that every test-runner process of the run (and only it) reads it. */
const RECORD = join(process.cwd(), ".stryker-test-files.json");

/** The record, read once per test-runner process (it is written once, by Stryker's first run). */
let filesOfTest;
function readRecord() {
    if (!filesOfTest && existsSync(RECORD)) filesOfTest = JSON.parse(readFileSync(RECORD, "utf8"));
    return filesOfTest;
}

class CoveringFilesSequencer extends Sequencer {
    constructor(options) {
        super(options);
        startRun(); // jest makes one sequencer per run
        const pattern = options.globalConfig.testNamePattern;
        // The config's own pattern (every test but a few) is no filter; Stryker's per-mutant ones replace it.
        this.namePattern = pattern === process.env.MUTATION_ALL_TESTS_PATTERN ? undefined : pattern;
    }

    sort(tests) {
        return super.sort(this.namePattern ? this.covering(tests) : tests);
    }

    /** The tests (files) holding a test the name filter asks for; all of them when that is unknown. */
    covering(tests) {
        const filesOf = readRecord();
        if (!filesOf) return tests;
        // Jest matches test names case-insensitively.
        const wanted = new RegExp(this.namePattern, "i");
        const files = new Set(
            Object.entries(filesOf)
                .filter(([name]) => wanted.test(name))
                .flatMap(([, paths]) => paths),
        );
        const picked = tests.filter((t) => files.has(t.path));
        return picked.length > 0 ? picked : tests;
    }

    cacheResults(tests, results) {
        super.cacheResults(tests, results);
        // Only a run of every test knows where every test lives.
        if (this.namePattern) return;
        // Two files can hold tests of the same full name: a name lists every file it occurs in.
        const filesOf = {};
        for (const file of results.testResults) {
            for (const test of file.testResults) {
                const paths = (filesOf[test.fullName] ??= []);
                if (!paths.includes(file.testFilePath)) paths.push(file.testFilePath);
            }
        }
        writeFileSync(RECORD, JSON.stringify(filesOf));
        filesOfTest = filesOf;
    }
}

module.exports = CoveringFilesSequencer;
