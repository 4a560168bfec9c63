/**
 * The one classification of failures: which codes say nothing about a particular change (a merged batch is not
 * replayed change by change), and which mean no write of ours can have landed (state is not re-read).
 */
import { QlikError, type QlikErrorCode } from "../../provider/client";
import { isTransient, nothingWritten } from "../../provider/client/failure-kinds";

const error = (code: QlikErrorCode) => new QlikError(code, "x");

describe("failure kinds", () => {
    it.each<[QlikErrorCode, boolean, boolean]>([
        ["QLIK_NETWORK_ERROR", true, false],
        ["QLIK_TIMEOUT", true, false],
        ["QLIK_SERVER_ERROR", true, false],
        ["QLIK_RATE_LIMITED", true, false],
        ["QLIK_UNAUTHORIZED", true, false],
        ["QLIK_CONFLICT", true, false],
        ["QLIK_CONFIG", true, true],
        ["QLIK_INVALID_INPUT", false, true],
        ["QLIK_BAD_REQUEST", false, true],
        ["QLIK_FORBIDDEN", false, true],
        ["QLIK_NOT_FOUND", false, true],
        ["QLIK_PARTIAL_FAILURE", false, false],
        ["QLIK_INVALID_RESPONSE", false, false],
        ["QLIK_UNEXPECTED_STATUS", false, false],
    ])("%s: transient %s, nothing written %s", (code, transient, none) => {
        expect(isTransient(error(code))).toBe(transient);
        expect(nothingWritten(error(code))).toBe(none);
    });

    it("an error that is not ours, or a code this copy does not know, is neither", () => {
        for (const err of [new Error("bug"), undefined, "QLIK_TIMEOUT", { code: "QLIK_FROM_A_NEWER_COPY" }]) {
            expect(isTransient(err)).toBe(false);
            expect(nothingWritten(err)).toBe(false);
        }
    });
});
