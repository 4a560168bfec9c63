/**
 * The lookups as a program calls them: Pulumi's runtime mocked (`setMocks`, stack config set as the CLI would),
 * the HTTP answered by undici's MockAgent.
 */
import * as pulumi from "@pulumi/pulumi";
import { MockAgent } from "undici";
import { getGroup, getRoleHolders, getRoles, getUser } from "../../provider";
import { exactlyOne } from "../../provider/lookups";
import { QlikClient } from "../../provider/client";
import { __testing } from "../../provider/runtime";
import { findGroup, findRoleHolders, findUser, listRoles } from "../../provider/lookups/queries";

const ORIGIN = "https://acme.eu.qlikcloud.com";
const API_KEY = "qlik-key-SECRET-lookups-0123456789";
const json = { headers: { "content-type": "application/json" } };
const role = (name: string) => ({ id: `r-${name}`, name, type: "default", level: "user" });

/** The value of an Output, or its failure (Outputs keep their promise internally). */
const valueOf = <T>(o: pulumi.Output<T>): Promise<T> => (o as unknown as { promise(): Promise<T> }).promise();

let agent: MockAgent;
const seen: string[] = [];

beforeAll(async () => {
    await pulumi.runtime.setMocks(
        { newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: (a) => a.inputs },
        "lookups",
        "unit",
        true, // preview: the lookups must work there
    );
    pulumi.runtime.setAllConfig({ "qlik:tenantUrl": ORIGIN, "qlik:apiKey": API_KEY }, ["qlik:apiKey"]);
});

beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
    seen.length = 0;
    __testing.useLookupDispatcher(agent);
});
afterAll(() => __testing.useLookupDispatcher(undefined));

function answer(path: (p: string) => boolean, body: object, status = 200) {
    agent
        .get(ORIGIN)
        .intercept({
            path: (raw) => {
                const p = decodeURIComponent(raw.replace(/\+/g, " "));
                return path(p) && (seen.push(p), true);
            },
            method: "GET",
            headers: { authorization: `Bearer ${API_KEY}` },
        })
        .reply(status, body, json);
}

const everyoneHolding = (...names: string[]) => ({
    autoCreateGroups: true,
    syncIdpGroups: true,
    systemGroups: { "000000000000000000000001": { assignedRoles: names.map(role) } },
});

const ROLES = {
    data: [role("TenantAdmin"), role("UserDefault"), role("AuditAdmin"), role("Steward")],
    links: {},
};

