/**
 * A failing lookup ends the program with a `RunError` that carries no stack frames: Pulumi shows only its message,
 * and rendering the frames (Pulumi's runner does, with colors) loops for about 20 s in Node.js when one of them
 * lies in `node_modules/@pulumi/output.ts`, as ts-node maps them (README, Limitations). The lookups on the CLI:
 * test/e2e/lookup-failures.e2e.test.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { inspect } from "node:util";
import { lookupFailure } from "../../provider/lookups/client";

describe("a failing lookup's error", () => {
    it("is a RunError with its message and no stack frames", () => {
        const message = 'getUser(subject "nobody"): no user with subject "nobody" exists in the tenant';
        const err = lookupFailure(message);
        expect(pulumi.RunError.isInstance(err)).toBe(true);
        expect(err.message).toBe(message);
        expect(err.stack).toBe(`Error: ${message}`);
    });

    it("renders at once with colors, where a frame inside @pulumi/pulumi as ts-node maps it would not", () => {
        const err = lookupFailure("getRoles(): boom");
        const started = Date.now();
        expect(inspect(err, { colors: true })).toContain("getRoles(): boom");
        expect(Date.now() - started).toBeLessThan(1000);
    });
});
