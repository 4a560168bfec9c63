/**
 * e2e: `pulumi up` killed with SIGKILL (a cancelled CI job, a closed laptop) part-way through, then
 * `pulumi-qlik-roles recover --apply`, `up` and `destroy` on the real CLI: the tenant must end exactly as it was
 * before the first `up`, with or without an assignment removed from the program after the kill.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator, type TenantEmulator } from "../../emulator";
import { PulumiStack } from "../../scripts/lib/pulumi-cli";
import { patches } from "../support/harness";
import { describeWithCli, runRecover } from "./e2e-setup";

jest.setTimeout(900_000);

const PROGRAM = path.join(__dirname, "program");
const LATENCY_MS = 120;

/** Users seeded without roles (extra users whose number is no multiple of 5, 7 or 13), and groups likewise. */
const USERS = [1, 2, 3, 4, 6, 8, 9, 11, 12, 16, 17, 18, 19, 22, 23, 24, 27, 29, 31];
const GROUPS = [1, 2, 3, 5];
const USER_ROLES = ["ManagedSpaceCreator", "Steward", "DataSpaceCreator"];

interface Declared {
    name: string;
    kind: "user" | "group";
    role: string;
    subject?: string;
    groupName?: string;
}

/** 27 assignments on 23 principals: enough PATCHes to kill the run after 12 of them. */
const ALL: Declared[] = [
    ...USERS.map((n, i) => ({
        name: `u${n}-${USER_ROLES[i % 3]}`,
        kind: "user" as const,
        subject: `extra-user-${String(n).padStart(3, "0")}`,
        role: USER_ROLES[i % 3]!,
    })),
    ...GROUPS.flatMap((n) =>
        ["Steward", "ManagedSpaceCreator"].map((role) => ({
            name: `g${n}-${role}`,
            kind: "group" as const,
            groupName: `extra-group-${String(n).padStart(2, "0")}`,
            role,
        })),
    ),
];

let emu: TenantEmulator;
let stack: PulumiStack;
beforeAll(async () => {
    emu = await startEmulator({ extraUsers: 40, extraGroups: 10 });
});
afterAll(async () => {
    stack?.dispose();
    await emu?.close();
});

/** One stack for every scenario: each ends with `destroy`, so the next starts from an empty stack. */
async function sharedStack(): Promise<PulumiStack> {
    stack ??= await PulumiStack.create({
        programDir: PROGRAM,
        config: { "qlik:tenantUrl": emu.url, "qlik:apiKey": { value: emu.apiKey, secret: true } },
    });
    return stack;
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The user whose PATCHes the tenant refuses during the killed run: its create, once begun, never lands. */
const REFUSED = ALL[0]!;

/**
 * Starts `pulumi up` in its own process group and kills the whole group (CLI, language host, program and
 * provider processes) with SIGKILL once the tenant has seen `afterPatches` PATCHes. Meanwhile every request takes
 * LATENCY_MS longer, and the PATCHes for REFUSED's user are refused (429), so its create, if begun, is pending and never lands.
 */
async function upKilledAfter(s: PulumiStack, afterPatches: number): Promise<void> {
    const refusedPath = `/api/v1/users/${await userId(REFUSED.subject!)}`;
    // The first matching rule applies: the refusal first. Qlik applies nothing it answers 429, and the client keeps
    // retrying a 429 until its retry deadline (2 minutes), so the create stays pending until the kill. The wait is
    // short because a 429 pauses every write of the client for its retry-after: a long one would stall the other
    // creates, and the run could end (on this create's failure) before the PATCHes the kill waits for.
    emu.faults.inject({
        match: { method: "PATCH", path: refusedPath },
        kind: "status",
        status: 429,
        retryAfterSeconds: 2,
    });
    emu.faults.inject({ kind: "slow", delayMs: LATENCY_MS });
    const child = spawn(
        "pulumi",
        ["up", "--yes", "--skip-preview", "--stack", s.stackName, "--non-interactive", "--cwd", s.programDir],
        { env: s.env, detached: true, stdio: "ignore" },
    );
    const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
    let done = false;
    void exited.then(() => (done = true));
    const counted = () => patches(emu.requests).filter((e) => e.path !== refusedPath).length;
    while (!done && counted() < afterPatches) await wait(5);
    if (done) throw new Error(`pulumi up finished before ${afterPatches} PATCHes`);
    // Pulumi starts plugins (the provider process) in process groups of their own: take the whole tree, as a
    // closed laptop or a CI runner that discards its machine does; a surviving provider would go on writing.
    for (const pid of [child.pid!, ...descendants(child.pid!)]) {
        try {
            process.kill(pid, "SIGKILL");
        } catch {
            // already gone
        }
    }
    await exited;
    // PATCHes already sent still land (Qlik does not see the client die); let them.
    await wait(LATENCY_MS * 4);
    emu.faults.clear();
}

/** Every process below `root`, from /proc (collected before the kill: orphans are re-parented). */
function descendants(root: number): number[] {
    const children = new Map<number, number[]>();
    for (const entry of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(entry)) continue;
        try {
            const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
            const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
            children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
        } catch {
            // exited meanwhile
        }
    }
    const out: number[] = [];
    for (let queue = [root]; queue.length > 0;) {
        const next = children.get(queue.shift()!) ?? [];
        out.push(...next);
        queue.push(...next);
    }
    return out;
}