describe("lookups in a program (mocked HTTP)", () => {
    it("a program using every lookup gets sorted, plain (not secret) answers, paging through every page", async () => {
        answer((p) => p.startsWith("/api/v1/roles?"), ROLES);
        answer((p) => p.startsWith("/api/v1/roles?"), ROLES);
        // Users holding TenantAdmin, found by the role's id: two pages; a holder of another role the filter let
        // through is dropped, since the ids are compared here.
        const holding = (p: string) => p.includes('assignedRoles.id eq "r-TenantAdmin"');
        answer((p) => p.startsWith("/api/v1/users?") && holding(p) && !p.includes("next="), {
            data: [
                { id: "u-2", subject: "zed", email: "zed@x.com", assignedRoles: [role("TenantAdmin")] },
                { id: "u-9", subject: "odd", assignedRoles: [{ ...role("tenantadmin"), id: "r-other" }] },
            ],
            links: { next: { href: `${ORIGIN}/api/v1/users?limit=100&next=c2` } },
        });
        answer((p) => p.startsWith("/api/v1/users?") && p.includes("next=c2"), {
            data: [{ id: "u-1", subject: "ada", assignedRoles: [role("TenantAdmin"), role("Steward")] }],
            links: { next: null },
        });
        answer((p) => p.startsWith("/api/v1/groups?") && p.includes('assignedRoles.name eq "TenantAdmin"'), {
            data: [{ id: "g-1", name: "Admins", assignedRoles: [role("TenantAdmin")] }],
            links: {},
        });
        answer((p) => p === "/api/v1/groups/settings", everyoneHolding("Steward"));
        answer((p) => p.startsWith("/api/v1/users?") && p.includes('subject eq "ada"'), {
            data: [
                {
                    id: "u-1",
                    subject: "ada",
                    email: "ada@x.com",
                    assignedRoles: [role("Steward"), role("TenantAdmin")],
                    assignedGroups: [{ id: "g-1", name: "Admins", assignedRoles: [role("TenantAdmin")] }],
                },
            ],
        });
        answer((p) => p.startsWith("/api/v1/groups?") && p.includes('name eq "Admins"'), {
            data: [{ id: "g-1", name: "Admins", status: "active", assignedRoles: [role("TenantAdmin")] }],
        });

        // The program.
        const holders = getRoleHolders({ role: "TenantAdmin" });
        const ada = getUser({ subject: pulumi.output("ada") });
        const admins = getGroup({ groupName: "Admins" });
        const roles = getRoles();

        expect(await valueOf(holders)).toEqual({
            role: "TenantAdmin",
            users: [
                { userId: "u-1", subject: "ada" },
                { userId: "u-2", subject: "zed", email: "zed@x.com" },
            ],
            groups: [{ groupId: "g-1", groupName: "Admins" }],
        });
        expect(await valueOf(ada)).toEqual({
            userId: "u-1",
            subject: "ada",
            email: "ada@x.com",
            roles: ["Steward", "TenantAdmin"],
            groups: [{ groupId: "g-1", groupName: "Admins", roles: ["TenantAdmin"] }],
        });
        expect(await valueOf(admins)).toEqual({
            groupId: "g-1",
            groupName: "Admins",
            status: "active",
            roles: ["TenantAdmin"],
        });
        const catalogue = await valueOf(roles);
        expect(catalogue.map((r) => [r.name, r.assignable])).toEqual([
            ["AuditAdmin", true],
            ["Steward", true],
            ["TenantAdmin", true],
            ["UserDefault", false],
        ]);
        for (const o of [holders, ada, admins, roles] as pulumi.Output<unknown>[])
            expect(await pulumi.isSecret(o)).toBe(false);
        // "ada" is only on the second page: the lookup followed links.next.
        expect(seen.every((p) => !p.startsWith("/api/v1/users?") || p.includes("limit=100"))).toBe(true);
    });

    // A failed lookup ends the program (Pulumi's runtime reports the rejected Output); here the same queries run
    // on a client directly, so the test sees the one-line messages without ending the test process. The e2e tier
    // shows a failing lookup ending a real program with that one line.
    it("fails with one line: unknown role (with the right case suggested), unknown user, bad key", async () => {
        const client = new QlikClient({
            origin: ORIGIN,
            credentials: { apiKey: API_KEY },
            dispatcher: agent,
            rateLimits: false,
        });
        answer((p) => p.startsWith("/api/v1/roles?"), ROLES);
        await expect(findRoleHolders(client, "tenantadmin")).rejects.toThrow(
            'role "tenantadmin" does not exist in the tenant; role names are case-sensitive: did you mean "TenantAdmin"?',
        );
        answer((p) => p.startsWith("/api/v1/users?"), { data: [] });
        await expect(findUser(client, { subject: "nobody" })).rejects.toThrow(
            'no user with subject "nobody" exists in the tenant',
        );
        answer(
            (p) => p.startsWith("/api/v1/roles?"),
            { errors: [{ code: "HTTP-401", title: "Unauthorized" }] },
            401,
        );
        const failure = listRoles(client);
        await expect(failure).rejects.toThrow(
            /^GET \/api\/v1\/roles answered 401: HTTP-401 Unauthorized: check the credential/,
        );
        await failure.catch((err: Error) => expect(err.message).not.toContain(API_KEY));
    });

    it("args naming none or two selectors (built from data) fail with one line naming the thing to name", () => {
        expect(() =>
            exactlyOne("getUser", { subject: "a", userId: "b" }, ["userId", "subject", "email"]),
        ).toThrow(
            "getUser: name the user with exactly one of userId, subject or email; got userId and subject",
        );
        expect(() => exactlyOne("getGroup", {}, ["groupId", "groupName"])).toThrow(
            "getGroup: name the group with exactly one of groupId or groupName; got none",
        );
        expect(() =>
            exactlyOne("getSpace", { spaceId: "x", spaceName: "y" }, ["spaceId", "spaceName"]),
        ).toThrow(
            "getSpace: name the space with exactly one of spaceId or spaceName; got spaceId and spaceName",
        );
    });

    it("getRoleHolders counts Everyone among the holders when Everyone holds the role", async () => {
        answer((p) => p.startsWith("/api/v1/roles?"), ROLES);
        answer((p) => p.startsWith("/api/v1/users?"), {
            data: [{ id: "u-1", subject: "ada", assignedRoles: [role("Steward")] }],
        });
        answer((p) => p.startsWith("/api/v1/groups?"), { data: [] });
        answer((p) => p === "/api/v1/groups/settings", everyoneHolding("Steward"));
        expect(await valueOf(getRoleHolders({ role: "Steward" }))).toEqual({
            role: "Steward",
            users: [{ userId: "u-1", subject: "ada" }],
            groups: [{ groupId: "000000000000000000000001", groupName: "com.qlik.Everyone" }],
        });
    });

    it("getRoleHolders finds the holders of a role whose name holds quotes and a backslash, by its id", async () => {
        const odd = { id: "r-odd", name: `Data "EU" O'Brien\\`, type: "custom", level: "user" };
        answer((p) => p.startsWith("/api/v1/roles?"), { data: [...ROLES.data, odd] });
        answer((p) => p.startsWith("/api/v1/users?") && p.includes('assignedRoles.id eq "r-odd"'), {
            data: [{ id: "u-1", subject: "ada", assignedRoles: [odd] }],
        });
        // No filter can name it safely for groups: every group is listed and compared by id.
        answer((p) => p.startsWith("/api/v1/groups?") && !p.includes("filter="), {
            data: [
                { id: "g-1", name: "EU", assignedRoles: [odd] },
                { id: "g-2", name: "Other", assignedRoles: [role("Steward")] },
            ],
        });
        answer((p) => p === "/api/v1/groups/settings", everyoneHolding());
        expect(await valueOf(getRoleHolders({ role: odd.name }))).toEqual({
            role: odd.name,
            users: [{ userId: "u-1", subject: "ada" }],
            groups: [{ groupId: "g-1", groupName: "EU" }],
        });
    });

    it("getGroup returns the Everyone group by either of its names, with its roles", async () => {
        answer((p) => p.startsWith("/api/v1/groups?") && p.includes('name eq "Everyone"'), { data: [] });
        answer((p) => p === "/api/v1/groups/settings", everyoneHolding("Steward"));
        answer((p) => p === "/api/v1/groups/settings", everyoneHolding("Steward"));
        const everyone = {
            groupId: "000000000000000000000001",
            groupName: "com.qlik.Everyone",
            roles: ["Steward"],
        };
        expect(await valueOf(getGroup({ groupName: "Everyone" }))).toEqual(everyone);
        expect(await valueOf(getGroup({ groupName: "com.qlik.Everyone" }))).toEqual(everyone);
    });

    it("queries are written with %20 for a space, as Qlik's own links are, never with +", async () => {
        answer((p) => p.startsWith("/api/v1/users?"), {
            data: [{ id: "u-1", subject: "a b", assignedRoles: [] }],
        });
        const client = new QlikClient({
            origin: ORIGIN,
            credentials: { apiKey: API_KEY },
            dispatcher: agent,
            rateLimits: false,
        });
        // The path as handed to the transport (undici's mock agent re-encodes what it matches on).
        const send = jest.spyOn(client.http, "send");
        await findUser(client, { subject: "a b" });
        const path = send.mock.calls[0]![1];
        expect(path).toContain("filter=subject%20eq%20%22a%20b%22");
        expect(path).not.toContain("+");
    });

    describe("role holders and Everyone, answer by answer", () => {
        const direct = () =>
            new QlikClient({
                origin: ORIGIN,
                credentials: { apiKey: API_KEY },
                dispatcher: agent,
                rateLimits: false,
            });
        const EVERYONE = { groupId: "000000000000000000000001", groupName: "com.qlik.Everyone" };

        it("leaves out deleted users, keeps emails only where Qlik has one, and orders by subject, then id", async () => {
            answer((p) => p.startsWith("/api/v1/roles?"), ROLES);
            answer((p) => p.startsWith("/api/v1/users?"), {
                data: [
                    { id: "u-3", subject: "ada", assignedRoles: [role("Steward")] },
                    { id: "u-1", subject: "ada", email: "a@x.com", assignedRoles: [role("Steward")] },
                    { id: "u-2", subject: "bob", status: "deleted", assignedRoles: [role("Steward")] },
                ],
            });
            answer((p) => p.startsWith("/api/v1/groups?"), {
                data: [{ id: "g-2", name: "zeta", assignedRoles: [role("Steward")] }],
            });
            answer((p) => p === "/api/v1/groups/settings", everyoneHolding("Steward"));
            expect(await findRoleHolders(direct(), "Steward")).toEqual({
                role: "Steward",
                users: [
                    { userId: "u-1", subject: "ada", email: "a@x.com" },
                    { userId: "u-3", subject: "ada" },
                ],
                groups: [EVERYONE, { groupId: "g-2", groupName: "zeta" }],
            });
        });

        it("names the principal whose roles Qlik hid, Everyone included", async () => {
            const hidden = async (users: object[], groups: object[], everyone: object, message: string) => {
                answer((p) => p.startsWith("/api/v1/roles?"), ROLES);
                answer((p) => p.startsWith("/api/v1/users?"), { data: users });
                answer((p) => p.startsWith("/api/v1/groups?"), { data: groups });
                answer((p) => p === "/api/v1/groups/settings", everyone);
                await expect(findRoleHolders(direct(), "Steward")).rejects.toThrow(message);
            };
            const none = everyoneHolding();
            await hidden(
                [{ id: "u-1", subject: "ada" }],
                [],
                none,
                'Qlik hides the assigned roles of user "ada"',
            );
            await hidden(
                [],
                [{ id: "g-1", name: "EU" }],
                none,
                'Qlik hides the assigned roles of group "EU"',
            );
            await hidden(
                [],
                [],
                { systemGroups: { "000000000000000000000001": {} } },
                'roles of group "Everyone"',
            );
        });

        it("an unknown role not near any says where the tenant's roles are listed", async () => {
            answer((p) => p.startsWith("/api/v1/roles?"), ROLES);
            await expect(findRoleHolders(direct(), "Xyzzy")).rejects.toThrow(
                'role "Xyzzy" does not exist in the tenant; the tenant\'s roles are listed by getRoles()',
            );
        });

        it("getGroup finds Everyone by its id, refuses the name Everyone when a regular group has it, names hidden roles", async () => {
            answer((p) => p === "/api/v1/groups/settings", everyoneHolding("Steward"));
            expect(await findGroup(direct(), { groupId: EVERYONE.groupId })).toEqual({
                ...EVERYONE,
                roles: ["Steward"],
            });
            answer((p) => p.startsWith("/api/v1/groups?") && p.includes('name eq "Everyone"'), {
                data: [{ id: "g-7", name: "Everyone", assignedRoles: [] }],
            });
            await expect(findGroup(direct(), { groupName: "Everyone" })).rejects.toThrow(
                'groupName "Everyone" is ambiguous',
            );
            answer((p) => p === "/api/v1/groups/settings", {
                systemGroups: { "000000000000000000000001": {} },
            });
            await expect(findGroup(direct(), { groupName: "com.qlik.Everyone" })).rejects.toThrow(
                'roles of group "Everyone"',
            );
        });
    });
});
