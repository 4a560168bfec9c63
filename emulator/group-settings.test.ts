/// <reference types="jest" />
// GET/PATCH /api/v1/groups/settings: the Everyone group's roles and the tenant's group flags.
import { EVERYONE_GROUP_ID, startEmulator, type TenantEmulator } from "./index";
import { TRACE_ID, call, get } from "./test-http";

const SETTINGS = "/api/v1/groups/settings";
const EVERYONE_PATH = `/systemGroups/${EVERYONE_GROUP_ID}/assignedRoles`;

describe("group settings", () => {
    let emu: TenantEmulator;
    beforeAll(async () => {
        emu = await startEmulator();
    });
    afterAll(() => emu.close());
    beforeEach(() => emu.reset());

    const patch = (body: unknown, key?: string) => call(emu, "PATCH", SETTINGS, { body, key });

    it("GET answers the GroupSettings shape with Everyone under systemGroups", async () => {
        emu.setGroupRoles(EVERYONE_GROUP_ID, ["SharedSpaceCreator"]);
        const res = await get(emu, SETTINGS);
        expect(res.status).toBe(200);
        expect(res.json).toMatchObject({
            autoCreateGroups: true,
            syncIdpGroups: true,
            links: { self: { href: `${emu.url}${SETTINGS}` } },
            systemGroups: {
                [EVERYONE_GROUP_ID]: {
                    id: EVERYONE_GROUP_ID,
                    name: "com.qlik.Everyone",
                    enabled: true,
                    assignedRoles: [{ name: "SharedSpaceCreator", type: "default", level: "user" }],
                },
            },
        });
        expect(typeof res.json.tenantId).toBe("string");
    });

    it("PATCH replaces Everyone's roles with 204 and leaves the flags alone", async () => {
        const res = await patch([
            { op: "replace", path: EVERYONE_PATH, value: [{ name: "DataSpaceCreator" }] },
        ]);
        expect(res.status).toBe(204);
        expect(emu.groupRoles(EVERYONE_GROUP_ID)).toEqual(["DataSpaceCreator"]);
        expect(emu.groupSettings()).toEqual({ autoCreateGroups: true, syncIdpGroups: true });
    });

    it("PATCH sets the boolean flags", async () => {
        const res = await patch([{ op: "replace", path: "/autoCreateGroups", value: false }]);
        expect(res.status).toBe(204);
        expect(emu.groupSettings()).toEqual({ autoCreateGroups: false, syncIdpGroups: true });
    });

    it.each([
        ["an op other than replace", [{ op: "add", path: EVERYONE_PATH, value: [] }], /only "replace"/],
        ["an unknown path", [{ op: "replace", path: "/assignedRoles", value: [] }], /Unsupported path/],
        [
            "an unknown system group",
            [{ op: "replace", path: "/systemGroups/123/assignedRoles", value: [] }],
            /Unknown system group/,
        ],
        ["a non-boolean flag", [{ op: "replace", path: "/syncIdpGroups", value: "yes" }], /true or false/],
        [
            "an unknown role",
            [{ op: "replace", path: EVERYONE_PATH, value: [{ name: "NoSuchRole" }] }],
            /Unknown role/,
        ],
    ])("PATCH with %s is a 400 that changes nothing", async (_what, body, detail) => {
        const before = emu.snapshot();
        const flags = emu.groupSettings();
        const res = await patch([{ op: "replace", path: "/autoCreateGroups", value: false }, ...body]);
        expect(res.status).toBe(400);
        expect(res.json.traceId).toMatch(TRACE_ID);
        expect(res.json.errors[0].detail).toMatch(detail);
        expect(emu.snapshot()).toEqual(before);
        expect(emu.groupSettings()).toEqual(flags);
    });

    it("PATCH with an empty array is a 400", async () => {
        const res = await patch([]);
        expect(res.status).toBe(400);
        expect(res.json.errors[0].detail).toMatch(/non-empty/);
    });

    it("PATCH by a user without TenantAdmin is a 403; GET hides Everyone's roles from them", async () => {
        const res = await patch([{ op: "replace", path: EVERYONE_PATH, value: [] }], emu.nonAdminApiKey);
        expect(res.status).toBe(403);
        const seen = await get(emu, SETTINGS, { key: emu.nonAdminApiKey });
        expect(seen.status).toBe(200);
        expect(seen.json.systemGroups[EVERYONE_GROUP_ID].assignedRoles).toBeUndefined();
    });

    it("counts GET as Tier 1 and PATCH as Tier 2 (/groups/settings is not a group id)", async () => {
        await get(emu, SETTINGS);
        await patch([{ op: "replace", path: EVERYONE_PATH, value: [] }]);
        const log = emu.requests.filter((e) => e.path === SETTINGS);
        expect(log.map((e) => [e.method, e.tier])).toEqual([
            ["GET", 1],
            ["PATCH", 2],
        ]);
    });
});
