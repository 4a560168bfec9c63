/**
 * Benchmark of `pulumi-qlik-roles report` on the export benchmark's large tenant: 50,000 generated users and
 * 5,000 generated groups (plus the emulator's seed principals), at Qlik's Tier 1 limit and 30 ms per request,
 * compared with one stack whose state declares the grants of every group and of the first 10,000 users (imported
 * with `pulumi stack import` on a file backend: the report reads it with `pulumi stack export`, as for any stack).
 *
 * The report runs as a child process in the stack's project, as a user runs it, credentials in the environment;
 * requests come from the emulator's log, the child's peak RSS from `/usr/bin/time`. Targets: requests to the tenant
 * at most ceil(users/100) + ceil(groups/100) + 3 (the stack export is the Pulumi CLI's, not a tenant request), all
 * GETs, peak RSS under 500 MB, no failure and no 429. Exits non-zero when one is missed.
 *
 *     npm run bench:report            # writes bench/results/report.json and report.md
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type TenantEmulator } from "../emulator";
import { REPO_ROOT } from "../scripts/lib/repo-root";

const USERS = Number(process.env["BENCH_REPORT_USERS"] ?? 50_000);
const GROUPS = Number(process.env["BENCH_REPORT_GROUPS"] ?? 5_000);
/** Users whose direct grants the stack declares (the rest are unmanaged). */
const MANAGED_USERS = Number(process.env["BENCH_REPORT_MANAGED_USERS"] ?? 10_000);
const LATENCY_MS = 30;
const TIER_LIMITS = { tier1PerMinute: 1000, tier2PerMinute: 100 };
const MAX_RSS_MB = 500;
const FORMATS = ["table", "json", "csv", "md"] as const;

function run(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
    return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
        execFile(file, args, { cwd, env, maxBuffer: 2 * 1024 * 1024 * 1024 }, (err, stdout, stderr) =>
            resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        ),
    );
}

/** A deployment declaring `UserRoleAssignment`s and `GroupRoleAssignment`s, as `pulumi stack import` takes it. */
function deployment(emu: TenantEmulator): { text: string; resources: number } {
    const snapshot = emu.snapshot();
    const roleId = (name: string) => emu.roleNamed(name)!.id;
    const resources: object[] = [];
    const add = (type: string, key: "userId" | "groupId", id: string, role: string) =>
        resources.push({
            urn: `urn:pulumi:bench::qlik-roles-report-bench::pulumi-nodejs:dynamic/qlik:${type}::${key}-${id}-${role}`,
            // A component in the imported state: the report reads only type, URN and outputs.
            custom: false,
            type: `pulumi-nodejs:dynamic/qlik:${type}`,
            outputs: {
                [key]: id,
                role,
                roleId: roleId(role),
                preexisting: true,
                retainIfPreexisting: true,
                tenantUrl: emu.url,
            },
        });
    for (const [id, roles] of Object.entries(snapshot.users).slice(0, MANAGED_USERS))
        for (const role of roles) add("UserRoleAssignment", "userId", id, role);
    for (const [id, roles] of Object.entries(snapshot.groups))
        for (const role of roles) add("GroupRoleAssignment", "groupId", id, role);
    const manifest = { time: new Date().toISOString(), magic: "", version: "" };
    return {
        text: JSON.stringify({ version: 3, deployment: { manifest, resources } }),
        resources: resources.length,
    };
}

