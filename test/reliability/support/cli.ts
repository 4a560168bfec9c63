/**
 * The reliability tests' use of the real Pulumi CLI: stacks of the plain-JavaScript program in ../program, with
 * all their config set in one command, and helpers to read what a command reported.
 */
import * as path from "node:path";
import type { TenantEmulator } from "../../../emulator";
import { PulumiStack, type CommandResult } from "../../../scripts/lib/pulumi-cli";
import type { StateResource } from "./scenario";

export const PROGRAM_DIR = path.join(__dirname, "..", "program");

export interface CliStackOptions {
    assignments: object[];
    credentials?: "apiKey" | "oauth" | "nonAdmin" | "none";
    /** Extra plain config (`qlik:*` knobs); a value of `null` leaves the key unset. */
    config?: Record<string, string | null>;
    env?: Record<string, string>;
}

/** A stack of the reliability program against `emu`, configured with one `pulumi config set-all`. */
export async function cliStack(emu: TenantEmulator, o: CliStackOptions): Promise<PulumiStack> {
    const stack = await PulumiStack.create({ programDir: PROGRAM_DIR, ...(o.env ? { env: o.env } : {}) });
    const plain: Record<string, string | null> = {
        "qlik:tenantUrl": emu.url,
        assignments: JSON.stringify(o.assignments),
        ...o.config,
    };
    const secret: Record<string, string> = {};
    const credentials = o.credentials ?? "apiKey";
    if (credentials === "apiKey") secret["qlik:apiKey"] = emu.apiKey;
    if (credentials === "nonAdmin") secret["qlik:apiKey"] = emu.nonAdminApiKey;
    if (credentials === "oauth") {
        plain["qlik:clientId"] = emu.oauthClient.clientId;
        secret["qlik:clientSecret"] = emu.oauthClient.clientSecret;
    }
    const args = ["config", "set-all"];
    for (const [k, v] of Object.entries(plain)) if (v !== null) args.push("--plaintext", `${k}=${v}`);
    for (const [k, v] of Object.entries(secret)) args.push("--secret", `${k}=${v}`);
    await stack.run(args, { check: true, redact: Object.values(secret) });
    return stack;
}

/**
 * The `error:` lines a command printed (Pulumi's own summary lines left out), in order. Where Pulumi lists reasons
 * under an `error: N error(s) occurred:` header (a resource that failed to initialize), the header and its `* `
 * bullets are joined with " ⏎ " so the table shows what the user saw.
 */
export function errorLines(r: CommandResult): string[] {
    const lines = (r.stdout + "\n" + r.stderr).split("\n").map((l) => l.trim());
    const bullets = (i: number) => {
        const out: string[] = [];
        for (let j = i + 1; j < lines.length && lines[j]!.startsWith("* "); j++) out.push(lines[j]!);
        return out;
    };
    return lines
        .map((l, i) =>
            l.startsWith("error: Running program") ? `${l} ${lines.slice(i + 1, i + 4).join(" ")}` : l,
        )
        .map((l, i) => (/^error: \d+ errors? occurred:$/.test(l) ? [l, ...bullets(i)].join(" ⏎ ") : l))
        .filter((l) => l.startsWith("error: "))
        .map((l) => l.slice("error: ".length))
        .filter(
            (l) =>
                !/^update failed$|^preview failed$|^an unhandled error occurred|^one or more errors occurred/i.test(
                    l,
                ),
        )
        .filter((l, i, all) => all.indexOf(l) === i);
}

/** Our resources from `pulumi stack export`, as the invariants take them. */
export async function stateResources(stack: PulumiStack): Promise<StateResource[]> {
    return (await stack.resources()).map((r) => ({
        kind: r.type.endsWith(":UserRoleAssignment") ? "user" : "group",
        outs: r.outputs,
    }));
}