/** A user's id, asked of the tenant as any client would. */
async function userId(subject: string): Promise<string> {
    const filter = encodeURIComponent(`subject eq "${subject}"`);
    const res = await fetch(`${emu.url}/api/v1/users?filter=${filter}`, {
        headers: { authorization: `Bearer ${emu.apiKey}` },
    });
    const body = (await res.json()) as { data: { id: string }[] };
    return body.data[0]!.id;
}

function pendingOps(exported: string): { type: string; urn: string; name: string }[] {
    const ops = (JSON.parse(exported).deployment.pending_operations ?? []) as {
        type: string;
        resource: { urn: string };
    }[];
    return ops.map((o) => ({ type: o.type, urn: o.resource.urn, name: o.resource.urn.split("::").pop()! }));
}

const holds = (d: Declared) =>
    (d.kind === "user" ? emu.userRoles(d.subject!) : emu.groupRoles(d.groupName!)).includes(d.role);

const removedLanded: string[] = [];
const clearedNeverLanded: string[] = [];

describeWithCli("recover after pulumi up is killed", () => {
    it.each([
        [1, true],
        [4, true],
        [8, true],
        [12, true],
        [1, false],
        [4, false],
        [8, false],
        [12, false],
    ])(
        "killed after %i PATCHes (an assignment removed afterwards: %s): recover --apply, up, destroy leave the tenant as before",
        async (afterPatches, removeOne) => {
            emu.reset();
            const s = await sharedStack();
            await s.setConfig("assignments", JSON.stringify(ALL));
            const before = emu.snapshot();

            await upKilledAfter(s, afterPatches);
            // The file backend keeps the killed run's lock only for the cloud backend; `cancel` is harmless here.
            await s.run(["cancel", "--yes"]);
            const pending = pendingOps(await s.exportState()).filter((o) => o.type === "creating");
            expect(pending.length).toBeGreaterThan(0);
            const byName = new Map(ALL.map((d) => [d.name, d]));
            const landed = pending.filter((o) => holds(byName.get(o.name)!));
            const neverLanded = pending.filter((o) => !holds(byName.get(o.name)!));

            let declared = ALL;
            if (removeOne) {
                // The case that leaked: a grant that landed while its create stayed pending, then undeclared.
                const victim = landed[0]?.name ?? pending[0]!.name;
                if (landed[0]) removedLanded.push(victim);
                declared = ALL.filter((d) => d.name !== victim);
                await s.setConfig("assignments", JSON.stringify(declared));
            }

            emu.resetLog();
            const dry = await runRecover(s, []);
            expect(dry.code).toBe(0);
            for (const o of landed)
                expect(dry.out).toMatch(new RegExp(`create ${o.name}: .*held -> import as `));
            for (const o of neverLanded)
                expect(dry.out).toMatch(new RegExp(`create ${o.name}: .*never landed -> clear`));

            const applied = await runRecover(s, ["--apply"]);
            expect(applied.code).toBe(0);
            if (afterPatches === 4 && removeOne)
                console.log(`recover:\n${dry.out}\nrecover --apply:\n${applied.out}`);
            // recover only reads the tenant.
            expect(patches(emu.requests)).toHaveLength(0);

            // State tells the truth: no pending operation left; the landed grants are resources, recorded as held
            // before (nothing tells a grant the run made from one the user had: see recover-plan.ts); the creates
            // that never reached the tenant are gone from state, not imported.
            const state = await s.exportState();
            expect(pendingOps(state)).toEqual([]);
            const resources = await s.resources();
            for (const o of landed) {
                const r = resources.find((x) => x.urn === o.urn);
                expect(r?.outputs).toMatchObject({ preexisting: true, role: byName.get(o.name)!.role });
            }
            for (const o of neverLanded) {
                expect(resources.find((x) => x.urn === o.urn)).toBeUndefined();
                clearedNeverLanded.push(o.name);
            }

            await s.up();
            for (const d of declared) expect(holds(d)).toBe(true);
            await s.destroy();
            expect(emu.snapshot()).toEqual(before);
        },
    );

    afterAll(() => {
        console.log(
            `recover e2e: removed after landing while pending: ${removedLanded.join(", ") || "none"}; cleared never-landed creates: ${clearedNeverLanded.length}`,
        );
    });

    it("the kills exercised both cases: a landed grant removed from the program, and creates that never landed", () => {
        expect(removedLanded.length).toBeGreaterThan(0);
        expect(clearedNeverLanded.length).toBeGreaterThan(0);
    });
});
