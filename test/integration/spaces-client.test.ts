/**
 * The client's Spaces API against the emulator: finding spaces, reading and writing one assignee's assignment.
 */
import {
    DOCUMENTED,
    SEED_PROJECT_SPACES,
    SEED_SPACES,
    SEED_SPACE_IDS,
    startEmulator,
    type TenantEmulator,
} from "../../emulator";
import { QlikClient, type RequestEvent } from "../../provider/client";

let emu: TenantEmulator;
beforeAll(async () => {
    emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const client = (over: Partial<ConstructorParameters<typeof QlikClient>[0]> = {}) =>
    new QlikClient({
        origin: emu.url,
        credentials: { apiKey: emu.apiKey },
        rateLimits: false,
        privateLimiter: true,
        ...over,
    });
const group = { type: "group" as const, assigneeId: DOCUMENTED.groupId };
const user1234 = { type: "user" as const, assigneeId: DOCUMENTED.userId };

describe("finding spaces", () => {
    it("gets a space by id with its type, owner and assignable roles", async () => {
        const id = emu.spaces.spaceId(SEED_SPACES.sales);
        await expect(client().getSpace(id)).resolves.toEqual({
            id,
            name: SEED_SPACES.sales,
            type: "managed",
            ownerId: emu.adminUserId,
            assignableRoles: [
                "basicconsumer",
                "consumer",
                "contributor",
                "dataconsumer",
                "facilitator",
                "publisher",
            ],
        });
    });

    it("reads a personal space as type personal with no assignable roles", async () => {
        const space = await client().getSpace(SEED_SPACE_IDS.adminPersonal);
        expect(space).toMatchObject({ type: "personal", name: "", assignableRoles: [] });
    });

    it("a space the credential cannot see is undefined by id, and one line saying 'not found or no access' to resolve", async () => {
        await expect(client().getSpace(SEED_SPACE_IDS.user1234Personal)).resolves.toBeUndefined();
        await expect(
            client().resolveSpace({ spaceId: SEED_SPACE_IDS.user1234Personal }),
        ).rejects.toMatchObject({
            code: "QLIK_INVALID_INPUT",
            message: expect.stringMatching(/does not exist or the credential has no access to it/),
        });
    });

    it("resolves a name to the exact match although Qlik's search also finds names that contain it", async () => {
        const events: RequestEvent[] = [];
        const space = await client({ onRequest: (e) => events.push(e) }).resolveSpace({
            spaceName: SEED_SPACES.finance,
        });
        expect(space.id).toBe(emu.spaces.spaceId(SEED_SPACES.finance));
        expect(emu.requests.at(-1)?.query).toMatchObject({ name: SEED_SPACES.finance, limit: "100" });
        expect(events).toHaveLength(1);
    });

    it("a name in the wrong case names the tenant's spelling; an unknown one the closest names", async () => {
        await expect(client().resolveSpace({ spaceName: "finance analytics" })).rejects.toThrow(
            `no space with spaceName "finance analytics" is visible to the credential; names match exactly, case included, and the tenant has "Finance Analytics": use that spelling or the spaceId`,
        );
        await expect(client().resolveSpace({ spaceName: "Finance" })).rejects.toThrow(
            /the closest are "Finance Analytics", "Finance Analytics Archive": check the name or use the spaceId$/,
        );
        await expect(client().resolveSpace({ spaceName: "Nowhere" })).rejects.toMatchObject({
            code: "QLIK_INVALID_INPUT",
        });
    });

    it("refuses a name no space can have before asking Qlik", async () => {
        emu.resetLog();
        await expect(client().resolveSpace({ spaceName: "a/b" })).rejects.toMatchObject({
            code: "QLIK_INVALID_INPUT",
        });
        expect(emu.requests).toHaveLength(0);
    });

    it("asks for the spaceId when two visible spaces share the exact name", async () => {
        emu.spaces.addSpace({ name: SEED_SPACES.dataLake, type: "shared", ownerId: emu.adminUserId });
        await expect(client().resolveSpace({ spaceName: SEED_SPACES.dataLake })).rejects.toThrow(
            /^2 spaces have spaceName "Data Lake" \(ids .+\); name the space by spaceId instead$/,
        );
    });

    it("pages through every match of a search, and the exact name may be on the last page", async () => {
        // 150 names that contain "Ops" and sort before it: the exact one comes on the second page of 100.
        for (let i = 0; i < 150; i++)
            emu.spaces.addSpace({
                name: `A ${String(i).padStart(3, "0")} Ops`,
                type: "shared",
                ownerId: emu.adminUserId,
            });
        const ops = emu.spaces.addSpace({ name: "Ops", type: "data", ownerId: emu.adminUserId });
        const events: RequestEvent[] = [];
        const space = await client({ onRequest: (e) => events.push(e) }).resolveSpace({ spaceName: "Ops" });
        expect(space.id).toBe(ops.id);
        expect(events.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
            "GET /api/v1/spaces 200",
            "GET /api/v1/spaces 200",
        ]);
        await expect(client().listSpaces()).resolves.toHaveLength(6 + SEED_PROJECT_SPACES + 151);
    });
});

describe("one assignee's assignment", () => {
    it("reads the assignment of a group and of a user, and none for the owner", async () => {
        const finance = emu.spaces.spaceId(SEED_SPACES.finance);
        await expect(client().getSpaceAssignment(finance, group)).resolves.toMatchObject({
            roles: ["consumer"],
        });
        await expect(client().getSpaceAssignment(finance, user1234)).resolves.toBeUndefined();
        const sales = emu.spaces.spaceId(SEED_SPACES.sales);
        await expect(client().getSpaceAssignment(sales, user1234)).resolves.toMatchObject({
            spaceId: sales,
            type: "user",
            roles: ["consumer", "publisher"],
        });
    });

    it("creates, replaces and deletes, one request each, all Tier 2", async () => {
        const dataLake = emu.spaces.spaceId(SEED_SPACES.dataLake);
        const c = client();
        emu.resetLog();
        const created = await c.createSpaceAssignment(dataLake, user1234, ["consumer"]);
        expect(created).toMatchObject({ outcome: "created", assignment: { roles: ["consumer"] } });
        const replaced = await c.replaceSpaceAssignmentRoles(dataLake, created.assignment.id, [
            "consumer",
            "operator",
        ]);
        expect(replaced?.roles).toEqual(["consumer", "operator"]);
        expect(emu.spaces.assignment(SEED_SPACES.dataLake, DOCUMENTED.userId)?.roles).toEqual([
            "consumer",
            "operator",
        ]);
        await expect(c.deleteSpaceAssignment(dataLake, created.assignment.id)).resolves.toBe(true);
        expect(emu.requests.map((r) => `${r.method} ${r.status} ${r.tier}`)).toEqual([
            "POST 201 2",
            "PUT 200 2",
            "DELETE 204 2",
        ]);
        await expect(c.deleteSpaceAssignment(dataLake, created.assignment.id)).resolves.toBe(false);
        await expect(
            c.replaceSpaceAssignmentRoles(dataLake, created.assignment.id, ["consumer"]),
        ).resolves.toBeUndefined();
    });

    it("a 409 on create reads back the assignment another writer made, unchanged, for the caller to merge into", async () => {
        const finance = emu.spaces.spaceId(SEED_SPACES.finance);
        const result = await client().createSpaceAssignment(finance, group, ["producer"]);
        expect(result).toMatchObject({
            outcome: "exists",
            assignment: { assigneeId: DOCUMENTED.groupId, roles: ["consumer"] },
        });
        expect(emu.requests.slice(-2).map((r) => `${r.method} ${r.status}`)).toEqual(["POST 409", "GET 200"]);
    });

    it("a refused write is one line with Qlik's detail from the spaces error body", async () => {
        const finance = emu.spaces.spaceId(SEED_SPACES.finance);
        const err = await client()
            .createSpaceAssignment(finance, { type: "user", assigneeId: emu.adminUserId }, ["publisher"])
            .catch((e: unknown) => e);
        expect(err).toMatchObject({ code: "QLIK_BAD_REQUEST", status: 400 });
        expect((err as Error).message).toMatch(
            /^POST \/api\/v1\/spaces\/\w+\/assignments answered 400: HTTP-400 Invalid request body \(Role "publisher" cannot be assigned in a shared space; assignable: .+\) \[traceId \w+\]$/,
        );
    });

    it("a write into a space the credential cannot manage is QLIK_FORBIDDEN", async () => {
        const finance = emu.spaces.spaceId(SEED_SPACES.finance);
        const viewer = client({ credentials: { apiKey: emu.nonAdminApiKey } });
        await expect(
            viewer.createSpaceAssignment(finance, { type: "user", assigneeId: emu.adminUserId }, [
                "consumer",
            ]),
        ).rejects.toMatchObject({
            code: "QLIK_FORBIDDEN",
        });
    });

    it("a POST whose answer was cut off is retried, and the retry's 409 reads back the assignment it made", async () => {
        const dataLake = emu.spaces.spaceId(SEED_SPACES.dataLake);
        emu.faults.inject({ match: { method: "POST" }, kind: "reset-mid-body", times: 1 });
        const result = await client().createSpaceAssignment(dataLake, user1234, ["consumer"]);
        expect(result).toMatchObject({ outcome: "exists", assignment: { roles: ["consumer"] } });
        expect(emu.requests.slice(-3).map((r) => `${r.method} ${r.status}`)).toEqual([
            "POST 201",
            "POST 409",
            "GET 200",
        ]);
    });

    it("an answer without ids is QLIK_INVALID_RESPONSE, not a space with no id", async () => {
        emu.faults.inject({ match: { method: "GET" }, kind: "missing-fields", times: 1 });
        await expect(client().getSpace(emu.spaces.spaceId(SEED_SPACES.sales))).rejects.toMatchObject({
            code: "QLIK_INVALID_RESPONSE",
        });
    });

    it("lists every assignment of a space across pages", async () => {
        const companyWide = emu.spaces.spaceId(SEED_SPACES.companyWide);
        await expect(client().listSpaceAssignments(companyWide)).resolves.toHaveLength(25);
    });
});
