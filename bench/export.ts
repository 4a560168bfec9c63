/**
 * Benchmark of `pulumi-qlik-roles export` and of a report-style read (every user and group with its roles, streamed
 * as CSV: bench/report-read.ts) on a tenant of 50,000 generated users and 5,000 generated groups (plus the emulator's
 * seed principals), at Qlik's Tier 1 limit and 30 ms per request. Each runs once per way Qlik may write its `next`
 * links: with every parameter (pages of 100), and with only the cursor (the "20 a page" variant: a client that
 * followed those links as they are would get Qlik's default of 20 items a page).
 *
 * Each run is a child process, as a user runs it, credentials in the environment; requests and their statuses come
 * from the emulator's log, the child's peak RSS from `/usr/bin/time`. Targets: requests at most
 * ceil(users/100) + ceil(groups/100) + 3, peak RSS under 300 MB, no failure and no 429. Exits non-zero when one is
 * missed.
 *
 *     npm run bench:export            # writes bench/results/export.json and export.md
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type TenantEmulator } from "../emulator";
import { REPO_ROOT } from "../scripts/lib/repo-root";

const USERS = Number(process.env["BENCH_EXPORT_USERS"] ?? 50_000);
const GROUPS = Number(process.env["BENCH_EXPORT_GROUPS"] ?? 5_000);
const LATENCY_MS = 30;
/** Qlik's Tier 1 (reads) and Tier 2 (writes) limits per user, per minute, over a 5-minute window. */
const TIER_LIMITS = { tier1PerMinute: 1000, tier2PerMinute: 100 };
const MAX_RSS_MB = 300;

const VARIANTS = [
    { name: "pages of 100", nextLinks: "full" },
    { name: "next links with the cursor only", nextLinks: "cursor" },
] as const;
const WORKLOADS = [
    { name: "export", script: "dist/provider/cli/main.js", args: ["export"] },
    { name: "report (users and groups with roles, CSV)", script: "dist/bench/report-read.js", args: [] },
] as const;

interface Run {
    variant: string;
    workload: string;
    seconds: number;
    requests: number;
    limit: number;
    failures: number;
    tooMany: number;
    peakRssMb: number;
    outputBytes: number;
    byPath: Record<string, number>;
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv) {
    return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
        execFile(
            file,
            args,
            { cwd: os.tmpdir(), env, maxBuffer: 1024 * 1024 * 1024 },
            (err, stdout, stderr) =>
                resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        ),
    );
}

async function measure(emu: TenantEmulator, variant: string, workload: (typeof WORKLOADS)[number]) {
    const env: NodeJS.ProcessEnv = {
        PATH: process.env["PATH"],
        QLIK_TENANT_URL: emu.url,
        QLIK_API_KEY: emu.apiKey,
    };
    const timeFile = path.join(os.tmpdir(), `bench-export-time-${process.pid}`);
    emu.resetLog();
    const t0 = performance.now();
    const r = await run(
        "/usr/bin/time",
        [
            "-f",
            "%M",
            "-o",
            timeFile,
            process.execPath,
            path.join(REPO_ROOT, workload.script),
            ...workload.args,
        ],
        env,
    );
    const seconds = (performance.now() - t0) / 1000;
    if (r.code !== 0) throw new Error(`${workload.name} (${variant}) failed: ${r.stderr.trim()}`);
    if (emu.requests.some((e) => e.method !== "GET")) throw new Error(`${workload.name} wrote to the tenant`);
    const peakRssMb = Number(fs.readFileSync(timeFile, "utf8").trim().split("\n").pop()) / 1024;
    fs.rmSync(timeFile, { force: true });
    const byPath: Record<string, number> = {};
    for (const e of emu.requests) {
        const key = `${e.method} ${e.path.replace(/\/users\/[0-9a-f]{24}$/, "/users/{id}")}`;
        byPath[key] = (byPath[key] ?? 0) + 1;
    }
    const snapshot = emu.snapshot();
    const users = Object.keys(snapshot.users).length;
    // GET /groups hides the system group Everyone.
    const groups = Object.keys(snapshot.groups).length - 1;
    const result: Run = {
        variant,
        workload: workload.name,
        seconds: Number(seconds.toFixed(1)),
        requests: emu.requests.length,
        limit: Math.ceil(users / 100) + Math.ceil(groups / 100) + 3,
        failures: emu.requests.filter((e) => e.status >= 400 && e.status !== 429).length,
        tooMany: emu.requests.filter((e) => e.status === 429).length,
        peakRssMb: Number(peakRssMb.toFixed(0)),
        outputBytes: Buffer.byteLength(r.stdout),
        byPath,
    };
    return { result, stdout: r.stdout.replaceAll(emu.url, "<tenant>") };
}

