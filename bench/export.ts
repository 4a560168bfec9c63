/**
 * Benchmark of `pulumi-qlik-roles export` on a large tenant: 1,000 generated users and 200 generated groups (plus
 * the emulator's seed principals), with the emulator's request latency and Qlik's tier limits. Runs the package's
 * command as a user does (a child process, credentials in the environment), counts the requests from the emulator's
 * log, times the run, and proves the output compiles with `tsc --noEmit` in a program directory.
 *
 *     npm run bench:export            # writes bench/results/export.json and export.md
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator } from "../emulator";
import { REPO_ROOT } from "../scripts/lib/repo-root";

const USERS = 1000;
const GROUPS = 200;
const LATENCY_MS = 30;
const RUNS = 3;

function run(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
    return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
        execFile(file, args, { cwd, env, maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) =>
            resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        ),
    );
}

async function main(): Promise<void> {
    const emu = await startEmulator({
        extraUsers: USERS,
        extraGroups: GROUPS,
        latencyMs: LATENCY_MS,
        rateLimits: { tier1PerMinute: 1000, tier2PerMinute: 100 },
    });
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "qlik-export-bench-"));
    const env: NodeJS.ProcessEnv = { ...process.env, QLIK_TENANT_URL: emu.url, QLIK_API_KEY: emu.apiKey };
    for (const key of Object.keys(env)) if (key.startsWith("PULUMI_")) delete env[key];
    const bin = path.join(REPO_ROOT, "dist/provider/cli/main.js");
    try {
        const runs: { ms: number; readsMs: number; requests: number; bytes: number }[] = [];
        let program = "";
        let byPath: Record<string, number> = {};
        let progress = "";
        for (let i = 0; i < RUNS; i++) {
            emu.resetLog();
            const t0 = performance.now();
            const r = await run(process.execPath, [bin, "export"], work, env);
            const ms = performance.now() - t0;
            if (r.code !== 0) throw new Error(`export failed: ${r.stderr}`);
            if (i > 0 && r.stdout !== program) throw new Error("two exports of one tenant differ");
            program = r.stdout;
            progress = r.stderr;
            byPath = {};
            for (const e of emu.requests) {
                const key = `${e.method} ${e.path.replace(/\/users\/[0-9a-f]{24}$/, "/users/{id}")}`;
                byPath[key] = (byPath[key] ?? 0) + 1;
            }
            if (emu.requests.some((e) => e.method !== "GET")) throw new Error("export wrote to the tenant");
            // The tenant's share: from the first request's arrival to the last answer (latency included, process
            // start and module loading not).
            const first = Math.min(...emu.requests.map((e) => e.startedAt));
            const last = Math.max(...emu.requests.map((e) => e.endedAt));
            runs.push({
                ms: Math.round(ms),
                readsMs: Math.round(last - first),
                requests: emu.requests.length,
                bytes: Buffer.byteLength(r.stdout),
            });
        }
        const snapshot = emu.snapshot();
        const principals = {
            users: Object.keys(snapshot.users).length,
            groups: Object.keys(snapshot.groups).length,
        };
        const grants = Number(/(\d+) direct grants/.exec(progress)?.[1] ?? NaN);

        // The output compiles as a user's program: its own directory, the package from node_modules.
        fs.writeFileSync(path.join(work, "index.ts"), program);
        fs.writeFileSync(
            path.join(work, "tsconfig.json"),
            JSON.stringify({
                compilerOptions: {
                    strict: true,
                    target: "ES2022",
                    module: "commonjs",
                    moduleResolution: "node",
                    skipLibCheck: true,
                    types: [],
                },
                files: ["index.ts"],
            }),
        );
        fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(work, "node_modules"), "dir");
        const t0 = performance.now();
        const tsc = await run(
            process.execPath,
            [path.join(REPO_ROOT, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", "."],
            work,
            process.env,
        );
        const tscMs = Math.round(performance.now() - t0);
        if (tsc.code !== 0)
            throw new Error(`the exported program does not compile: ${tsc.stdout}${tsc.stderr}`);

        const ms = runs.map((r) => r.ms).sort((a, b) => a - b);
        const result = {
            tenant: {
                ...principals,
                note: "listed users include the seed's 9 and every generated one; GET /groups hides the Everyone system group",
            },
            latencyMs: LATENCY_MS,
            runs,
            medianMs: ms[Math.floor(ms.length / 2)],
            requests: byPath,
            grants,
            outputBytes: runs[0]!.bytes,
            tscNoEmitMs: tscMs,
            node: process.version,
            // The machine is shared: a high load average stretches process start and module loading most.
            loadAverage1m: Number(os.loadavg()[0]!.toFixed(1)),
            cpus: os.cpus().length,
        };
        fs.mkdirSync(path.join(REPO_ROOT, "bench/results"), { recursive: true });
        fs.writeFileSync(
            path.join(REPO_ROOT, "bench/results/export.json"),
            JSON.stringify(result, null, 4) + "\n",
        );
        const md = [
            "# `pulumi-qlik-roles export` on a large tenant",
            "",
            `Tenant: ${principals.users} users, ${principals.groups} groups (emulator, ${LATENCY_MS} ms per request, Qlik's tier limits).`,
            `The command ran ${RUNS} times as a child process (node ${process.version}); every run printed the same bytes.`,
            "",
            "| Measure | Value |",
            "|---|---|",
            `| Time (median of ${RUNS}, process start to exit) | ${result.medianMs} ms (runs: ${ms.join(", ")} ms) |`,
            `| Reading the tenant (first request to last answer, median) | ${[...runs.map((r) => r.readsMs)].sort((a, b) => a - b)[Math.floor(RUNS / 2)]} ms |`,
            `| Machine load (1-minute average, ${result.cpus} CPUs) | ${result.loadAverage1m} |`,
            `| Requests per run | ${runs[0]!.requests}, all GET: ${Object.entries(byPath)
                .map(([k, v]) => `${v} × \`${k}\``)
                .join(", ")} |`,
            `| Pages | users ${byPath["GET /api/v1/users"] ?? 0}, groups ${byPath["GET /api/v1/groups"] ?? 0} (100 per page, Qlik's maximum) |`,
            `| Grants exported | ${grants} |`,
            `| Program size | ${runs[0]!.bytes} bytes |`,
            `| \`tsc --noEmit\` of the program | passes, ${tscMs} ms |`,
            "",
        ].join("\n");
        fs.writeFileSync(path.join(REPO_ROOT, "bench/results/export.md"), md);
        process.stdout.write(md);
    } finally {
        await emu.close();
        fs.rmSync(work, { recursive: true, force: true });
    }
}

main().catch((err) => {
    process.stderr.write(`bench:export: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
});
