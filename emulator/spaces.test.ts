/// <reference types="jest" />
// GET /api/v1/spaces and /api/v1/spaces/{id}: filters, paging, visibility, personal spaces, the spaces error body.
import {
    DOCUMENTED,
    SEED_PROJECT_SPACES,
    SEED_SPACES,
    SEED_SPACE_IDS,
    startEmulator,
    type TenantEmulator,
} from "./index";
import { TRACE_ID, get, listAll } from "./test-http";

describe("spaces", () => {
    let emu: TenantEmulator;
    beforeAll(async () => {
        emu = await startEmulator();
    });
    afterAll(() => emu.close());
    beforeEach(() => emu.reset());

    const names = (res: { json: { data: { name: string }[] } }) => res.json.data.map((s) => s.name);

    it("lists 10 spaces by default with a count of all matches and an absolute links.next", async () => {
        const res = await get(emu, "/api/v1/spaces");
        expect(res.status).toBe(200);
        expect(res.json.data).toHaveLength(10);
        expect(res.json.meta.count).toBe(6 + SEED_PROJECT_SPACES);
        expect(res.json.links.next.href.startsWith(`${emu.url}/api/v1/spaces?next=`)).toBe(true);
        const all = await listAll(emu, "/api/v1/spaces");
        expect(all.map((s) => s.name)).toContain(SEED_SPACES.dataLake);
        expect(new Set(all.map((s) => s.id)).size).toBe(6 + SEED_PROJECT_SPACES);
    });

    it("takes limit 1..100 and refuses anything else, and every parameter it does not model", async () => {
        expect((await get(emu, "/api/v1/spaces", { query: { limit: "100" } })).json.data).toHaveLength(18);
        for (const limit of ["0", "101", "x"])
            expect((await get(emu, "/api/v1/spaces", { query: { limit } })).status).toBe(400);
        for (const key of ["filter", "roles", "action", "environmentId", "nmae"])
            expect((await get(emu, "/api/v1/spaces", { query: { [key]: "x" } })).status).toBe(400);
    });

    it("name is a case-insensitive search, so one name finds others that contain it", async () => {
        const res = await get(emu, "/api/v1/spaces", { query: { name: "FINANCE analytics" } });
        expect(names(res).sort()).toEqual([SEED_SPACES.finance, SEED_SPACES.financeArchive]);
        expect(res.json.meta.count).toBe(2);
        expect((await get(emu, "/api/v1/spaces", { query: { name: "" } })).status).toBe(400);
    });

    it("filters by type (comma-separated) and ownerId, and refuses an unknown type", async () => {
        const data = await get(emu, "/api/v1/spaces", { query: { type: "data" } });
        expect(names(data)).toEqual([SEED_SPACES.dataLake]);
        const two = await get(emu, "/api/v1/spaces", { query: { type: "data,managed", limit: "100" } });
        expect(two.json.data.every((s: { type: string }) => s.type === "data" || s.type === "managed")).toBe(
            true,
        );
        expect(two.json.meta.count).toBe(2 + SEED_PROJECT_SPACES / 3);
        const owned = await get(emu, "/api/v1/spaces", { query: { ownerId: DOCUMENTED.userId } });
        expect(names(owned)).toEqual([SEED_SPACES.finance]);
        expect((await get(emu, "/api/v1/spaces", { query: { type: "personal" } })).status).toBe(400);
    });

    it("binds cursors to the filter; with cursor-only links the filter travels in the cursor", async () => {
        const first = await get(emu, "/api/v1/spaces", { query: { name: "project", limit: "5" } });
        const cursor = new URL(first.json.links.next.href).searchParams.get("next")!;
        expect((await get(emu, "/api/v1/spaces", { query: { limit: "5", next: cursor } })).status).toBe(400);
        const rest = await listAll(emu, first.json.links.next.href);
        expect(rest).toHaveLength(SEED_PROJECT_SPACES - 5);

        const cursorOnly = await startEmulator({ variants: { nextLinks: "cursor" } });
        try {
            const p1 = await get(cursorOnly, "/api/v1/spaces", { query: { name: "project" } });
            expect(new URL(p1.json.links.next.href).search).toMatch(/^\?next=[^&]+$/);
            const p2 = await get(cursorOnly, p1.json.links.next.href);
            expect(names(p2)).toEqual(["Project 11", "Project 12"]);
        } finally {
            await cursorOnly.close();
        }
    });

    it("answers one space with the roles its type accepts, and the owner in ownerId", async () => {
        const cases: [string, string, string[]][] = [
            [
                SEED_SPACES.finance,
                "shared",
                ["codeveloper", "consumer", "dataconsumer", "facilitator", "producer"],
            ],
            [
                SEED_SPACES.sales,
                "managed",
                ["basicconsumer", "consumer", "contributor", "dataconsumer", "facilitator", "publisher"],
            ],
            [
                SEED_SPACES.dataLake,
                "data",
                [
                    "consumer",
                    "dataconsumer",
                    "datapreview",
                    "facilitator",
                    "operator",
                    "producer",
                    "publisher",
                ],
            ],
        ];
        for (const [name, type, roles] of cases) {
            const res = await get(emu, `/api/v1/spaces/${emu.spaces.spaceId(name)}`);
            expect(res.status).toBe(200);
            expect(res.json).toMatchObject({ name, type, tenantId: emu.tenantId });
            expect([...res.json.meta.assignableRoles].sort()).toEqual(roles);
            expect(res.json.links.assignments.href).toBe(`${res.json.links.self.href}/assignments`);
        }
        const finance = await get(emu, `/api/v1/spaces/${emu.spaces.spaceId(SEED_SPACES.finance)}`);
        expect(finance.json.ownerId).toBe(DOCUMENTED.userId);
    });

    it("a 404 with the spaces error body for a space that does not exist or that the caller cannot see", async () => {
        for (const id of ["000000000000000000000000", SEED_SPACE_IDS.user1234Personal]) {
            const res = await get(emu, `/api/v1/spaces/${id}`);
            expect(res.status).toBe(404);
            expect(res.json).toMatchObject({
                code: "HTTP-404",
                title: "Not found",
                detail: "Space not found or access denied",
            });
            expect(res.json.errors).toEqual([
                { code: "HTTP-404", title: "Not found", detail: "Space not found or access denied" },
            ]);
            expect(res.json.traceId).toMatch(TRACE_ID);
        }
        const sales = emu.spaces.spaceId(SEED_SPACES.sales);
        expect((await get(emu, `/api/v1/spaces/${sales}`, { key: emu.nonAdminApiKey })).status).toBe(404);
        const bad = await get(emu, "/api/v1/spaces", { query: { limit: "0" } });
        expect(bad.json.errors[0]).toEqual(expect.not.objectContaining({ status: expect.anything() }));
        expect(bad.json.errors[0].meta).toEqual({ source: { parameter: "limit" } });
    });

    it("a non-admin lists only the spaces it owns or is assigned in, with its own roles in meta.roles", async () => {
        const res = await get(emu, "/api/v1/spaces", { key: emu.nonAdminApiKey });
        expect(names(res).sort()).toEqual([SEED_SPACES.finance, SEED_SPACES.viewerTeam]);
        const finance = res.json.data.find((s: { name: string }) => s.name === SEED_SPACES.finance);
        expect(finance.meta.roles).toEqual(["consumer", "dataconsumer"]);
        expect(finance.meta.actions).toEqual(["read"]);
        const own = res.json.data.find((s: { name: string }) => s.name === SEED_SPACES.viewerTeam);
        expect(own.meta.roles).toEqual(own.meta.assignableRoles);
    });

    it("keeps personal spaces out of the list; the owner reads its own, with no name, no type and no roles", async () => {
        const all = await listAll(emu, "/api/v1/spaces?limit=100");
        expect(all.some((s) => s.name === "")).toBe(false);
        const list = await get(emu, "/api/v1/spaces");
        expect(list.json.meta.personalSpace).toEqual({ actions: ["read"], resourceType: "space" });
        const own = await get(emu, `/api/v1/spaces/${SEED_SPACE_IDS.adminPersonal}`);
        expect(own.status).toBe(200);
        expect(own.json.name).toBe("");
        expect(own.json.type).toBeUndefined();
        expect(own.json.meta.assignableRoles).toEqual([]);
        expect(
            (await get(emu, "/api/v1/spaces", { key: emu.nonAdminApiKey })).json.meta.personalSpace,
        ).toBeUndefined();
    });

    it("reads are Tier 1 and a query parameter on one space is a 400", async () => {
        await get(emu, "/api/v1/spaces");
        expect(emu.requests.at(-1)?.tier).toBe(1);
        const id = emu.spaces.spaceId(SEED_SPACES.finance);
        expect((await get(emu, `/api/v1/spaces/${id}`, { query: { fields: "name" } })).status).toBe(400);
    });
});