async function main(): Promise<void> {
    const runs: Run[] = [];
    const outputs = new Map<string, string>();
    let tenant = { users: 0, groups: 0 };
    for (const variant of VARIANTS) {
        const emu = await startEmulator({
            extraUsers: USERS,
            extraGroups: GROUPS,
            latencyMs: LATENCY_MS,
            rateLimits: TIER_LIMITS,
            tenantRateLimits: TIER_LIMITS,
            variants: { nextLinks: variant.nextLinks },
        });
        try {
            const snapshot = emu.snapshot();
            tenant = {
                users: Object.keys(snapshot.users).length,
                groups: Object.keys(snapshot.groups).length - 1,
            };
            for (const workload of WORKLOADS) {
                const { result, stdout } = await measure(emu, variant.name, workload);
                runs.push(result);
                process.stderr.write(`bench:export: ${JSON.stringify(result)}\n`);
                const earlier = outputs.get(workload.name);
                if (earlier !== undefined && earlier !== stdout)
                    throw new Error(
                        `${workload.name} printed different bytes for the two kinds of next links`,
                    );
                outputs.set(workload.name, stdout);
            }
        } finally {
            await emu.close();
        }
    }

    const missed = runs.flatMap((r) => [
        ...(r.requests > r.limit
            ? [`${r.workload} (${r.variant}): ${r.requests} requests > ${r.limit}`]
            : []),
        ...(r.peakRssMb >= MAX_RSS_MB ? [`${r.workload} (${r.variant}): peak RSS ${r.peakRssMb} MB`] : []),
        ...(r.failures + r.tooMany > 0
            ? [`${r.workload} (${r.variant}): ${r.failures} failures, ${r.tooMany} 429s`]
            : []),
    ]);
    const result = {
        tenant: {
            ...tenant,
            note: "users include the seed's 9; groups are those GET /groups lists (Everyone is hidden)",
        },
        latencyMs: LATENCY_MS,
        rateLimits: { ...TIER_LIMITS, perUserAndTenantWide: true },
        targets: {
            requests: "ceil(users/100) + ceil(groups/100) + 3",
            peakRssMb: MAX_RSS_MB,
            failures: 0,
            "429s": 0,
        },
        runs,
        missed,
        node: process.version,
        // The machine is shared: a high load average stretches the seconds most.
        loadAverage1m: Number(os.loadavg()[0]!.toFixed(1)),
        cpus: os.cpus().length,
    };
    fs.mkdirSync(path.join(REPO_ROOT, "bench/results"), { recursive: true });
    fs.writeFileSync(
        path.join(REPO_ROOT, "bench/results/export.json"),
        JSON.stringify(result, null, 4) + "\n",
    );
    const md = [
        "# `pulumi-qlik-roles export` and a report-style read at scale",
        "",
        `Tenant: ${tenant.users} users, ${tenant.groups} groups listed (emulator, ${LATENCY_MS} ms per request, Qlik's Tier 1 limit of ${TIER_LIMITS.tier1PerMinute} reads a minute per user and tenant-wide).`,
        `One run each, a child process (node ${process.version}); the two kinds of next links gave the same bytes. Machine load (1-minute average, ${result.cpus} CPUs): ${result.loadAverage1m}.`,
        "",
        "| Workload | Next links | Requests (target) | Seconds | Peak RSS | Failures / 429s | Output |",
        "|---|---|---|---|---|---|---|",
        ...runs.map(
            (r) =>
                `| ${r.workload} | ${r.variant} | ${r.requests} (≤ ${r.limit}) | ${r.seconds} | ${r.peakRssMb} MB | ${r.failures} / ${r.tooMany} | ${(r.outputBytes / 1e6).toFixed(1)} MB |`,
        ),
        "",
        `Requests per run: ${Object.entries(runs[0]!.byPath)
            .map(([k, v]) => `${v} × \`${k}\``)
            .join(", ")} (export); ${Object.entries(runs[1]!.byPath)
            .map(([k, v]) => `${v} × \`${k}\``)
            .join(", ")} (report).`,
        "",
        missed.length === 0 ? "Every target met." : `Targets missed: ${missed.join("; ")}.`,
        "",
    ].join("\n");
    fs.writeFileSync(path.join(REPO_ROOT, "bench/results/export.md"), md);
    process.stdout.write(md);
    if (missed.length > 0) process.exitCode = 1;
}

main().catch((err) => {
    process.stderr.write(`bench:export: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
});
