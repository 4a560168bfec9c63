/**
 * Jest's test environment for mutation runs: once a test has failed, the tests after it in the same run are
 * skipped.
 *
 * Stryker needs one failing test to call a mutant killed, but jest, driven by Stryker, runs every covering test of
 * the mutant anyway (its `bail` counts failed files, not tests). In code every integration test passes through,
 * that is dozens of tests that wait on real batch windows after the verdict is known. Skipping only ever happens
 * after a failure, so a mutant no test notices runs every covering test exactly as before: this can make a killed
 * mutant cheaper, never a surviving one look killed.
 *
 * The "a test failed" mark lives on the runner process's global, shared with the covering-files sequencer, which
 * clears it when jest starts the next run (one run per mutant; Stryker runs jest in band).
 */
const { TestEnvironment } = require("jest-environment-node");

const FAILED = Symbol.for("qlik-roles.mutation.test-failed");

class StopAtFirstFailureEnvironment extends TestEnvironment {
    async handleTestEvent(event) {
        if (event.name === "test_fn_failure" || event.name === "hook_failure") globalThis[FAILED] = true;
        // Jest decides whether to skip a test right after announcing its start.
        else if (event.name === "test_start" && globalThis[FAILED]) event.test.mode = "skip";
    }
}

/** Called when jest starts a run (by the covering-files sequencer): no test of it has failed yet. */
StopAtFirstFailureEnvironment.startRun = () => {
    globalThis[FAILED] = false;
};
module.exports = StopAtFirstFailureEnvironment;
