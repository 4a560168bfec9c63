/// <reference types="jest" />
// The documented alternative answers, one switch each (`variants`), plus the tenant-wide rate limit, gateway
// bodies and partial 207s; and what every default still does.
import { DOCUMENTED, parseVariants, startEmulator, type EmulatorOptions, type TenantEmulator } from "./index";
import { call, get, listWhere, patchGroup, patchUser, replaceRoles } from "./test-http";

const opened: TenantEmulator[] = [];
async function emulator(opts: EmulatorOptions = {}): Promise<TenantEmulator> {
    const emu = await startEmulator({ extraUsers: 0, extraGroups: 0, ...opts });
    opened.push(emu);
    return emu;
}
afterAll(() => Promise.all(opened.map((e) => e.close())));

const token = (emu: TenantEmulator) =>
    call(emu, "POST", "/oauth/token", {
        key: null,
        body: { ...clientBody(emu), grant_type: "client_credentials", scope: "admin_classic" },
    });
const clientBody = (emu: TenantEmulator) => ({
    client_id: emu.oauthClient.clientId,
    client_secret: emu.oauthClient.clientSecret,
});

describe("emulator variants", () => {
    it("answers /users/me with a bodiless 301 by default, and with the documented text/html page as a variant", async () => {
        const plain = await get(await emulator(), "/api/v1/users/me");
        expect([plain.status, plain.text, plain.headers.get("content-type")]).toEqual([301, "", null]);
        const emu = await emulator({ variants: { meRedirect: "html" } });
        const html = await get(emu, "/api/v1/users/me");
        expect(html.status).toBe(301);
        expect(html.headers.get("content-type")).toMatch(/^text\/html/);
        expect(html.text).toMatch(/<html>.*Moved Permanently/);
        expect(html.headers.get("location")).toBe(`${emu.url}/api/v1/users/${emu.adminUserId}`);
    });

    it.each([
        ["both", ["expires_in", "expires_at"]],
        ["expires_at", ["expires_at"]],
        ["expires_in", ["expires_in"]],
        ["neither", []],
    ] as const)("issues tokens with expiry fields %s", async (tokenExpiry, fields) => {
        const res = await token(await emulator({ variants: { tokenExpiry } }));
        expect(res.status).toBe(200);
        expect(Object.keys(res.json).filter((k) => k.startsWith("expires_"))).toEqual(fields);
    });

    it("refuses a token past maxTokensPerClient with Qlik's 403 wording", async () => {
        const emu = await emulator({ variants: { maxTokensPerClient: 1 } });
        expect((await token(emu)).status).toBe(200);
        const refused = await token(emu);
        expect(refused.status).toBe(403);
        expect(refused.json.errors[0].detail).toBe(
            "The user is disabled or has reached the maximum number of tokens",
        );
    });

    it("matches eq ignoring case by default, exactly with filterCase exact", async () => {
        const insensitive = await emulator();
        insensitive.addGroup({ name: "analysts" });
        insensitive.addGroup({ name: "Analysts" });
        const names = async (emu: TenantEmulator) =>
            (await listWhere(emu, "groups", `name eq "analysts"`)).json.data.map(
                (g: { name: string }) => g.name,
            );
        expect((await names(insensitive)).sort()).toEqual(["Analysts", "analysts"]);
        const exact = await emulator({ variants: { filterCase: "exact" } });
        exact.addGroup({ name: "analysts" });
        exact.addGroup({ name: "Analysts" });
        expect(await names(exact)).toEqual(["analysts"]);
    });

    it("reads a backslash in a filter value as an escape by default, and literally with filterValues literal", async () => {
        const subjects = async (emu: TenantEmulator, filter: string) => {
            const res = await listWhere(emu, "users", filter);
            return res.status === 200 ? res.json.data.map((u: { subject: string }) => u.subject) : res.status;
        };
        const unescaping = await emulator();
        unescaping.addUser({ subject: "foo\\12345" });
        expect(await subjects(unescaping, String.raw`subject eq "foo\\12345"`)).toEqual(["foo\\12345"]);
        expect(await subjects(unescaping, String.raw`subject eq "foo\12345"`)).toBe(400);
        const literal = await emulator({ variants: { filterValues: "literal" } });
        literal.addUser({ subject: "foo\\12345" });
        expect(await subjects(literal, String.raw`subject eq "foo\12345"`)).toEqual(["foo\\12345"]);
        expect(await subjects(literal, String.raw`subject eq "foo\\12345"`)).toEqual([]);
        // What works whatever the rule: a search on a part without backslashes.
        for (const emu of [unescaping, literal])
            expect(await subjects(emu, `subject co "12345"`)).toEqual(["foo\\12345"]);
    });

    it("refuses a caller whose own allowance is unspent once the tenant-wide limit is used up", async () => {
        const emu = await emulator({ tenantRateLimits: { tier1PerMinute: 1, tier2PerMinute: 1 } });
        for (let i = 0; i < 5; i++) expect((await get(emu, "/api/v1/roles")).status).toBe(200);
        const other = await get(emu, "/api/v1/roles", { key: emu.nonAdminApiKey });
        expect(other.status).toBe(429);
        expect(Number(other.headers.get("retry-after"))).toBeGreaterThan(0);
    });

    it("lets a gateway answer an injected status with an HTML page or an empty body", async () => {
        const emu = await emulator();
        emu.faults.inject({ kind: "status", status: 502, body: "html", times: 1 });
        emu.faults.inject({ kind: "status", status: 401, body: "empty", times: 1 });
        const html = await get(emu, "/api/v1/roles");
        expect([html.status, html.headers.get("content-type")]).toEqual([502, "text/html"]);
        expect(html.text).toMatch(/<title>502 Bad gateway<\/title>/);
        const empty = await get(emu, "/api/v1/roles");
        expect([empty.status, empty.text]).toEqual([401, ""]);
    });

    it("shows a non-admin its own assignedRoles, and still hides everyone else's", async () => {
        const emu = await emulator();
        const me = await get(emu, "/api/v1/users/me", { key: emu.nonAdminApiKey });
        const own = await get(emu, me.headers.get("location")!, { key: emu.nonAdminApiKey });
        expect(own.json.assignedRoles.map((r: { name: string }) => r.name)).toEqual(["SharedSpaceCreator"]);
        const other = await get(emu, `/api/v1/users/${DOCUMENTED.userId}`, { key: emu.nonAdminApiKey });
        expect(other.json).not.toHaveProperty("assignedRoles");
    });

    it.each([
        [false, ["AuditAdmin", "SharedSpaceCreator"]],
        [true, ["AuditAdmin", "DataSpaceCreator"]],
        ["additions", ["AuditAdmin", "DataSpaceCreator", "SharedSpaceCreator"]],
        ["removals", ["AuditAdmin"]],
    ] as const)("answers 207 to a user and a group PATCH with applied %s", async (applied, expected) => {
        const emu = await emulator();
        emu.setGroupRoles("My Group", ["AuditAdmin", "SharedSpaceCreator"]);
        emu.faults.inject({ match: { method: "PATCH" }, kind: "partial-207", applied });
        const body = replaceRoles(["AuditAdmin", "DataSpaceCreator"]);
        for (const res of [
            await patchUser(emu, DOCUMENTED.userId, body),
            await patchGroup(emu, DOCUMENTED.groupId, body),
        ]) {
            expect(res.status).toBe(207);
            expect(res.json.errors[0]).toMatchObject({ title: "Operation failed" });
        }
        expect(emu.userRoles("user1234")).toEqual(expected);
        expect(emu.groupRoles("My Group")).toEqual(expected);
    });

    it("says a role's licence effect as userEntitlementType by default, or the deprecated fullUser, both, or neither", async () => {
        const forms = {
            type: { Steward: ["fullUser", undefined], CollaborationPlatformUser: ["basicUser", undefined] },
            boolean: { Steward: [undefined, true], CollaborationPlatformUser: [undefined, false] },
            both: { Steward: ["fullUser", true], CollaborationPlatformUser: ["basicUser", false] },
            none: { Steward: [undefined, undefined], CollaborationPlatformUser: [undefined, undefined] },
        } as const;
        for (const [form, expected] of Object.entries(forms)) {
            const emu = await emulator(
                form === "type" ? {} : { variants: { roleEntitlement: form as "boolean" | "both" | "none" } },
            );
            const res = await get(emu, "/api/v1/roles?limit=100");
            const roles = (
                res.json as { data: { name: string; userEntitlementType?: string; fullUser?: boolean }[] }
            ).data;
            for (const [name, [type, full]] of Object.entries(expected)) {
                const role = roles.find((r) => r.name === name)!;
                expect([form, name, role.userEntitlementType, role.fullUser]).toEqual([
                    form,
                    name,
                    type,
                    full,
                ]);
            }
            // Every default role promotes but CollaborationPlatformUser (and UserDefault); custom roles do not.
            if (form === "type")
                expect(
                    roles
                        .filter((r) => r.userEntitlementType !== "fullUser")
                        .map((r) => r.name)
                        .sort(),
                ).toEqual(["CollaborationPlatformUser", "CustomAnalyst", "Data Steward EU", "UserDefault"]);
        }
        expect(parseVariants("roleEntitlement=both")).toEqual({ roleEntitlement: "both" });
    });

    it("reads switches for the standalone emulator, naming a bad one", () => {
        expect(parseVariants("meRedirect=html, tokenExpiry=expires_at,maxTokensPerClient=3")).toEqual({
            meRedirect: "html",
            tokenExpiry: "expires_at",
            maxTokensPerClient: 3,
        });
        expect(parseVariants("")).toEqual({});
        expect(() => parseVariants("meRedirect=xml")).toThrow(
            'emulator variant meRedirect must be one of bodiless, html, got "xml"',
        );
        expect(() => parseVariants("colour=blue")).toThrow(
            /unknown emulator variant "colour"; known: meRedirect/,
        );
    });
});
