/**
 * Drives the real Pulumi CLI on a throwaway local file backend (never ~/.pulumi), for the e2e tier, the demo and
 * the benchmarks. The CLI comes from PATH: `.ci/run` and `npm run demo` put it there (scripts/ensure-pulumi-cli.sh).
 */
import { execFile, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "./repo-root";

export { REPO_ROOT };

/** The CLI on PATH, or why there is none. */
export function findPulumi(): { ok: true; version: string } | { ok: false; reason: string } {
    try {
        const version = execFileSync("pulumi", ["version"], {
            encoding: "utf8",
            env: {
                ...process.env,
                PULUMI_SKIP_UPDATE_CHECK: "true",
                PULUMI_HOME: fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-home-")),
            },
        }).trim();
        execFileSync("pulumi-language-nodejs", ["--help"], { stdio: "ignore" });
        return { ok: true, version };
    } catch (err) {
        return {
            ok: false,
            reason: `no Pulumi CLI on PATH (${(err as Error).message.split("\n")[0]}); run \`eval "$(scripts/ensure-pulumi-cli.sh)"\` first`,
        };
    }
}

/**
 * Puts the Pulumi CLI on this process's PATH: the one already there, else the cached build, else a build from Go
 * modules (scripts/ensure-pulumi-cli.sh; minutes, once). Returns its version; throws with what to install.
 */
export function ensurePulumiOnPath(): string {
    const found = findPulumi();
    if (found.ok) return found.version;
    process.env.PATH = execFileSync(
        "bash",
        ["-c", 'env_out="$(scripts/ensure-pulumi-cli.sh)" && eval "$env_out" && printf %s "$PATH"'],
        { cwd: REPO_ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
    );
    const again = findPulumi();
    if (!again.ok) throw new Error(again.reason);
    return again.version;
}

export interface CommandResult {
    code: number;
    stdout: string;
    stderr: string;
}

export interface StackOptions {
    /** Directory of the Pulumi program (with Pulumi.yaml); copied into the stack's temp dir. */
    programDir: string;
    /**
     * How the copy finds its packages: "link" (default) symlinks the repository's node_modules, as the repo's
     * examples run; "installed" builds a node_modules where pulumi-qlik-roles is a real copy of the packed files,
     * as in a user's project (and as an upgrade replaces it); "none" leaves the copy without node_modules, for the
     * caller to install packages into `programDir` itself (as a user runs `npm install`).
     */
    packages?: "link" | "installed" | "none";
    /** Stack config; keys with `secret: true` are stored encrypted. */
    config?: Record<string, string | { value: string; secret: true }>;
    /** Extra environment for every command. */
    env?: Record<string, string>;
    stackName?: string;
}

/** One stack on its own temporary backend. Call `dispose()` to remove it. */
export class PulumiStack {
    readonly dir: string;
    /** The program's copy: Pulumi writes Pulumi.<stack>.yaml here, never into the repository. */
    readonly programDir: string;
    readonly stackName: string;
    readonly env: Record<string, string>;
    /** Every command run, with its output, for diagnosis. */
    readonly transcript: string[] = [];

    private constructor(options: StackOptions) {
        this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "qlik-roles-stack-"));
        fs.mkdirSync(path.join(this.dir, "state"));
        fs.mkdirSync(path.join(this.dir, "home"));
        this.programDir = path.join(this.dir, "program");
        copyProgram(options.programDir, this.programDir);
        if (options.packages === "installed") installedPackages(this.programDir);
        else if (options.packages !== "none")
            fs.symlinkSync(
                path.join(REPO_ROOT, "node_modules"),
                path.join(this.programDir, "node_modules"),
                "dir",
            );
        this.stackName = options.stackName ?? "e2e";
        const base: Record<string, string> = {};
        for (const [k, v] of Object.entries(process.env))
            if (v !== undefined && !k.startsWith("QLIK_") && !k.startsWith("PULUMI_")) base[k] = v;
        this.env = {
            ...base,
            PULUMI_HOME: path.join(this.dir, "home"),
            PULUMI_BACKEND_URL: `file://${path.join(this.dir, "state")}`,
            PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
            ...options.env,
        };
    }

    static async create(options: StackOptions): Promise<PulumiStack> {
        const stack = new PulumiStack(options);
        await stack.run(["stack", "init"], { check: true });
        for (const [key, value] of Object.entries(options.config ?? {})) await stack.setConfig(key, value);
        return stack;
    }

    async setConfig(key: string, value: string | { value: string; secret: true }): Promise<void> {
        const secret = typeof value === "object";
        const args = [
            "config",
            "set",
            key,
            ...(secret ? ["--secret"] : ["--plaintext"]),
            "--",
            secret ? value.value : value,
        ];
        await this.run(args, { check: true, redact: secret ? [value.value] : [] });
    }

    /** Runs `pulumi <args>` in the program directory on this stack. */
    run(
        args: string[],
        options: { check?: boolean; redact?: string[]; timeoutMs?: number } = {},
    ): Promise<CommandResult> {
        // Flags go before a `--` (after it everything is a value).
        const flags = ["--stack", this.stackName, "--non-interactive", "--cwd", this.programDir];
        const dashes = args.indexOf("--");
        const full =
            dashes === -1 ? [...args, ...flags] : [...args.slice(0, dashes), ...flags, ...args.slice(dashes)];
        return new Promise((resolve, reject) => {
            execFile(
                "pulumi",
                full,
                { env: this.env, maxBuffer: 64 * 1024 * 1024, timeout: options.timeoutMs ?? 300_000 },
                (err, stdout, stderr) => {
                    const code = err
                        ? typeof (err as { code?: unknown }).code === "number"
                            ? (err as { code: number }).code
                            : 1
                        : 0;
                    let shown = `$ pulumi ${full.join(" ")}\n${stdout}${stderr}\n[exit ${code}]`;
                    for (const secret of options.redact ?? []) shown = shown.split(secret).join("[secret]");
                    this.transcript.push(shown);
                    const result = { code, stdout, stderr };
                    if (options.check && code !== 0)
                        reject(new Error(`pulumi ${args.join(" ")} failed (${code}):\n${stdout}\n${stderr}`));
                    else resolve(result);
                },
            );
        });
    }

    up(extra: string[] = []) {
        return this.run(["up", "--yes", "--skip-preview", ...extra], { check: true });
    }
    preview(extra: string[] = []) {
        return this.run(["preview", ...extra]);
    }
    refresh() {
        return this.run(["refresh", "--yes", "--skip-preview"], { check: true });
    }
    destroy() {
        return this.run(["destroy", "--yes", "--skip-preview"], { check: true });
    }

    /** `pulumi preview --json`, parsed. */
    async previewJson(): Promise<{
        code: number;
        steps: { op: string; urn: string }[];
        changeSummary: Record<string, number>;
        diagnostics: { message: string; severity: string }[];
    }> {
        const r = await this.preview(["--json"]);
        const parsed = JSON.parse(r.stdout);
        return {
            code: r.code,
            steps: parsed.steps ?? [],
            changeSummary: parsed.changeSummary ?? {},
            diagnostics: parsed.diagnostics ?? [],
        };
    }

    /** `pulumi stack export` as text (the deployment, secrets encrypted as stored). */
    async exportState(): Promise<string> {
        return (await this.run(["stack", "export"], { check: true })).stdout;
    }

    /** The stack's resources of our types, from the exported state. */
    async resources(): Promise<
        { urn: string; type: string; id: string; outputs: Record<string, unknown> }[]
    > {
        const state = JSON.parse(await this.exportState());
        return (state.deployment.resources ?? []).filter((r: { type: string }) =>
            r.type.startsWith("pulumi-nodejs:dynamic/qlik:"),
        );
    }

    dispose(): void {
        fs.rmSync(this.dir, { recursive: true, force: true });
    }
}

