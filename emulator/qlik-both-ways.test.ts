/// <reference types="jest" />
// The emulator matches Qlik both ways: it accepts what Qlik documents (a PATCH of the Everyone group's roles on
// /groups/{id}, as the tenant-features guide sends it) and refuses what Qlik refuses (a role reference holding both
// an id and a name); its rate limits count the tenant-wide cap by Qlik's formula by default, and calls answered
// with an error; a tenant may list UserDefault in users' roles and still refuse it in a PATCH.
import {
    DOCUMENTED,
    EVERYONE_GROUP_ID,
    startEmulator,
    type EmulatorOptions,
    type TenantEmulator,
} from "./index";
import { TRACE_ID, get, patchGroup, patchUser, replaceRoles } from "./test-http";

const opened: TenantEmulator[] = [];
async function emulator(opts: EmulatorOptions = {}): Promise<TenantEmulator> {
    const emu = await startEmulator({ extraUsers: 0, extraGroups: 0, ...opts });
    opened.push(emu);
    return emu;
}
afterAll(() => Promise.all(opened.map((e) => e.close())));

describe("what Qlik documents, accepted", () => {
    it("PATCH /groups/<Everyone's id> with a replace of /assignedRoles answers 204 and changes what the settings show", async () => {
        const emu = await emulator();
        const res = await patchGroup(emu, EVERYONE_GROUP_ID, replaceRoles(["DataSpaceCreator", "Steward"]));
        expect(res.status).toBe(204);
        expect(emu.groupRoles(EVERYONE_GROUP_ID)).toEqual(["DataSpaceCreator", "Steward"]);
        const settings = await get(emu, "/api/v1/groups/settings");
        const roles = settings.json.systemGroups[EVERYONE_GROUP_ID].assignedRoles.map(
            (r: { name: string }) => r.name,
        );
        expect(roles).toEqual(["DataSpaceCreator", "Steward"]);
    });

    it("still refuses any other op or path on Everyone, changing nothing", async () => {
        const emu = await emulator();
        const before = emu.snapshot();
        const res = await patchGroup(emu, EVERYONE_GROUP_ID, [{ op: "replace", path: "/name", value: "x" }]);
        expect(res.status).toBe(400);
        expect(emu.snapshot()).toEqual(before);
    });
});

describe("what Qlik refuses, refused", () => {
    it("a role reference holding both an id and a name is a 400 in Qlik's error shape, nothing applied", async () => {
        const emu = await emulator();
        const roles = (await get(emu, "/api/v1/roles")).json.data as { id: string; name: string }[];
        const steward = roles.find((r) => r.name === "Steward")!;
        const before = emu.snapshot();
        const res = await patchUser(emu, DOCUMENTED.userId, [
            { op: "replace", path: "/assignedRoles", value: [{ id: steward.id, name: steward.name }] },
        ]);
        expect(res.status).toBe(400);
        expect(res.json).toEqual({
            errors: [
                {
                    code: "HTTP-400",
                    status: 400,
                    title: "Invalid role",
                    detail: "A role reference holds either an id or a name, not both",
                    source: { pointer: "/0/value/0" },
                },
            ],
            traceId: expect.stringMatching(TRACE_ID),
        });
        expect(emu.snapshot()).toEqual(before);
    });
});