/** A project with one stack `bench` on a private file backend, holding the deployment. */
async function benchStack(
    emu: TenantEmulator,
): Promise<{ dir: string; env: NodeJS.ProcessEnv; resources: number }> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-report-"));
    fs.mkdirSync(path.join(dir, "state"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: qlik-roles-report-bench\nruntime: nodejs\n");
    const env: NodeJS.ProcessEnv = {
        PATH: process.env["PATH"],
        HOME: dir,
        PULUMI_HOME: path.join(dir, ".pulumi-home"),
        PULUMI_BACKEND_URL: `file://${path.join(dir, "state")}`,
        PULUMI_CONFIG_PASSPHRASE: "bench",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
    };
    const pulumi = async (args: string[]) => {
        const r = await run("pulumi", [...args, "--non-interactive"], dir, env);
        if (r.code !== 0) throw new Error(`pulumi ${args.join(" ")} failed: ${r.stderr.trim()}`);
    };
    await pulumi(["stack", "init", "bench"]);
    await pulumi(["config", "set", "qlik:tenantUrl", emu.url]);
    await pulumi(["config", "set", "--secret", "qlik:apiKey", emu.apiKey]);
    const { text, resources } = deployment(emu);
    fs.writeFileSync(path.join(dir, "state.json"), text);
    await pulumi(["stack", "import", "--file", path.join(dir, "state.json")]);
    return { dir, env, resources };
}

interface Run {
    format: string;
    seconds: number;
    requests: number;
    limit: number;
    allGets: boolean;
    failures: number;
    tooMany: number;
    peakRssMb: number;
    outputBytes: number;
    byPath: Record<string, number>;
    summary: string;
}

async function measure(emu: TenantEmulator, stack: { dir: string; env: NodeJS.ProcessEnv }, format: string) {
    const timeFile = path.join(os.tmpdir(), `bench-report-time-${process.pid}`);
    emu.resetLog();
    const t0 = performance.now();
    const main = path.join(REPO_ROOT, "dist/provider/cli/main.js");
    const r = await run(
        "/usr/bin/time",
        ["-f", "%M", "-o", timeFile, process.execPath, main, "report", "--format", format],
        stack.dir,
        stack.env,
    );
    const seconds = (performance.now() - t0) / 1000;
    if (r.code !== 0) throw new Error(`report --format ${format} failed (${r.code}): ${r.stderr.trim()}`);
    const peakRssMb = Number(fs.readFileSync(timeFile, "utf8").trim().split("\n").pop()) / 1024;
    fs.rmSync(timeFile, { force: true });
    const byPath: Record<string, number> = {};
    for (const e of emu.requests)
        byPath[`${e.method} ${e.path}`] = (byPath[`${e.method} ${e.path}`] ?? 0) + 1;
    const snapshot = emu.snapshot();
    const users = Object.keys(snapshot.users).length;
    const groups = Object.keys(snapshot.groups).length - 1; // GET /groups hides Everyone
    const result: Run = {
        format,
        seconds: Number(seconds.toFixed(1)),
        requests: emu.requests.length,
        limit: Math.ceil(users / 100) + Math.ceil(groups / 100) + 3,
        allGets: emu.requests.every((e) => e.method === "GET"),
        failures: emu.requests.filter((e) => e.status >= 400 && e.status !== 429).length,
        tooMany: emu.requests.filter((e) => e.status === 429).length,
        peakRssMb: Number(peakRssMb.toFixed(0)),
        outputBytes: Buffer.byteLength(r.stdout),
        byPath,
        summary: r.stderr.trim().split("\n").pop() ?? "",
    };
    return { result, stdout: r.stdout };
}

async function main(): Promise<void> {
    const emu = await startEmulator({
        extraUsers: USERS,
        extraGroups: GROUPS,
        latencyMs: LATENCY_MS,
        rateLimits: TIER_LIMITS,
        tenantRateLimits: TIER_LIMITS,
    });
    const counted = emu.snapshot();
    // GET /groups hides the system group Everyone.
    const snapshot = {
        users: Object.keys(counted.users).length,
        groups: Object.keys(counted.groups).length - 1,
    };
    const runs: Run[] = [];
    let stack: Awaited<ReturnType<typeof benchStack>> | undefined;
    let excerpt = "";
    try {
        stack = await benchStack(emu);
        for (const format of FORMATS) {
            const { result, stdout } = await measure(emu, stack, format);
            runs.push(result);
            process.stderr.write(`bench:report: ${JSON.stringify({ ...result, byPath: undefined })}\n`);
            if (format === "table")
                excerpt = stdout.split("\n").slice(-12).join("\n").replaceAll(emu.url, "<tenant>");
        }
    } finally {
        await emu.close();
        if (stack) fs.rmSync(stack.dir, { recursive: true, force: true });
    }
    const missed = runs.flatMap((r) => [
        ...(r.requests > r.limit ? [`${r.format}: ${r.requests} requests > ${r.limit}`] : []),
        ...(!r.allGets ? [`${r.format}: wrote to the tenant`] : []),
        ...(r.peakRssMb >= MAX_RSS_MB ? [`${r.format}: peak RSS ${r.peakRssMb} MB`] : []),
        ...(r.failures + r.tooMany > 0 ? [`${r.format}: ${r.failures} failures, ${r.tooMany} 429s`] : []),
    ]);
    const result = {
        tenant: {
            ...snapshot,
            note: "users include the seed's 9; groups are those GET /groups lists (Everyone is hidden)",
        },
        stack: { resources: stack?.resources ?? 0, managedUsers: MANAGED_USERS, stackExports: 1 },
        latencyMs: LATENCY_MS,
        rateLimits: { ...TIER_LIMITS, perUserAndTenantWide: true },
        targets: {
            requests: "ceil(users/100) + ceil(groups/100) + 3, all GETs",
            peakRssMb: MAX_RSS_MB,
            failures: 0,
            "429s": 0,
        },
        runs,
        missed,
        node: process.version,
        loadAverage1m: Number(os.loadavg()[0]!.toFixed(1)),
        cpus: os.cpus().length,
    };
    fs.mkdirSync(path.join(REPO_ROOT, "bench/results"), { recursive: true });
    fs.writeFileSync(
        path.join(REPO_ROOT, "bench/results/report.json"),
        JSON.stringify(result, null, 4) + "\n",
    );
    const md = [
        "# `pulumi-qlik-roles report` at scale",
        "",
        `Tenant: ${snapshot.users} users, ${snapshot.groups} groups listed (emulator, ${LATENCY_MS} ms per request, Qlik's Tier 1 limit of ${TIER_LIMITS.tier1PerMinute} reads a minute per user and tenant-wide).`,
        `One stack (one \`pulumi stack export\`) declaring ${result.stack.resources} grants: every group's, and the direct grants of the first ${MANAGED_USERS} users.`,
        `One run per format, a child process in the stack's project (node ${process.version}). Machine load (1-minute average, ${result.cpus} CPUs): ${result.loadAverage1m}.`,
        "",
        "| Format | Tenant requests (target) | All GETs | Seconds (incl. the stack export) | Peak RSS | Failures / 429s | Output |",
        "|---|---|---|---|---|---|---|",
        ...runs.map(
            (r) =>
                `| ${r.format} | ${r.requests} (≤ ${r.limit}) | ${r.allGets ? "yes" : "no"} | ${r.seconds} | ${r.peakRssMb} MB | ${r.failures} / ${r.tooMany} | ${(r.outputBytes / 1e6).toFixed(1)} MB |`,
        ),
        "",
        `Requests per run: ${Object.entries(runs[0]?.byPath ?? {})
            .map(([k, v]) => `${v} × \`${k}\``)
            .join(", ")}.`,
        "",
        `The report's own count: \`${runs[0]?.summary ?? ""}\`.`,
        "",
        "The end of the table output:",
        "",
        "```",
        excerpt.trimEnd(),
        "```",
        "",
        missed.length === 0 ? "Every target met." : `Targets missed: ${missed.join("; ")}.`,
        "",
    ].join("\n");
    fs.writeFileSync(path.join(REPO_ROOT, "bench/results/report.md"), md);
    process.stdout.write(md);
    if (missed.length > 0) process.exitCode = 1;
}

main().catch((err) => {
    process.stderr.write(`bench:report: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
});
