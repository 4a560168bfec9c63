/**
 * e2e: `recover` on checkpoints built as a kill leaves them, on the real CLI. The backend's checkpoint file is
 * edited directly (`pulumi stack import` would drop pending operations): a resource the engine recorded is turned
 * back into the pending create it was before its create returned. Deterministic, unlike the SIGKILL runs of
 * recover.e2e.test.ts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator, type TenantEmulator } from "../../emulator";
import { PulumiStack } from "../../scripts/lib/pulumi-cli";
import { patches } from "../support/harness";
import { describeWithCli, runRecover } from "./e2e-setup";

jest.setTimeout(600_000);

const PROGRAM = path.join(__dirname, "program");

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let emu: TenantEmulator;
beforeAll(async () => {
    emu = await startEmulator();
});
afterAll(async () => {
    await emu?.close();
});

/** The file backend's checkpoint of the stack (the one file holding its state). */
function checkpointFile(s: PulumiStack): string {
    const stacks = path.join(s.dir, "state", ".pulumi", "stacks");
    for (const project of fs.readdirSync(stacks)) {
        const file = path.join(stacks, project, `${s.stackName}.json`);
        if (fs.existsSync(file)) return file;
    }
    throw new Error(`no checkpoint of ${s.stackName} under ${stacks}`);
}

/**
 * What a kill leaves while the create of `name` is in flight: the resource is no longer recorded, and a pending
 * `creating` operation holds the inputs it was started with (no id, no outputs).
 */
function makeCreatePending(s: PulumiStack, name: string, keepRecorded = false): void {
    const file = checkpointFile(s);
    const checkpoint = JSON.parse(fs.readFileSync(file, "utf8")) as Json;
    const deployment = checkpoint.checkpoint.latest as Json;
    const resources = deployment.resources as Json[];
    const index = resources.findIndex((r) => String(r.urn).endsWith(`::${name}`));
    if (index < 0) throw new Error(`${name} is not recorded`);
    const { id: _id, outputs: _outputs, ...rest } = resources[index]!;
    if (!keepRecorded) resources.splice(index, 1);
    deployment.pending_operations = [{ resource: { ...rest, outputs: {} }, type: "creating" }];
    fs.writeFileSync(file, JSON.stringify(checkpoint, null, 4));
}

async function newStack(): Promise<PulumiStack> {
    return PulumiStack.create({
        programDir: PROGRAM,
        config: { "qlik:tenantUrl": emu.url, "qlik:apiKey": { value: emu.apiKey, secret: true } },
    });
}

const declare = (retainIfPreexisting: boolean) =>
    JSON.stringify([
        {
            name: "user1234-AuditAdmin",
            kind: "user",
            subject: "user1234",
            role: "AuditAdmin",
            ...(retainIfPreexisting ? { retainIfPreexisting: true } : {}),
        },
    ]);

