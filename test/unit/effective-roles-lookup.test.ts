/**
 * `getEffectiveRoles` as a program calls it: Pulumi's runtime mocked, the HTTP answered by undici's MockAgent.
 * Which GETs it sends, what it answers, and its one-line failures.
 */
import * as pulumi from "@pulumi/pulumi";
import { MockAgent } from "undici";
import { getEffectiveRoles } from "../../provider";
import { QlikClient } from "../../provider/client";
import { findEffectiveRoles } from "../../provider/lookups/effective-roles";
import { __testing } from "../../provider/runtime";

const ORIGIN = "https://acme.eu.qlikcloud.com";
const API_KEY = "qlik-key-SECRET-effective-0123456789";
const json = { headers: { "content-type": "application/json" } };
const role = (name: string, extra: object = {}) => ({
    id: `r-${name}`,
    name,
    type: "default",
    level: "user",
    ...extra,
});
const valueOf = <T>(o: pulumi.Output<T>): Promise<T> => (o as unknown as { promise(): Promise<T> }).promise();

let agent: MockAgent;
const seen: string[] = [];

beforeAll(async () => {
    await pulumi.runtime.setMocks(
        { newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: (a) => a.inputs },
        "effective",
        "unit",
        true,
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

function answer(path: (p: string) => boolean, body: object): void {
    agent
        .get(ORIGIN)
        .intercept({
            path: (raw) => {
                const p = decodeURIComponent(raw.replace(/\+/g, " "));
                return path(p) && (seen.push(p), true);
            },
            method: "GET",
        })
        .reply(200, body, json);
}

describe("getEffectiveRoles", () => {
    it("answers every role with its source and the tenant's word on promotion, from the user, Everyone and the role list", async () => {
        answer((p) => p.startsWith("/api/v1/roles"), {
            data: [
                role("Steward", { userEntitlementType: "fullUser" }),
                role("DataAdmin", { fullUser: true }),
                role("CollaborationPlatformUser", { userEntitlementType: "basicUser" }),
                role("UserDefault"),
            ],
            links: {},
        });
        answer((p) => p.startsWith("/api/v1/users?") && p.includes('subject eq "ada"'), {
            data: [
                {
                    id: "u-1",
                    subject: "ada",
                    assignedRoles: [role("UserDefault"), role("CollaborationPlatformUser")],
                    assignedGroups: [
                        { id: "g-2", name: "Sales", assignedRoles: [role("Steward")] },
                        { id: "g-1", name: "Admins", assignedRoles: [role("DataAdmin")] },
                    ],
                },
            ],
        });
        answer((p) => p === "/api/v1/groups/settings", {
            systemGroups: {
                "000000000000000000000001": { assignedRoles: [role("CollaborationPlatformUser")] },
            },
        });
        const result = await valueOf(getEffectiveRoles({ subject: pulumi.output("ada") }));
        expect(result).toEqual({
            userId: "u-1",
            subject: "ada",
            holdsPromotingRole: true,
            roles: [
                {
                    role: "CollaborationPlatformUser",
                    roleId: "r-CollaborationPlatformUser",
                    via: "direct",
                    source: "direct",
                    promotesToFull: false,
                },
                {
                    role: "DataAdmin",
                    roleId: "r-DataAdmin",
                    via: "group",
                    groupId: "g-1",
                    groupName: "Admins",
                    source: 'through group "Admins"',
                    promotesToFull: true,
                },
                {
                    role: "Steward",
                    roleId: "r-Steward",
                    via: "group",
                    groupId: "g-2",
                    groupName: "Sales",
                    source: 'through group "Sales"',
                    promotesToFull: true,
                },
                {
                    role: "CollaborationPlatformUser",
                    roleId: "r-CollaborationPlatformUser",
                    via: "everyone",
                    source: "through Everyone",
                    promotesToFull: false,
                },
            ],
        });
        // One answer each is intercepted (a second request would find no answer): three GETs.
        expect(new Set(seen.map((p) => p.split("?")[0]))).toEqual(
            new Set(["/api/v1/roles", "/api/v1/users", "/api/v1/groups/settings"]),
        );
    });

    it("fails with one line when the credential may not see roles", async () => {
        answer((p) => p.startsWith("/api/v1/roles"), { data: [role("Steward")], links: {} });
        answer((p) => p.startsWith("/api/v1/users/u-1"), { id: "u-1", subject: "ada" });
        answer((p) => p === "/api/v1/groups/settings", {
            systemGroups: { "000000000000000000000001": { assignedRoles: [] } },
        });
        const client = new QlikClient({
            origin: ORIGIN,
            credentials: { apiKey: API_KEY },
            dispatcher: agent,
            rateLimits: false,
        });
        await expect(findEffectiveRoles(client, { userId: "u-1" })).rejects.toThrow(
            /user "ada".*TenantAdmin/,
        );
    });
});
