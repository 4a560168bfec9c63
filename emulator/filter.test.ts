/// <reference types="jest" />
// The SCIM filter subset: parsing, escaping, strictness, and what it matches over HTTP.
import { FilterError, parseFilter, type FilterCatalog } from "./filter";
import { DOCUMENTED, QUOTED_GROUP_NAME, startEmulator, type TenantEmulator } from "./index";
import { listWhere, quoteSingle } from "./test-http";

type Item = { name: string; status: string };
const catalog: FilterCatalog<Item> = {
    resource: "things",
    andOnly: ["status"],
    attributes: [
        { name: "name", ops: ["eq", "co"], values: (i) => [i.name] },
        { name: "status", ops: ["eq"], values: (i) => [i.status] },
    ],
};

describe("the SCIM filter parser", () => {
    it("reads double-quoted values with JSON escapes", () => {
        expect(parseFilter(String.raw`name eq "a \"b\" \\ \u0041"`, catalog)).toEqual({
            kind: "cmp",
            attr: "name",
            op: "eq",
            value: 'a "b" \\ A',
        });
    });

    it("reads single-quoted values with \\' and \\\\ escapes", () => {
        expect(parseFilter(String.raw`name eq 'O\'Brien \\ "x"'`, catalog)).toMatchObject({
            value: `O'Brien \\ "x"`,
        });
    });

    it("treats operators, keywords and attribute names case-insensitively", () => {
        expect(parseFilter(`NAME EQ 'a' AND Status Eq 'active'`, catalog)).toMatchObject({ kind: "and" });
    });

    it("binds and tighter than or, and honours parentheses", () => {
        expect(parseFilter(`name eq 'a' or name eq 'b' and name eq 'c'`, catalog)).toMatchObject({
            kind: "or",
            right: { kind: "and" },
        });
        expect(parseFilter(`(name eq 'a' or name eq 'b') and name eq 'c'`, catalog)).toMatchObject({
            kind: "and",
            left: { kind: "or" },
        });
    });

    it.each([
        ["", /empty/],
        ["name eq", /Missing value/],
        ["name eq x", /quoted string/],
        ["name eq 42", /quoted string/],
        ["name eq 'a", /Unterminated/],
        [String.raw`name eq 'a\x'`, /Invalid escape/],
        [String.raw`name eq "a\q"`, /Invalid escape/],
        ["name sw 'a'", /not supported for name/],
        ["name ne 'a'", /not supported/],
        ["name pr", /not supported/],
        ["name like 'a'", /Unknown operator/],
        ["password eq 'a'", /Unknown attribute "password"/],
        ["status co 'act'", /not supported for status/],
        ["not (name eq 'a')", /"not" operator/],
        ["name eq 'a' name eq 'b'", /Unexpected word/],
        ["(name eq 'a'", /Missing "\)"/],
        ["name eq 'a')", /Unexpected/],
        ["emails[type eq 'work']", /Value paths/],
        ["name eq 'a' & name eq 'b'", /Unexpected character/],
        ["status eq 'active' or name eq 'a'", /grouped and combined/],
        ["(status eq 'active' and name eq 'a') or name eq 'b'", /grouped and combined/],
    ])("refuses %p", (text, message) => {
        expect(() => parseFilter(text, catalog)).toThrow(FilterError);
        expect(() => parseFilter(text, catalog)).toThrow(message);
    });

    it("accepts status conditions grouped and ANDed with the rest", () => {
        expect(() =>
            parseFilter(`(status eq 'active' or status eq 'invited') and name co 'a'`, catalog),
        ).not.toThrow();
    });

    it("refuses parentheses nested absurdly deep instead of overflowing the stack", () => {
        expect(() => parseFilter(`${"(".repeat(100)}name eq 'a'${")".repeat(100)}`, catalog)).toThrow(
            /deeper/,
        );
    });
});

