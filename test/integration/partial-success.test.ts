/**
 * Qlik answers a PATCH with 207 "partially successful": part of the change may have landed, and Qlik does not say
 * which. Through the provider lifecycle, for users and groups, create, update and delete, and every way the
 * emulator can apply a 207 (nothing, all, only the additions, only the removals): the operation fails with
 * Qlik's error details in one line, and what Pulumi would record afterwards agrees with the tenant.
 */
import { inputs, patches, reconfigure, startTenant, type Tenant } from "../support/harness";
import type { FaultRule } from "../../emulator";
import { providerFor, __testing } from "../../provider/runtime";

let t: Tenant;
beforeAll(async () => {
    t = await startTenant({ extraUsers: 0, extraGroups: 0 });
});
afterAll(() => t.emu.close());
beforeEach(async () => {
    t.emu.reset();
    await reconfigure(t.config);
});

type Applied = NonNullable<FaultRule["applied"]>;
const APPLIED: Applied[] = [false, true, "additions", "removals"];

const KINDS = [
    {
        kind: "user" as const,
        args: (role: string) => inputs({ subject: "user1234", role, resourceName: "r" }),
        roles: () => t.emu.userRoles("user1234"),
        lifecycle: () => t.user,
    },
    {
        kind: "group" as const,
        args: (role: string) => inputs({ groupName: "My Group", role, resourceName: "r" }),
        roles: () => t.emu.groupRoles("My Group"),
        lifecycle: () => t.group,
    },
];

const ONE_LINE =
    /^[^\n]*answered 207: HTTP-500 Operation failed \(replace \/assignedRoles could not be applied\): Qlik reports the change as partially successful: part of it may have landed; re-run to converge \[traceId [0-9a-f]{32}\][^\n]*$/;

const partial207 = (applied: Applied) =>
    t.emu.faults.inject({ match: { method: "PATCH" }, kind: "partial-207", applied, times: 1 });

describe.each(KINDS)("207 on a $kind PATCH", ({ args, roles, lifecycle }) => {
    it.each(APPLIED)(
        "create, applied %s: fails in one line; state is recorded exactly when the role landed",
        async (applied) => {
            partial207(applied);
            const err = await lifecycle()
                .create(args("ManagedSpaceCreator"))
                .catch((e: Error & { id?: string }) => e);
            expect(err).toMatchObject({
                code: "QLIK_PARTIAL_FAILURE",
                message: expect.stringMatching(ONE_LINE),
            });
            const held = roles().includes("ManagedSpaceCreator");
            expect(held).toBe(applied === true || applied === "additions");
            // Pulumi records a failed create only when the error carries an id: exactly when the role is held.
            expect({ held, recorded: (err as { id?: string }).id !== undefined }).toEqual({
                held,
                recorded: held,
            });
            // What it records is what a create that succeeded would: the role is ours, not adopted.
            if (held)
                expect((err as { properties?: Record<string, unknown> }).properties).toMatchObject({
                    role: "ManagedSpaceCreator",
                    preexisting: false,
                    tenantUrl: t.emu.url,
                });
            expect(roles()).toEqual(expect.arrayContaining(["AuditAdmin", "SharedSpaceCreator"]));
        },
    );

    it.each(APPLIED)(
        "update (role swap), applied %s: fails in one line; the tenant keeps a role state knows of",
        async (applied) => {
            const { id, outs } = await lifecycle().create(args("ManagedSpaceCreator"));
            partial207(applied);
            const err = await lifecycle()
                .update(id, outs, args("DataSpaceCreator"))
                .catch((e: Error) => e);
            expect(err).toMatchObject({
                code: "QLIK_PARTIAL_FAILURE",
                message: expect.stringMatching(ONE_LINE),
            });
            const now = roles();
            // State keeps the old outputs unless the whole swap landed: no role is lost that they promise, unless
            // the removal landed; then a refresh must show it gone.
            const oldHeld = now.includes("ManagedSpaceCreator");
            expect(oldHeld).toBe(applied === false || applied === "additions");
            expect(now.includes("DataSpaceCreator")).toBe(applied === true || applied === "additions");
            await reconfigure(t.config);
            const refreshed = await lifecycle().read(id, outs);
            expect(refreshed.id !== undefined).toBe(oldHeld);
            expect(now).toEqual(expect.arrayContaining(["AuditAdmin", "SharedSpaceCreator"]));
        },
    );

    it.each(APPLIED)(
        "update (role swap), applied %s: the error carries the outputs of what holds; a re-run converges",
        async (applied) => {
            const { id, outs } = await lifecycle().create(args("ManagedSpaceCreator"));
            partial207(applied);
            const news = args("DataSpaceCreator");
            const err = (await lifecycle()
                .update(id, outs, news)
                .catch((e: unknown) => e)) as { id?: string; properties?: Record<string, unknown> };
            const now = roles();
            // Recorded: the new role only when the whole swap landed; otherwise the old outputs, whose retry redoes
            // the swap (also when only the removal landed: state cannot say "no role").
            const recorded = applied === true ? "DataSpaceCreator" : "ManagedSpaceCreator";
            expect({ id: err.id, role: err.properties?.role }).toEqual({ id, role: recorded });
            if (applied === true) expect(now).not.toContain("ManagedSpaceCreator");
            if (applied === true) expect(err.properties?.preexisting).toBe(false);
            if (recorded === "ManagedSpaceCreator") expect(err.properties).toEqual(outs);
            // The engine records those outputs with an init error and updates the resource on the next `up`.
            await reconfigure(t.config);
            const { outs: after } = await lifecycle().update(id, err.properties!, news);
            expect(after).toMatchObject({ role: "DataSpaceCreator" });
            expect(roles()).toEqual(["AuditAdmin", "DataSpaceCreator", "SharedSpaceCreator"]);
        },
    );

    it.each(APPLIED)(
        "delete, applied %s: fails in one line; a re-run converges with the tenant",
        async (applied) => {
            const { id, outs } = await lifecycle().create(args("ManagedSpaceCreator"));
            partial207(applied);
            const err = await lifecycle()
                .delete(id, outs)
                .catch((e: Error) => e);
            expect(err).toMatchObject({
                code: "QLIK_PARTIAL_FAILURE",
                message: expect.stringMatching(ONE_LINE),
            });
            const stillHeld = roles().includes("ManagedSpaceCreator");
            expect(stillHeld).toBe(applied === false || applied === "additions");
            // State keeps the resource after a failed delete; a refresh drops it where the role is gone, and the
            // re-run of the delete succeeds without writing when it already landed.
            await reconfigure(t.config);
            expect((await lifecycle().read(id, outs)).id !== undefined).toBe(stillHeld);
            t.emu.resetLog();
            await lifecycle().delete(id, outs);
            expect(patches(t.emu.requests)).toHaveLength(stillHeld ? 1 : 0);
            expect(roles()).toEqual(["AuditAdmin", "SharedSpaceCreator"]);
        },
    );
});

