/**
 * Whether the e2e tier can run: it needs the Pulumi CLI. Elsewhere it is skipped with a printed reason; under
 * CI=true a missing CLI is a failure.
 */
import { findPulumi } from "../../scripts/lib/pulumi-cli";

export const cli = findPulumi();

/** `describe` when the CLI exists; otherwise a skipped describe (and a printed reason), or a failure in CI. */
export function describeWithCli(name: string, fn: () => void): void {
    if (cli.ok) return describe(name, fn);
    if (process.env.CI === "true") {
        describe(name, () => {
            it("needs the Pulumi CLI (CI=true makes a missing CLI a failure)", () => {
                throw new Error(cli.reason);
            });
        });
        return;
    }
    console.warn(`e2e skipped: ${cli.reason}`);
    const skip = describe.skip;
    skip(name, fn);
}