describeWithCli("recover on checkpoints edited as a kill leaves them", () => {
    it.each([
        [true, "the stack's first run"],
        [false, "the stack's first run"],
        [true, "a later run"],
    ])(
        "an adopting create interrupted before it returned (retainIfPreexisting: %s, in %s): recover records the role as held before, and destroy keeps it only when told to",
        async (retain, when) => {
            const firstRun = when === "the stack's first run";
            emu.reset();
            // The seed: user1234 holds AuditAdmin before any stack exists.
            expect(emu.userRoles("user1234")).toContain("AuditAdmin");
            const s = await newStack();
            try {
                await s.setConfig("assignments", declare(retain));
                await s.up();
                makeCreatePending(s, "user1234-AuditAdmin");
                // A first run that is killed leaves no history: nothing dates its start.
                if (firstRun) fs.rmSync(path.join(s.dir, "state", ".pulumi", "history"), { recursive: true });

                emu.resetLog();
                const dry = await runRecover(s, []);
                expect(dry.code).toBe(0);
                expect(dry.out).toMatch(/create user1234-AuditAdmin: .*held -> import as /);
                if (firstRun)
                    expect(dry.out).toMatch(
                        /note: user1234-AuditAdmin: could not tell whether the interrupted run granted AuditAdmin or it was held before; recorded as held before \(preexisting\)/,
                    );
                // After a run that finished, Qlik's lastUpdatedAt proves the user held the role before this one.
                else
                    expect(dry.out).toMatch(
                        /holds AuditAdmin, unchanged since .*, before the interrupted run began/,
                    );
                const applied = await runRecover(s, ["--apply"]);
                expect({ code: applied.code, out: applied.out }).toMatchObject({ code: 0 });
                expect(patches(emu.requests)).toHaveLength(0);

                const recorded = (await s.resources()).find((r) => r.urn.endsWith("::user1234-AuditAdmin"));
                expect(recorded?.outputs).toMatchObject({ preexisting: true, role: "AuditAdmin" });

                await s.up();
                await s.destroy();
                // With retainIfPreexisting the role the user held before the stack is still held; without it,
                // destroy removes it, as it removes any adopted role (the documented default).
                expect(emu.userRoles("user1234").includes("AuditAdmin")).toBe(retain);
                expect(emu.userRoles("user1234")).toContain("SharedSpaceCreator");
            } finally {
                s.dispose();
            }
        },
    );

    it("a pending create left beside the resource a later `pulumi up` recorded: recover drops the stale operation and imports nothing", async () => {
        emu.reset();
        const s = await newStack();
        try {
            await s.setConfig(
                "assignments",
                JSON.stringify([
                    { name: "u-msc", kind: "user", subject: "user1234", role: "ManagedSpaceCreator" },
                ]),
            );
            await s.up();
            // The kill left the create pending; the ordinary `up` that followed recorded the resource, and the
            // engine keeps the pending entry beside it.
            makeCreatePending(s, "u-msc", true);
            const dry = await runRecover(s, []);
            expect(dry.code).toBe(0);
            expect(dry.out).toMatch(/create u-msc: .*stale -> drop the pending operation/);
            const applied = await runRecover(s, ["--apply"]);
            expect(applied.out).not.toMatch(/failed/);
            expect(applied.code).toBe(0);
            const state = JSON.parse(await s.exportState());
            expect(state.deployment.pending_operations ?? []).toEqual([]);
            const recorded = (await s.resources()).filter((r) => r.urn.endsWith("::u-msc"));
            expect(recorded).toHaveLength(1);
            expect(recorded[0]!.outputs).toMatchObject({ preexisting: false, role: "ManagedSpaceCreator" });
            await s.destroy();
            expect(emu.userRoles("user1234")).not.toContain("ManagedSpaceCreator");
        } finally {
            s.dispose();
        }
    });

    it("a lock left by the killed run is named before anything else, with and without --apply", async () => {
        emu.reset();
        const s = await newStack();
        try {
            await s.setConfig("assignments", declare(true));
            await s.up();
            makeCreatePending(s, "user1234-AuditAdmin");
            const lockDir = path.join(
                s.dir,
                "state",
                ".pulumi",
                "locks",
                "organization",
                path.basename(path.dirname(checkpointFile(s))),
                s.stackName,
            );
            // What a killed `pulumi up` leaves on a file backend: its lock file.
            fs.mkdirSync(lockDir, { recursive: true });
            fs.writeFileSync(
                path.join(lockDir, "killed-run.json"),
                JSON.stringify({
                    pid: 1,
                    username: "ci",
                    hostname: "runner",
                    timestamp: new Date().toISOString(),
                }),
            );
            for (const args of [[], ["--apply"]]) {
                const r = await runRecover(s, args);
                expect(r.code).not.toBe(0);
                expect(r.out.trim().split("\n")).toHaveLength(1);
                expect(r.out).toMatch(/locked by another run .*`pulumi cancel`/);
            }
        } finally {
            s.dispose();
        }
    });
});
