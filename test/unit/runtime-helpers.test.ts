/**
 * The runtime's small helpers, each alone: what a failed write records, how failures become one line, the role
 * catalog's hints for a misspelt role, the client settings a configuration gives, and the debug trace.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { QlikError, type QlikClient } from "../../provider/client";
import { clientSettingsFor } from "../../provider/runtime/client-settings";
import { loadConfig } from "../../provider/runtime/config";
import { oneLineError, principalGone, recordWhatHolds } from "../../provider/runtime/failures";
import { RoleCatalog } from "../../provider/runtime/role-catalog";
import { trace } from "../../provider/runtime/trace";

const principal = { id: "u1", label: 'user "user1234"', fields: {}, roles: [{ id: "r1", name: "Steward" }] };

describe("failures", () => {
    it("a vanished principal says so and what to do", () => {
        expect(principalGone(principal)).toMatchObject({
            code: "QLIK_NOT_FOUND",
            message: 'user "user1234" no longer exists in the tenant; re-run `pulumi up`',
        });
    });

    it("a conflict is recorded from a re-read even when the failing batch itself wrote nothing", async () => {
        const conflict = new QlikError("QLIK_CONFLICT", "another writer kept changing the roles");
        const record = { id: "x", properties: { role: "Steward" } };
        let reads = 0;
        const fetch = async () => (reads++, principal);
        const err = await recordWhatHolds(conflict, false, fetch, () => record);
        expect({ reads, id: (err as { id?: string }).id }).toEqual({ reads: 1, id: "x" });
        // Any other failure of a batch that wrote nothing is left as it is, without a re-read.
        const timeout = new QlikError("QLIK_TIMEOUT", "no answer");
        const plain = await recordWhatHolds(timeout, false, fetch, () => record);
        expect({ reads, id: (plain as { id?: string }).id, message: (plain as Error).message }).toEqual({
            reads: 1,
            id: undefined,
            message: "no answer",
        });
    });

    it("one line keeps the code of an error that is not ours, and only a string code", () => {
        const foreign = Object.assign(new Error("lost\nupdate"), { code: "CONVERGENCE" });
        expect(oneLineError("create X", foreign)).toMatchObject({
            code: "CONVERGENCE",
            message: "create X: lost update",
            stack: "Error: create X: lost update",
        });
        expect(
            (oneLineError("create X", Object.assign(new Error("e"), { code: 7 })) as { code?: unknown }).code,
        ).toBe(undefined);
    });
});

describe("the role catalog's hints for a role it cannot find", () => {
    const catalog = (names: string[]) =>
        new RoleCatalog({
            listRoles: async () => names.map((name) => ({ id: `id-${name}`, name, level: "user" })),
        } as unknown as QlikClient);

    it("suggests the nearest name, and lists a few roles when none is near", async () => {
        const roles = [
            "AuditAdmin",
            "DataSpaceCreator",
            "ManagedSpaceCreator",
            "SharedSpaceCreator",
            "Steward",
        ];
        await expect(catalog(roles).find("Stewart")).rejects.toThrow(
            'role "Stewart" does not exist in the tenant; did you mean "Steward"? (the tenant\'s roles are listed by GET /api/v1/roles)',
        );
        await expect(catalog(roles).find("Xyzzy")).rejects.toThrow(
            'role "Xyzzy" does not exist in the tenant; the tenant\'s roles are listed by GET /api/v1/roles (e.g. AuditAdmin, DataSpaceCreator, ManagedSpaceCreator, SharedSpaceCreator)',
        );
    });
});

describe("client settings", () => {
    const config = (values: Record<string, string>, env: Record<string, string> = {}) =>
        loadConfig(
            {
                get: (k) =>
                    ({ "qlik:tenantUrl": "https://a.eu.qlikcloud.com", "qlik:apiKey": "k", ...values })[k],
            },
            env,
        );

    it("throttles with both rates, and not at all only when both are 0", () => {
        expect(clientSettingsFor(config({})).rateLimits).toEqual({
            readsPerMinute: 1000,
            writesPerMinute: 100,
            windowMs: 300_000,
        });
        expect(clientSettingsFor(config({ "qlik:writesPerMinute": "0" })).rateLimits).toMatchObject({
            readsPerMinute: 1000,
            writesPerMinute: 0,
        });
        const off = { ...config({ "qlik:writesPerMinute": "0" }) };
        const bothOff = { ...off, tuning: { ...off.tuning, readsPerMinute: 0 } };
        expect(clientSettingsFor(bothOff).rateLimits).toBe(false);
        const readsOff = { ...config({}), tuning: { ...config({}).tuning, readsPerMinute: 0 } };
        expect(clientSettingsFor(readsOff).rateLimits).toMatchObject({
            readsPerMinute: 0,
            writesPerMinute: 100,
        });
    });

    it("OAuth without a client id names what is missing", () => {
        expect(() =>
            loadConfig(
                {
                    get: (k) =>
                        ({ "qlik:tenantUrl": "https://a.eu.qlikcloud.com", "qlik:clientSecret": "s" })[k],
                },
                {},
            ),
        ).toThrow(/OAuth needs both qlik:clientId and qlik:clientSecret .*; the client id is missing$/);
    });
});

describe("trace", () => {
    const saved = process.env.QLIK_ROLES_TRACE;
    afterEach(() => {
        if (saved === undefined) delete process.env.QLIK_ROLES_TRACE;
        else process.env.QLIK_ROLES_TRACE = saved;
    });

    it("appends one JSON line per event to QLIK_ROLES_TRACE, and nothing without it", () => {
        const file = join(mkdtempSync(join(tmpdir(), "trace-")), "trace.jsonl");
        process.env.QLIK_ROLES_TRACE = file;
        trace("batch", { key: "users/u1", size: 2 });
        trace("done", { op: "create" });
        const lines = readFileSync(file, "utf8").split("\n");
        expect(lines.pop()).toBe("");
        expect(lines.map((l) => JSON.parse(l))).toEqual([
            { t: expect.any(Number), pid: process.pid, event: "batch", key: "users/u1", size: 2 },
            { t: expect.any(Number), pid: process.pid, event: "done", op: "create" },
        ]);
        delete process.env.QLIK_ROLES_TRACE;
        trace("ignored", {});
        expect(readFileSync(file, "utf8").split("\n")).toHaveLength(3);
    });
});
