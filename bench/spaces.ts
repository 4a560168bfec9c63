/**
 * The space access benchmark, on the direct path or (`--cli`) through the real Pulumi CLI: 50 spaces x 20 assignees x 2 roles (2,000 SpaceRoleAssignments on 1,000
 * (space, assignee) pairs), called in-process the way the engine calls the provider (at most `parallelism`
 * operations in flight, declaration order, each pair's two roles adjacent), against the emulator with Qlik's
 * limits time-scaled. It reports writes per pair against the lower bound of 1 (one POST in `up`, one DELETE in
 * `destroy`) and wall time against the write budget's floor. Run: `npm run build && node dist/bench/spaces.js
 * [--cli] [spaces] [assignees]`. The CLI path runs the e2e tests' config-driven program (test/e2e/program).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { RequestLogEntry, TenantEmulator } from "../emulator";
import { PulumiStack, REPO_ROOT } from "../scripts/lib/pulumi-cli";
import { configure, providerFor, __testing } from "../provider/runtime";
import { pool } from "./direct";
import { DEFAULT_SETTINGS, WRITE_ALLOWANCE, providerConfig, providerTuning, startTenant } from "./tenant";

const CLI = process.argv.includes("--cli");
const sizes = process.argv.slice(2).filter((a) => a !== "--cli");
/** Smaller numbers for a quick try; the scenario is 50 x 20. */
const SPACES = Number(sizes[0] ?? 50);
const ASSIGNEES = Number(sizes[1] ?? 20);
const ROLES = ["consumer", "producer"] as const;

interface Declared {
    name: string;
    inputs: Record<string, unknown>;
}

function declarations(): Declared[] {
    const out: Declared[] = [];
    for (let s = 1; s <= SPACES; s++)
        for (let u = 1; u <= ASSIGNEES; u++)
            for (const role of ROLES) {
                const spaceName = `Bench Space ${String(s).padStart(2, "0")}`;
                const subject = `extra-user-${String(u).padStart(3, "0")}`;
                const name = `s${s}-u${u}-${role}`;
                out.push({ name, inputs: { spaceName, subject, role, resourceName: name } });
            }
    return out;
}

const isWrite = (e: RequestLogEntry) => ["POST", "PUT", "DELETE"].includes(e.method);

/** Writes per (space, assignee): a POST names the assignee in its body, a PUT or DELETE its assignment. */
function writesPerPair(log: readonly RequestLogEntry[]): Record<string, number> {
    const perKey = new Map<string, number>();
    for (const e of log.filter(isWrite)) {
        const key =
            e.method === "POST" ? `${e.path}/${(e.body as { assigneeId?: string }).assigneeId}` : e.path;
        perKey.set(key, (perKey.get(key) ?? 0) + 1);
    }
    const histogram: Record<string, number> = {};
    for (const n of perKey.values()) histogram[n] = (histogram[n] ?? 0) + 1;
    return histogram;
}

async function phase(
    emu: TenantEmulator,
    label: string,
    fn: () => Promise<void>,
): Promise<Record<string, unknown>> {
    emu.resetLog();
    const started = Date.now();
    await fn();
    const wallMs = Date.now() - started;
    const log = emu.requests;
    const writes = log.filter(isWrite).length;
    return {
        phase: label,
        wallMs,
        requests: log.length,
        reads: log.filter((e) => e.method === "GET").length,
        writes,
        writesPerPair: writes / (SPACES * ASSIGNEES),
        writesPerPairHistogram: writesPerPair(log),
        status429: log.filter((e) => e.status === 429).length,
        errors: log.filter((e) => e.status >= 400 && e.status !== 429 && e.status !== 409).length,
    };
}

