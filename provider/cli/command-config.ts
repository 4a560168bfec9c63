/**
 * The provider configuration for a command run in a user's shell (`pulumi-qlik-roles export`, `recover`, `report`):
 * the selected (or named) stack's `qlik:*` config when run inside a Pulumi project, else the environment, with the same rules and
 * messages as the provider (stack config wins; `loadConfig` validates). Credentials are never taken from the
 * command line, where they would land in shell history and process lists.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { loadConfig, type ConfigSource, type ProviderConfig } from "../runtime/config/config";

/** Bound on the stderr a failed Pulumi command contributes to our one-line error. */
const MAX_ERROR_CHARS = 2000;

/** The directory holding `Pulumi.yaml` (or `Pulumi.yml`) at or above `dir`, if any. */
export function findPulumiProject(dir: string): string | undefined {
    for (let d = path.resolve(dir); ; d = path.dirname(d)) {
        if (fs.existsSync(path.join(d, "Pulumi.yaml")) || fs.existsSync(path.join(d, "Pulumi.yml"))) return d;
        if (d === path.dirname(d)) return undefined;
    }
}

/**
 * Runs the Pulumi CLI and resolves to its stdout; rejects with what it printed on stderr, on one line (Pulumi's
 * "2 errors occurred:" is only useful with the errors that follow it), bounded in length.
 */
export function runPulumi(
    args: string[],
    cwd: string,
    env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
    return new Promise((resolve, reject) => {
        execFile("pulumi", args, { cwd, env, maxBuffer: 512 * 1024 * 1024 }, (err, stdout, stderr) => {
            if (!err) return resolve(stdout);
            const lines = String(stderr)
                .split("\n")
                .map((l) => l.trim().replace(/^error:\s*/, ""))
                .filter((l) => l !== "");
            let why = lines.length > 0 ? lines.join(" ") : err.message;
            if (why.length > MAX_ERROR_CHARS)
                why = `${why.slice(0, MAX_ERROR_CHARS)}… (run it yourself to see the rest)`;
            reject(new Error(`\`pulumi ${args.join(" ")}\` failed: ${why}`));
        });
    });
}

/** A stack's config, and which keys it holds as secrets it did not decrypt. */
export type StackConfig = ConfigSource & { hidden(key: string): boolean };

/**
 * A stack's config (`pulumi config [--stack <name>] --json --show-secrets`: secrets decrypted in memory, never
 * printed): the stack named, else the selected one; undefined outside a Pulumi project. `secrets: false` leaves
 * secrets encrypted (no `--show-secrets`), for a stack whose credentials are not used.
 */
export async function stackConfigSource(
    cwd: string,
    env: NodeJS.ProcessEnv = process.env,
    stack?: string,
    secrets = true,
): Promise<StackConfig | undefined> {
    const project = findPulumiProject(cwd);
    if (!project) return undefined;
    const args = [
        "config",
        ...(stack ? ["--stack", stack] : []),
        "--json",
        ...(secrets ? ["--show-secrets"] : []),
    ];
    const text = await runPulumi(args, project, env);
    const entries = JSON.parse(text) as Record<string, { value?: unknown; secret?: unknown }>;
    return {
        get: (key) => {
            const value = entries[key]?.value;
            return typeof value === "string" ? value : undefined;
        },
        hidden: (key) => entries[key]?.secret === true && entries[key]?.value === undefined,
    };
}

/** Where a command writes (its result to stdout, progress and notes to stderr) and the directory and environment it runs in. */
export interface CommandIo {
    stdout: (text: string) => void;
    stderr: (text: string) => void;
    cwd: string;
    env: NodeJS.ProcessEnv;
}

/**
 * The configuration a command uses: the `qlik:*` config of the stack named (else the selected stack's) inside a
 * Pulumi project, else the environment; the stack's config wins over the environment, as for the provider. A
 * project with no stack selected has no stack config to read: when QLIK_TENANT_URL is set, the environment is used,
 * as outside a project; else Pulumi's own line (select a stack) stands.
 */
export async function commandConfig(
    cwd: string = process.cwd(),
    env: NodeJS.ProcessEnv = process.env,
    stack?: string,
): Promise<ProviderConfig> {
    const source = await stackConfigSource(cwd, env, stack).catch((err: Error) => {
        if (!stack && /no stack selected/i.test(err.message) && (env.QLIK_TENANT_URL ?? "").trim() !== "")
            return undefined;
        throw err;
    });
    return loadConfig(source, env);
}
