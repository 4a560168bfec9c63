/**
 * `npm run emulator`'s command line, run as a user runs it (a separate process): `--help` prints the usage and
 * exits, an unknown option fails in one line, and neither starts the emulator.
 */
import { execFile } from "node:child_process";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..");

function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
        execFile(
            path.join(ROOT, "node_modules", ".bin", "ts-node-transpile-only"),
            [path.join(ROOT, "emulator", "cli.ts"), ...args],
            // A port taken by nothing else; if the emulator started anyway, the timeout ends it.
            { cwd: ROOT, timeout: 20_000, env: { ...process.env, QLIK_EMULATOR_PORT: "0" } },
            (err, stdout, stderr) =>
                resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
    });
}

describe("npm run emulator's options", () => {
    it("--help prints the usage with the settings it reads and exits 0 without starting", async () => {
        const res = await runCli(["--help"]);
        expect(res.code).toBe(0);
        expect(res.stdout).toMatch(/^Usage: npm run emulator/);
        for (const name of [
            "--help",
            "QLIK_EMULATOR_PORT",
            "QLIK_EMULATOR_LATENCY_MS",
            "QLIK_EMULATOR_VARIANTS",
        ])
            expect(res.stdout).toContain(name);
        expect(res.stdout).not.toContain("listening");
    }, 30_000);

    it("an unknown option fails in one line without starting", async () => {
        const res = await runCli(["--port", "9000"]);
        expect(res.code).toBe(2);
        expect(res.stderr).toBe(
            'emulator: unknown option "--port"; it takes only --help (settings come from QLIK_EMULATOR_* variables)\n',
        );
        expect(res.stdout).not.toContain("listening");
    }, 30_000);
});
