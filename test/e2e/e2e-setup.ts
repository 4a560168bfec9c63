/**
 * Whether the e2e tier can run: it needs the Pulumi CLI. Elsewhere it is skipped with a printed reason; under
 * CI=true a missing CLI is a failure.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { startEmulator, type TenantEmulator } from "../../emulator";
import { findPulumi, REPO_ROOT, type PulumiStack } from "../../scripts/lib/pulumi-cli";

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

/** `pulumi-qlik-roles recover <args>` in the stack's program directory, as a user runs it (stdout and stderr). */
export function runRecover(s: PulumiStack, args: string[]): Promise<{ code: number; out: string }> {
    const main = path.join(REPO_ROOT, "dist/provider/cli/main.js");
    return new Promise((resolve) => {
        const child = spawn(process.execPath, [main, "recover", ...args], { cwd: s.programDir, env: s.env });
        let out = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (out += d));
        child.on("exit", (code) => resolve({ code: code ?? 1, out }));
    });
}

/**
 * One tenant emulator for the test file, reset before each test, and the stacks its tests make, disposed with it.
 * @param started receives the emulator once it listens
 */
export function emulatorForFile(started: (emu: TenantEmulator) => void): PulumiStack[] {
    const stacks: PulumiStack[] = [];
    let emu: TenantEmulator | undefined;
    beforeAll(async () => {
        emu = await startEmulator();
        started(emu);
    });
    afterAll(async () => {
        for (const s of stacks) s.dispose();
        await emu?.close();
    });
    beforeEach(() => emu!.reset());
    return stacks;
}
