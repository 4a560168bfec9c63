/**
 * A bad command-line flag or bad internal options are the caller's mistake, not a failure talking to Qlik: they
 * throw a plain UsageError (no Qlik code), and the command line still prints its one line and exits 1.
 */
import { UsageError, isQlikError } from "../../provider/client";
import { main } from "../../provider/cli/main";
import { noSuchGroup, noSuchUser } from "../../provider/cli/export-grants";
import { parseExportArgs } from "../../provider/cli/export";
import { resolveTuning, tuningFromEnv } from "../../provider/runtime/config/tuning";

function thrown(fn: () => unknown): unknown {
    try {
        fn();
    } catch (err) {
        return err;
    }
    throw new Error("did not throw");
}

describe("usage errors", () => {
    it.each([
        ["a bad export flag", () => parseExportArgs(["--format", "yaml"])],
        ["an unknown export flag", () => parseExportArgs(["--api-key", "k"])],
        ["exclusive export flags", () => parseExportArgs(["--users-only", "--groups-only"])],
        ["bad QLIK_ROLES_TUNING JSON", () => tuningFromEnv({ QLIK_ROLES_TUNING: "{not json" })],
        ["an unknown tuning option", () => resolveTuning({ batchWindow: 1 })],
        ["a tuning value out of range", () => resolveTuning({ verifyRounds: 0 })],
    ])("%s is a UsageError, not a QlikError", (_, fn) => {
        const err = thrown(fn);
        expect(err).toBeInstanceOf(UsageError);
        expect((err as Error).name).toBe("UsageError");
        expect(isQlikError(err)).toBe(false);
    });

    it("an export filter that names nobody is a usage error too", () => {
        for (const err of [noSuchUser("x"), noSuchGroup("x")]) {
            expect(err).toBeInstanceOf(UsageError);
            expect(isQlikError(err)).toBe(false);
        }
    });

    it("keeps its message on one line", () => {
        expect(() => resolveTuning({ "a\nb": 1 })).toThrow(/^tuning: unknown option "a b"; the options are /);
    });

    it("the command line prints the same one line and exits 1", async () => {
        const stderr = jest.spyOn(process.stderr, "write").mockReturnValue(true);
        try {
            expect(await main(["export", "--format", "yaml"])).toBe(1);
            expect(stderr.mock.calls).toEqual([
                ['pulumi-qlik-roles export: --format must be ts or json; got "yaml"\n'],
            ]);
        } finally {
            stderr.mockRestore();
        }
    });
});