describe("207 on a swap to a role the user held before", () => {
    it("the record of the landed swap says the new role was held before, and carries the program's provider text", async () => {
        const { id, outs } = await t.user.create(KINDS[0]!.args("ManagedSpaceCreator"));
        partial207(true);
        const news = { ...KINDS[0]!.args("AuditAdmin"), __provider: "new provider text" };
        const err = (await t.user.update(id, outs, news).catch((e: unknown) => e)) as {
            properties?: Record<string, unknown>;
        };
        expect(err.properties).toMatchObject({
            role: "AuditAdmin",
            preexisting: true,
            __provider: "new provider text",
        });
    });
});

describe("207 on every PATCH of a set (UserRoles)", () => {
    // A 207 on a merged batch is retried change by change from a fresh read, so one 207 is recovered from; these
    // tests answer 207 to every PATCH until the call fails. Where all of it landed, the call succeeds.
    const userRoles = providerFor("userRoles", 1);
    const set = (roles: string[]) => inputs({ subject: "user1234", roles, resourceName: "s" });
    type Failure = Error & { code?: string; id?: string; properties?: Record<string, unknown> };
    const attempt = async (call: () => Promise<unknown>, applied: Applied) => {
        t.emu.faults.inject({ match: { method: "PATCH" }, kind: "partial-207", applied });
        try {
            await call();
            return undefined;
        } catch (err) {
            return err as Failure;
        } finally {
            t.emu.faults.clear();
            await reconfigure(t.config); // the next run is a new provider process
        }
    };

    // user1234 holds AuditAdmin and SharedSpaceCreator: the set adds DataSpaceCreator and removes AuditAdmin.
    const DECLARED = ["SharedSpaceCreator", "DataSpaceCreator"];
    const AFTER_CREATE: Record<string, { fails: boolean; recorded?: string[] }> = {
        false: { fails: true }, // nothing landed: nothing to record
        true: { fails: false },
        additions: { fails: true, recorded: ["SharedSpaceCreator", "DataSpaceCreator"] },
        removals: { fails: true, recorded: ["SharedSpaceCreator"] },
    };

    it.each(APPLIED)(
        "create, applied %s: fails in one line and records the declared roles the user holds, unless nothing landed",
        async (applied) => {
            const err = await attempt(() => userRoles.create(set(DECLARED)), applied);
            const { fails, recorded } = AFTER_CREATE[String(applied)]!;
            if (!fails) return expect(err).toBeUndefined();
            expect(err).toMatchObject({
                code: "QLIK_PARTIAL_FAILURE",
                message: expect.stringMatching(ONE_LINE),
            });
            expect({ id: err!.id !== undefined, roles: err!.properties?.roles }).toEqual({
                id: recorded !== undefined,
                roles: recorded,
            });
            if (recorded === undefined) return;
            // Recorded with an init error, it is destroyed like any set: no declared role that landed stays.
            await userRoles.delete(err!.id!, err!.properties!);
            expect(t.emu.userRoles("user1234").filter((r) => DECLARED.includes(r))).toEqual([]);
        },
    );

    it.each(APPLIED)("create, applied %s: the next up converges from what was recorded", async (applied) => {
        const err = await attempt(() => userRoles.create(set(DECLARED)), applied);
        if (err?.id !== undefined) await userRoles.update(err.id, err.properties!, set(DECLARED));
        else if (err) await userRoles.create(set(DECLARED));
        expect(t.emu.userRoles("user1234")).toEqual(["DataSpaceCreator", "SharedSpaceCreator"]);
    });

    // After the create, user1234 holds exactly AuditAdmin; the update swaps it for Steward.
    const AFTER_UPDATE: Record<string, { fails: boolean; recorded?: string[] }> = {
        false: { fails: true }, // nothing landed: state keeps the old outputs
        true: { fails: false },
        additions: { fails: true, recorded: ["Steward", "AuditAdmin"] },
        removals: { fails: true, recorded: [] },
    };

    it.each(APPLIED)(
        "update, applied %s: records every role of the old or new set the user holds, so destroy leaves none behind",
        async (applied) => {
            const { id, outs } = await userRoles.create(set(["AuditAdmin"]));
            const err = await attempt(() => userRoles.update(id, outs, set(["Steward"])), applied);
            const { fails, recorded } = AFTER_UPDATE[String(applied)]!;
            if (!fails) return expect(err).toBeUndefined();
            expect(err).toMatchObject({
                code: "QLIK_PARTIAL_FAILURE",
                message: expect.stringMatching(ONE_LINE),
            });
            expect({ id: err!.id, roles: err!.properties?.roles }).toEqual({
                id: recorded === undefined ? undefined : id,
                roles: recorded,
            });
            await userRoles.delete(id, recorded === undefined ? outs : err!.properties!);
            expect(t.emu.userRoles("user1234")).toEqual([]);
        },
    );

    it.each(APPLIED)("update, applied %s: the next up converges from what was recorded", async (applied) => {
        const { id, outs } = await userRoles.create(set(["AuditAdmin"]));
        const err = await attempt(() => userRoles.update(id, outs, set(["Steward"])), applied);
        if (err) await userRoles.update(id, err.id === undefined ? outs : err.properties!, set(["Steward"]));
        expect(t.emu.userRoles("user1234")).toEqual(["Steward"]);
    });

    it("update where one role is refused and the others land alone: records what landed, destroy leaves none", async () => {
        t.emu.addCustomRole("Temporary");
        const { id, outs } = await userRoles.create(set(["AuditAdmin"]));
        // The tenant goes back to its seed (user1234: AuditAdmin, SharedSpaceCreator) and loses "Temporary", which
        // this provider process still knows from its role list: Qlik refuses the merged write, then each change is
        // retried alone, and only the one adding "Temporary" fails (a 400, which writes nothing).
        t.emu.reset();
        const err = (await userRoles
            .update(id, outs, set(["Steward", "Temporary"]))
            .catch((e: unknown) => e)) as Failure;
        expect(err).toMatchObject({ code: "QLIK_BAD_REQUEST" });
        expect(t.emu.userRoles("user1234")).toEqual(["Steward"]);
        expect({ id: err.id, roles: err.properties?.roles }).toEqual({ id, roles: ["Steward"] });
        await userRoles.delete(id, err.properties!);
        expect(t.emu.userRoles("user1234")).toEqual([]);
    });

    it("a failed write whose re-read fails too records every declared role, as it cannot tell which landed", async () => {
        await reconfigure(t.config, { maxAttempts: 1 });
        t.emu.faults.inject({ match: { method: "PATCH" }, kind: "status", status: 500, times: 1 });
        // Once the PATCH has failed, the tenant stops answering reads of the user as well.
        __testing.observeRequests((e) => {
            if (e.method === "PATCH")
                t.emu.faults.inject({
                    match: { method: "GET", path: /^\/api\/v1\/users\// },
                    kind: "status",
                    status: 503,
                });
        });
        try {
            const err = (await userRoles.create(set(DECLARED)).catch((e: unknown) => e)) as Failure;
            expect(err).toMatchObject({ code: "QLIK_SERVER_ERROR" });
            expect({ id: err.id !== undefined, roles: err.properties?.roles }).toEqual({
                id: true,
                roles: DECLARED,
            });
            __testing.observeRequests(undefined);
            t.emu.faults.clear();
            await reconfigure(t.config);
            // The next up updates what was recorded and converges.
            await userRoles.update(err.id!, err.properties!, set(DECLARED));
            expect(t.emu.userRoles("user1234")).toEqual(["DataSpaceCreator", "SharedSpaceCreator"]);
        } finally {
            __testing.observeRequests(undefined);
            t.emu.faults.clear();
        }
    });

    it("a set recorded without role ids (an older or damaged state) is destroyed without a write", async () => {
        const { id, outs } = await userRoles.create(set(DECLARED));
        t.emu.resetLog();
        await userRoles.delete(id, { ...outs, roleIds: undefined });
        expect(patches(t.emu.requests)).toHaveLength(0);
        expect(t.emu.userRoles("user1234")).toEqual(["DataSpaceCreator", "SharedSpaceCreator"]);
    });
});