async function main(): Promise<void> {
    const settings = DEFAULT_SETTINGS;
    const scenario = { emulator: { extraUsers: ASSIGNEES, extraGroups: 0 } };
    const emu = await startTenant(scenario as Parameters<typeof startTenant>[0], settings);
    const count = () => Object.values(emu.spaces.snapshot()).reduce((n, a) => n + Object.keys(a).length, 0);
    const seeded = count();
    for (let s = 1; s <= SPACES; s++)
        emu.spaces.addSpace({
            name: `Bench Space ${String(s).padStart(2, "0")}`,
            type: "shared",
            ownerId: emu.adminUserId,
        });
    const declared = declarations();
    const results = CLI ? await viaCli(emu, declared) : await direct(emu, declared);
    const windowSeconds = (5 * 60) / settings.timeScale;
    console.log(
        JSON.stringify(
            {
                path: CLI ? "cli" : "direct",
                scenario: `${SPACES} spaces x ${ASSIGNEES} assignees x ${ROLES.length} roles (${declared.length} SpaceRoleAssignments, ${SPACES * ASSIGNEES} pairs)`,
                settings,
                writeBudget: `${WRITE_ALLOWANCE} writes per ${windowSeconds} s window (time-scaled ${settings.timeScale}x)`,
                // 1,000 writes at 500 a window: the second 500 wait for the next window.
                writeBudgetFloorMs:
                    Math.max(0, Math.ceil((SPACES * ASSIGNEES) / WRITE_ALLOWANCE) - 1) * windowSeconds * 1000,
                results,
                assignmentsBefore: seeded,
                assignmentsAfterDestroy: count(),
            },
            null,
            2,
        ),
    );
    await emu.close();
}

/** The engine's calls, in-process: a preview process (check), an update process (check, create), a destroy. */
async function direct(emu: TenantEmulator, declared: Declared[]) {
    const settings = DEFAULT_SETTINGS;
    const config = providerConfig(emu, settings);
    const fresh = async () => {
        __testing.reset();
        await configure({ config: { get: (k: string) => config[k] } }, providerTuning(settings));
    };
    const member = () => providerFor("spaceMember", 1);
    const state = new Map<string, { id: string; outs: Record<string, unknown> }>();
    const results = [];
    results.push(
        await phase(emu, "up", async () => {
            await fresh(); // the preview process: check only
            await pool(
                declared,
                settings.parallelism,
                async (d) => void (await member().check({}, d.inputs)),
            );
            await fresh(); // the update process: check, then create
            await pool(declared, settings.parallelism, async (d) => {
                const r = await member().check({}, d.inputs);
                state.set(d.name, await member().create(r.inputs ?? d.inputs));
            });
        }),
    );
    results.push(
        await phase(emu, "destroy", async () => {
            await fresh();
            await pool([...declared].reverse(), settings.parallelism, async (d) => {
                const s = state.get(d.name)!;
                await member().delete(s.id, s.outs);
            });
        }),
    );
    return results;
}

/** The real CLI on the e2e program: `up` (with its preview) and `destroy`. */
async function viaCli(emu: TenantEmulator, declared: Declared[]) {
    const settings = DEFAULT_SETTINGS;
    const program = declared.map((d) => ({
        ...d.inputs,
        name: d.name,
        kind: "space",
        resourceName: undefined,
    }));
    // 2,000 declarations are too long for `pulumi config set`'s command line: the program reads them from a file.
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "space-bench-")), "assignments.json");
    fs.writeFileSync(file, JSON.stringify(program));
    const stack = await PulumiStack.create({
        programDir: path.join(REPO_ROOT, "test/e2e/program"),
        config: {
            ...providerConfig(emu, settings),
            "qlik:apiKey": { value: emu.apiKey, secret: true },
            assignmentsFile: file,
        },
        stackName: "bench",
        env: { QLIK_ROLES_TUNING: JSON.stringify(providerTuning(settings)) },
    });
    const parallel = ["--parallel", String(settings.parallelism)];
    try {
        const up = await phase(emu, "up", async () => {
            await stack.run(["up", "--yes", ...parallel], { check: true, timeoutMs: 3_600_000 });
        });
        const destroy = await phase(emu, "destroy", async () => {
            await stack.run(["destroy", "--yes", "--skip-preview", ...parallel], {
                check: true,
                timeoutMs: 3_600_000,
            });
        });
        return [up, destroy];
    } finally {
        stack.dispose();
    }
}

main();