describe("filters over HTTP", () => {
    let emu: TenantEmulator;
    beforeAll(async () => {
        emu = await startEmulator();
    });
    afterAll(() => emu.close());

    const names = (res: { json: { data: { name: string }[] } }) => res.json.data.map((x) => x.name);
    const subjects = (res: { json: { data: { subject: string }[] } }) => res.json.data.map((x) => x.subject);

    it("matches the quoted group name exactly, with double or single quotes properly escaped", async () => {
        const double = await listWhere(emu, "groups", `name eq ${JSON.stringify(QUOTED_GROUP_NAME)}`);
        expect(names(double)).toEqual([QUOTED_GROUP_NAME]);
        const single = await listWhere(emu, "groups", `name eq ${quoteSingle(QUOTED_GROUP_NAME)}`);
        expect(names(single)).toEqual([QUOTED_GROUP_NAME]);
        const prefix = await listWhere(emu, "groups", `name eq ${JSON.stringify('Sales "EMEA"')}`);
        expect(prefix.json.data).toEqual([]);
    });

    it("does not let an escaped injection attempt match other users", async () => {
        const hostile = "x' or subject co '";
        const escaped = await listWhere(emu, "users", `subject eq ${quoteSingle(hostile)}`);
        expect(escaped.status).toBe(200);
        expect(escaped.json.data).toEqual([]);
        // What naive concatenation would have sent: a different, valid filter matching everyone.
        const naive = await listWhere(emu, "users", `subject eq '${hostile}'`, {
            query: { totalResults: "true" },
        });
        expect(naive.json.totalResults).toBeGreaterThan(100);
    });

    it("finds a subject containing a quote in both quoting styles", async () => {
        expect(subjects(await listWhere(emu, "users", String.raw`subject eq 'auth0|o\'brien'`))).toEqual([
            "auth0|o'brien",
        ]);
        expect(subjects(await listWhere(emu, "users", `subject eq "auth0|o'brien"`))).toEqual([
            "auth0|o'brien",
        ]);
        expect(names(await listWhere(emu, "users", String.raw`name eq "Dana \"DJ\" Jones"`))).toEqual([
            `Dana "DJ" Jones`,
        ]);
    });

    it("compares eq and co case-insensitively, as Qlik documents", async () => {
        expect(subjects(await listWhere(emu, "users", "subject eq 'USER1234'"))).toEqual(["user1234"]);
        expect(subjects(await listWhere(emu, "users", "name co 'EXAMPLE user'"))).toEqual(["user1234"]);
    });

    it("returns both users sharing one email", async () => {
        const res = await listWhere(emu, "users", `email eq "shared@example.com"`);
        expect(subjects(res).sort()).toEqual(["auth0|shared-a", "auth0|shared-b"]);
    });

    it("supports every documented user attribute", async () => {
        const cases: [string, string][] = [
            [`id eq "${DOCUMENTED.userId}"`, "user1234"],
            [`clientId eq "${DOCUMENTED.clientId}"`, "user1234"],
            [`assignedRoles.id eq "608050f7634644db3678b1a2" and subject co '1234'`, "user1234"],
            [`assignedGroups.id eq "${DOCUMENTED.groupId}"`, "user1234"],
            [`assignedGroupsAssignedRoles.name eq "AuditAdmin" and subject eq 'user1234'`, "user1234"],
            [`status eq "disabled"`, "disabled@example.com"],
            [`(status eq "active") and email co 'user1234@'`, "user1234"],
        ];
        for (const [filter, subject] of cases) {
            const res = await listWhere(emu, "users", filter);
            expect({ filter, status: res.status, subjects: subjects(res) }).toEqual({
                filter,
                status: 200,
                subjects: [subject],
            });
        }
    });

    it("answers a bad filter with 400, title Invalid filter and a detail naming the problem", async () => {
        const res = await listWhere(emu, "users", "subject eq user1234");
        expect(res.status).toBe(400);
        expect(res.json.errors[0]).toMatchObject({
            code: "HTTP-400",
            title: "Invalid filter",
            detail: expect.stringContaining("quoted string"),
            source: { parameter: "filter" },
        });
        expect((await listWhere(emu, "users", "subject sw 'user'")).status).toBe(400);
        expect((await listWhere(emu, "users", "status eq 'active' or subject eq 'user1234'")).status).toBe(
            400,
        );
    });

    it("allows only the documented attributes and operators on groups and roles", async () => {
        expect((await listWhere(emu, "groups", "name co 'Group'")).status).toBe(400);
        expect((await listWhere(emu, "groups", "subject eq 'x'")).status).toBe(400);
        expect(
            names(
                await listWhere(
                    emu,
                    "groups",
                    `providerType eq "custom" and name eq ${JSON.stringify(QUOTED_GROUP_NAME)}`,
                ),
            ),
        ).toEqual([QUOTED_GROUP_NAME]);
        expect(names(await listWhere(emu, "groups", `createdAt eq "2023-03-30T18:34:14.006Z"`))).toEqual([
            "My Group",
        ]);
        expect(names(await listWhere(emu, "roles", `type eq "custom"`)).sort()).toEqual([
            "CustomAnalyst",
            "Data Steward EU",
        ]);
        expect(names(await listWhere(emu, "roles", `name eq 'Data Steward EU' or level eq 'none'`))).toEqual([
            "Data Steward EU",
        ]);
        expect((await listWhere(emu, "roles", "description eq 'x'")).status).toBe(400);
    });
});