/** Copies a program's own files (not node_modules, not stack files) into `to`. */
function copyProgram(from: string, to: string): void {
    fs.cpSync(from, to, {
        recursive: true,
        filter: (src) => {
            if (path.relative(from, src).split(path.sep).includes("node_modules")) return false;
            const base = path.basename(src);
            return base === "Pulumi.yaml" || !(base.startsWith("Pulumi.") && base.endsWith(".yaml"));
        },
    });
}

/**
 * A node_modules like a user's project: every dependency linked from the repository, and pulumi-qlik-roles as a
 * real copy of the files the package publishes (package.json `files`), so it can be changed to simulate an upgrade.
 */
function installedPackages(programDir: string): void {
    const modules = path.join(programDir, "node_modules");
    fs.mkdirSync(modules);
    const repoModules = path.join(REPO_ROOT, "node_modules");
    for (const entry of fs.readdirSync(repoModules)) {
        if (entry === "pulumi-qlik-roles" || entry === ".bin" || entry.startsWith(".")) continue;
        fs.symlinkSync(path.join(repoModules, entry), path.join(modules, entry), "dir");
    }
    const pkgDir = path.join(modules, "pulumi-qlik-roles");
    fs.mkdirSync(pkgDir);
    fs.copyFileSync(path.join(REPO_ROOT, "package.json"), path.join(pkgDir, "package.json"));
    fs.cpSync(path.join(REPO_ROOT, "dist", "provider"), path.join(pkgDir, "dist", "provider"), {
        recursive: true,
    });
}