describe("rate limits as Qlik counts them", () => {
    const SEED_ONLY_CALLERS = [
        "user1234",
        "auth0|shared-a",
        "auth0|shared-b",
        "auth0|o'brien",
        "auth0|djones",
    ];

    it("counts a tenant-wide limit by default: per-user limit × users in the tenant × 0.5, following the user count", async () => {
        // 2 reads/min per user over 5 minutes: 10 per caller. With 3 users left (admin, viewer, the OAuth bot),
        // the tenant allows 2 × 3 × 0.5 × 5 = 15 reads in all.
        const emu = await emulator({ rateLimits: { tier1PerMinute: 2, tier2PerMinute: 1 } });
        for (const subject of [...SEED_ONLY_CALLERS, "disabled@example.com"]) emu.deleteUser(subject);
        const statuses = async (key: string, n: number) => {
            const out: number[] = [];
            for (let i = 0; i < n; i++) out.push((await get(emu, "/api/v1/roles", { key })).status);
            return out;
        };
        expect(await statuses(emu.apiKey, 10)).toEqual(Array(10).fill(200));
        // The viewer has spent 5 of its own 10 when the tenant's 15 run out.
        expect(await statuses(emu.nonAdminApiKey, 6)).toEqual([200, 200, 200, 200, 200, 429]);
        // Three more users: the tenant allows 2 × 6 × 0.5 × 5 = 30, and the viewer goes on.
        for (const i of [1, 2, 3]) emu.addUser({ subject: `new-${i}` });
        expect(await statuses(emu.nonAdminApiKey, 1)).toEqual([200]);
    });

    it("has no tenant-wide limit with tenantRateLimits: false", async () => {
        const emu = await emulator({
            rateLimits: { tier1PerMinute: 2, tier2PerMinute: 1 },
            tenantRateLimits: false,
        });
        for (const subject of [...SEED_ONLY_CALLERS, "disabled@example.com"]) emu.deleteUser(subject);
        for (let i = 0; i < 10; i++) expect((await get(emu, "/api/v1/roles")).status).toBe(200);
        for (let i = 0; i < 10; i++)
            expect((await get(emu, "/api/v1/roles", { key: emu.nonAdminApiKey })).status).toBe(200);
    });

    it("counts calls answered with an error: Qlik's 503s and 404s spend the allowance like successes", async () => {
        const emu = await emulator({ rateLimits: { tier1PerMinute: 1, tier2PerMinute: 1 } }); // 5 reads per window
        emu.faults.inject({ kind: "status", status: 503, times: 3, match: { path: "/api/v1/roles" } });
        const seen: number[] = [];
        for (let i = 0; i < 3; i++) seen.push((await get(emu, "/api/v1/roles")).status);
        seen.push((await get(emu, "/api/v1/users/000000000000000000000404")).status);
        seen.push((await get(emu, "/api/v1/roles")).status);
        seen.push((await get(emu, "/api/v1/roles")).status);
        expect(seen).toEqual([503, 503, 503, 404, 200, 429]);
    });

    it("does not count a gateway's page: the edge answered before Qlik's limiter", async () => {
        const emu = await emulator({ rateLimits: { tier1PerMinute: 1, tier2PerMinute: 1 } });
        emu.faults.inject({
            kind: "status",
            status: 502,
            body: "html",
            times: 5,
            match: { path: "/api/v1/roles" },
        });
        for (let i = 0; i < 5; i++) expect((await get(emu, "/api/v1/roles")).status).toBe(502);
        for (let i = 0; i < 5; i++) expect((await get(emu, "/api/v1/roles")).status).toBe(200);
    });
});

describe('UserDefault listed by the tenant (userDefault: "listed")', () => {
    it("ends users' assignedRoles with UserDefault, and refuses a PATCH that sends it back", async () => {
        const emu = await emulator({ variants: { userDefault: "listed" } });
        const user = (await get(emu, `/api/v1/users/${DOCUMENTED.userId}`)).json;
        expect(user.assignedRoles.map((r: { name: string }) => r.name)).toEqual([
            "AuditAdmin",
            "SharedSpaceCreator",
            "UserDefault",
        ]);
        const echoed = user.assignedRoles.map((r: { id: string }) => ({ id: r.id }));
        const res = await patchUser(emu, DOCUMENTED.userId, [
            { op: "replace", path: "/assignedRoles", value: echoed },
        ]);
        expect(res.status).toBe(400);
        expect(res.json.errors[0].detail).toMatch(/UserDefault is implicit and cannot be assigned/);
        expect(emu.userRoles("user1234")).toEqual(["AuditAdmin", "SharedSpaceCreator"]);
    });

    it("lists no UserDefault by default", async () => {
        const user = (await get(await emulator(), `/api/v1/users/${DOCUMENTED.userId}`)).json;
        expect(user.assignedRoles.map((r: { name: string }) => r.name)).not.toContain("UserDefault");
    });
});
