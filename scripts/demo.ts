/**
 * `npm run demo`: the quickstart on the real Pulumi CLI against the tenant emulator, end to end.
 *
 * Starts the emulator, runs examples/quickstart on a throwaway local backend (preview, up, destroy) and shows who
 * holds which role before, during and after. Builds the Pulumi CLI from Go modules first if it is missing (once;
 * cached outside the repository). Leaves nothing running and never touches ~/.pulumi.
 */
import * as path from "node:path";
import { startEmulator, type TenantEmulator } from "../emulator";
import { ensurePulumiOnPath, findPulumi, PulumiStack, REPO_ROOT } from "./lib/pulumi-cli";

const PRINCIPALS = [
    { label: "user user1234", roles: (e: TenantEmulator) => e.userRoles("user1234") },
    { label: "group My Group", roles: (e: TenantEmulator) => e.groupRoles("My Group") },
];

function table(title: string, emu: TenantEmulator, previous?: Map<string, string[]>): Map<string, string[]> {
    const now = new Map(PRINCIPALS.map((p) => [p.label, p.roles(emu)]));
    console.log(`\n${title}`);
    const width = Math.max(...PRINCIPALS.map((p) => p.label.length));
    for (const [label, roles] of now) {
        const before = previous?.get(label) ?? roles;
        const shown = [...new Set([...before, ...roles])]
            .sort()
            .map((r) => (!before.includes(r) ? `+${r}` : !roles.includes(r) ? `-${r}` : r));
        console.log(`  ${label.padEnd(width)}  ${shown.join(", ")}`);
    }
    return now;
}

function show(title: string, output: { stdout: string; stderr: string }): void {
    console.log(`\n$ ${title}`);
    console.log(
        (output.stdout + output.stderr)
            .split("\n")
            .filter((l) => l.trim() !== "")
            .map((l) => `  ${l}`)
            .join("\n"),
    );
}

async function main(): Promise<void> {
    const started = Date.now();
    if (!findPulumi().ok) {
        console.log(
            "The Pulumi CLI is not on PATH: using the cached build, or building it from Go modules once (a few minutes)...",
        );
    }
    ensurePulumiOnPath();
    const emu = await startEmulator({ latencyMs: 20 });
    let stack: PulumiStack | undefined;
    try {
        console.log(
            `Tenant emulator at ${emu.url} (seeded with the Qlik "Manage roles" guide's user and group)`,
        );
        stack = await PulumiStack.create({
            programDir: path.join(REPO_ROOT, "examples/quickstart"),
            config: { "qlik:tenantUrl": emu.url, "qlik:apiKey": { value: emu.apiKey, secret: true } },
            stackName: "demo",
        });
        let roles = table("Before:", emu);

        show("pulumi preview", await stack.run(["preview", "--diff"], { check: true }));
        console.log(
            `  (requests to the tenant during preview: ${emu.requests.filter((r) => r.method === "PATCH").length} writes, ${emu.requests.length} reads)`,
        );

        emu.resetLog();
        show("pulumi up", await stack.up());
        const patches = emu.requests.filter((r) => r.method === "PATCH");
        for (const p of patches) {
            const names = (p.body as { value: { name: string }[] }[])[0]!.value.map((v) => v.name);
            console.log(
                `  tenant saw: PATCH ${p.path} replace /assignedRoles = [${names.join(", ")}] -> ${p.status}`,
            );
        }
        roles = table("After pulumi up:", emu, roles);

        emu.resetLog();
        show("pulumi destroy", await stack.destroy());
        table("After pulumi destroy:", emu, roles);
        const restored = JSON.stringify(emu.snapshot()) === JSON.stringify(emu.seedSnapshot());
        console.log(
            `\nTenant back to its seed state: ${restored ? "yes" : "NO"}. Demo took ${((Date.now() - started) / 1000).toFixed(1)} s.`,
        );
        if (!restored) process.exitCode = 1;
    } finally {
        stack?.dispose();
        await emu.close();
    }
}

main().catch((err) => {
    console.error(`demo failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
});
