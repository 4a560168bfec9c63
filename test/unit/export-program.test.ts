import { UsageError } from "../../provider/client";
import {
    exportUser,
    identityAdminSources,
    selectGrants,
    type DirectorySnapshot,
    type ExportFilters,
} from "../../provider/cli/export-grants";
import { parseExportArgs } from "../../provider/cli/export";
import { renderJson, renderProgram } from "../../provider/cli/render-program";
import type { Group, User } from "../../provider/schemas/qlik";

const role = (name: string) => ({ id: `r-${name}`, name, type: "default", level: "user" });
const user = (id: string, subject: string, roles: string[], extra: Partial<User> = {}): User => ({
    id,
    subject,
    email: `${subject}@example.com`,
    status: "active",
    assignedRoles: roles.map(role),
    ...extra,
});
const group = (id: string, name: string, roles: string[], extra: Partial<Group> = {}): Group => ({
    id,
    name,
    status: "active",
    assignedRoles: roles.map(role),
    ...extra,
});

const ME = user("u-admin", "admin", ["TenantAdmin"]);
const ALL: ExportFilters = { roles: [], users: true, groups: true, userNames: [], groupNames: [] };

function tenant(overrides: Partial<DirectorySnapshot> = {}): DirectorySnapshot {
    return {
        tenantUrl: "https://acme.eu.qlikcloud.com",
        me: ME,
        users: [
            user("u-2", "zoe", ["SharedSpaceCreator", "AuditAdmin", "UserDefault"]),
            ME,
            user("u-3", "bob", [], {
                // Roles through a group are not the user's direct grants.
                assignedGroups: [{ id: "g-1", name: "Analysts", assignedRoles: [role("Steward")] }],
            }),
            user("u-4", "gone", ["Steward"], { status: "deleted" }),
            user("u-5", "qlikbot\\abc", ["TenantAdmin"], { email: undefined, status: "disabled" }),
        ],
        groups: [group("g-2", `Sales "EMEA"`, ["DataSpaceCreator"]), group("g-1", "Analysts", ["Steward"])],
        ...overrides,
    };
}

describe("selecting the grants to export", () => {
    it("exports direct grants only, without UserDefault, deleted users or principals holding nothing", () => {
        const grants = selectGrants(tenant(), ALL, false);
        expect(grants.users.map((u) => [u.subject, u.roles])).toEqual([
            ["admin", ["TenantAdmin"]],
            ["qlikbot\\abc", ["TenantAdmin"]],
            ["zoe", ["AuditAdmin", "SharedSpaceCreator"]],
        ]);
        expect(grants.groups.map((g) => [g.groupName, g.roles])).toEqual([
            ["Analysts", ["Steward"]],
            [`Sales "EMEA"`, ["DataSpaceCreator"]],
        ]);
        expect(grants.retainIfPreexisting).toBe(true);
        expect(grants.users.find((u) => u.subject === "qlikbot\\abc")).toEqual({
            userId: "u-5",
            subject: "qlikbot\\abc",
            status: "disabled",
            roles: ["TenantAdmin"],
        });
    });

    it("filters by role, by kind and by principal (id, subject or email; group id or name)", () => {
        const roles = selectGrants(tenant(), { ...ALL, roles: ["TenantAdmin", "Steward"] }, false);
        expect(roles.users.map((u) => u.subject)).toEqual(["admin", "qlikbot\\abc"]);
        expect(roles.groups.map((g) => g.groupName)).toEqual(["Analysts"]);

        expect(selectGrants(tenant(), { ...ALL, groups: false }, false).groups).toEqual([]);
        expect(selectGrants(tenant(), { ...ALL, users: false }, false).users).toEqual([]);

        const one = selectGrants(tenant(), { ...ALL, userNames: ["ZOE@example.com"] }, false);
        expect(one.users.map((u) => u.userId)).toEqual(["u-2"]);
        expect(one.groups).toEqual([]);
        const byGroup = selectGrants(tenant(), { ...ALL, groupNames: ["g-2"] }, false);
        expect(byGroup.users).toEqual([]);
        expect(byGroup.groups.map((g) => g.groupId)).toEqual(["g-2"]);
    });

    it("names a principal filter that matches nobody", () => {
        expect(() => selectGrants(tenant(), { ...ALL, userNames: ["nobody"] }, false)).toThrow(
            '--user "nobody" matches no user in the tenant',
        );
        expect(() => selectGrants(tenant(), { ...ALL, groupNames: ["analysts"] }, false)).toThrow(
            '--group "analysts" matches no group',
        );
    });

    it("refuses to export from a credential that cannot see roles, in one line", () => {
        const hidden = tenant({ users: [user("u-9", "x", [], { assignedRoles: undefined })] });
        expect(() => selectGrants(hidden, ALL, false)).toThrow(
            /^Qlik hides the assigned roles of user "x" from this credential: export needs a TenantAdmin's credential \(OAuth: scope admin_classic\)$/,
        );
    });

    it("with removal opted in, keeps the exporting identity's own TenantAdmin and nothing else", () => {
        const grants = selectGrants(tenant(), ALL, true);
        expect(grants.retainIfPreexisting).toBe(false);
        const kept = [...grants.users, ...grants.groups].filter((p) => p.keep);
        expect(kept).toEqual([{ ...grants.users[0], userId: "u-admin", keep: ["TenantAdmin"] }]);
    });

    it("keeps the identity's TenantAdmin groups when it holds TenantAdmin only through them", () => {
        const me = user("u-me", "me", [], {
            assignedGroups: [
                { id: "g-admins", name: "Admins", assignedRoles: [role("TenantAdmin")] },
                { id: "g-1", name: "Analysts", assignedRoles: [role("Steward")] },
            ],
        });
        const grants = selectGrants(
            tenant({ me, groups: [group("g-admins", "Admins", ["TenantAdmin", "Steward"])] }),
            ALL,
            true,
        );
        expect(grants.groups[0]!.keep).toEqual(["TenantAdmin"]);
        expect(grants.users.some((u) => u.keep)).toBe(false);
    });
});

describe("selecting the grants to export, field by field", () => {
    it("gives an active user no status, and keeps its email", () => {
        const zoe = selectGrants(tenant(), ALL, false).users.find((u) => u.userId === "u-2");
        expect(zoe).toEqual({
            userId: "u-2",
            subject: "zoe",
            email: "zoe@example.com",
            roles: ["AuditAdmin", "SharedSpaceCreator"],
        });
    });

    it("names a disabled group's status, and orders groups of one name by id", () => {
        const groups = [
            group("g-9", "Twins", ["Steward"]),
            group("g-8", "Twins", ["Steward"], { status: "disabled" }),
        ];
        expect(selectGrants(tenant({ groups }), ALL, false).groups).toEqual([
            { groupId: "g-8", groupName: "Twins", status: "disabled", roles: ["Steward"] },
            { groupId: "g-9", groupName: "Twins", roles: ["Steward"] },
        ]);
    });

    it("names the group whose roles Qlik hid", () => {
        const groups = [group("g-5", "Hidden", [], { assignedRoles: undefined })];
        expect(() => selectGrants(tenant({ groups }), ALL, false)).toThrow(/roles of group "Hidden"/);
    });

    it("matches --user by id, subject or email, several at once, never a deleted user; --group by name", () => {
        const some = (userNames: string[]) =>
            selectGrants(tenant(), { ...ALL, userNames }, false).users.map((u) => u.userId);
        expect(some(["u-2"])).toEqual(["u-2"]);
        expect(some(["admin"])).toEqual(["u-admin"]);
        expect(some(["zoe@example.com", "admin"])).toEqual(["u-admin", "u-2"]);
        expect(() => some(["gone"])).toThrow('--user "gone" matches no user');
        const byName = selectGrants(tenant(), { ...ALL, groupNames: ["Analysts"] }, false);
        expect(byName.groups.map((g) => g.groupId)).toEqual(["g-1"]);
    });

    it("exports nothing of a deleted user", () => {
        const rules = { filters: ALL, removeOnDestroy: false, admin: { groupIds: new Set<string>() } };
        expect(exportUser(user("u-4", "gone", ["Steward"], { status: "deleted" }), rules)).toBeUndefined();
    });

    it("finds the identity's TenantAdmin in its own roles or in the groups that hold it, nowhere else", () => {
        const me = user("u-me", "me", ["Steward"], {
            assignedGroups: [
                { id: "g-admins", name: "Admins", assignedRoles: [role("TenantAdmin"), role("Steward")] },
                { id: "g-1", name: "Analysts", assignedRoles: [role("Steward")] },
            ],
        });
        expect(identityAdminSources(me)).toEqual({ groupIds: new Set(["g-admins"]) });
        expect(identityAdminSources(ME)).toEqual({ userId: "u-admin", groupIds: new Set() });
    });
});

describe("rendering the program", () => {
    it("is deterministic: the same tenant in another order gives the same bytes", () => {
        const a = tenant();
        const b = tenant({
            users: [...a.users]
                .reverse()
                .map((u) => ({ ...u, assignedRoles: [...u.assignedRoles!].reverse() })),
            groups: [...a.groups].reverse(),
        });
        const render = (t: DirectorySnapshot) => renderProgram(selectGrants(t, ALL, false), { args: [] });
        expect(render(b)).toBe(render(a));
        expect(renderJson(selectGrants(b, ALL, false))).toBe(renderJson(selectGrants(a, ALL, false)));
    });

    it("declares principals by id with their names beside them, escaped, and retains pre-existing grants", () => {
        const text = renderProgram(selectGrants(tenant(), ALL, false), { args: ["--users-only"] });
        expect(text).toContain(
            "// Generated by `pulumi-qlik-roles export --users-only` from https://acme.eu.qlikcloud.com:",
        );
        expect(text).toContain("// 6 direct role grants of 3 users and 2 groups.");
        expect(text).toContain(
            '    { userId: "u-5", subject: "qlikbot\\\\abc", status: "disabled", roles: ["TenantAdmin"] },',
        );
        expect(text).toContain(
            '    { groupId: "g-2", groupName: "Sales \\"EMEA\\"", roles: ["DataSpaceCreator"] },',
        );
        expect(text).toContain("const retainIfPreexisting = true;");
        expect(text).toContain("new UserRoleAssignment(`user-${userId}-${role}`, {");
        expect(text).toContain("new GroupRoleAssignment(`group-${groupId}-${role}`, {");
        expect(text).toContain("            retainIfPreexisting,\n");
        expect(text).not.toContain("keep ??");
    });

    it("with removal opted in, sets retainIfPreexisting only for the kept roles", () => {
        const text = renderProgram(selectGrants(tenant(), ALL, true), { args: ["--remove-on-destroy"] });
        expect(text).toContain("const retainIfPreexisting = false;");
        expect(text).toContain('roles: ["TenantAdmin"], keep: ["TenantAdmin"] },');
        expect(text).toContain("retainIfPreexisting: retainIfPreexisting || (keep ?? []).includes(role),");
    });

    it("JSON carries the same data", () => {
        const grants = selectGrants(tenant(), ALL, false);
        expect(JSON.parse(renderJson(grants))).toEqual(grants);
    });
});

describe("export's command line", () => {
    it("parses repeatable filters and formats", () => {
        const o = parseExportArgs([
            "--role",
            "TenantAdmin",
            "--role=Steward",
            "--users-only",
            "--format",
            "json",
        ]);
        expect(o).toMatchObject({
            filters: { roles: ["TenantAdmin", "Steward"], users: true, groups: false },
            format: "json",
            removeOnDestroy: false,
        });
        expect(parseExportArgs(["--help"])).toBe("help");
    });

    it("refuses unknown flags (and so any credential flag), a missing value and contradictions, in one line", () => {
        expect(() => parseExportArgs(["--api-key", "k"])).toThrow(
            /unknown option "--api-key"; credentials are never flags/,
        );
        expect(() => parseExportArgs(["--role"])).toThrow("--role needs a value");
        expect(() => parseExportArgs(["--format", "yaml"])).toThrow("--format must be ts or json");
        expect(() => parseExportArgs(["--users-only", "--groups-only"])).toThrow("exclude each other");
        expect(() => parseExportArgs(["--users-only", "--group", "x"])).toThrow(
            "--users-only excludes --group",
        );
    });

    it("takes space roles with --space-role (implying --spaces), and refuses one that is no space role", () => {
        expect(parseExportArgs(["--space-role", "consumer", "--space-role=publisher"])).toMatchObject({
            spaces: [],
            spaceRoles: ["consumer", "publisher"],
        });
        expect(parseExportArgs(["--spaces"])).toMatchObject({ spaces: [], spaceRoles: [] });
        expect(() => parseExportArgs(["--space-role", "Consumer"])).toThrow(
            new UsageError(
                '--space-role "Consumer" is not a space role; space roles are lowercase: did you mean "consumer"?',
            ),
        );
        expect(() => parseExportArgs(["--space-role", "publsher"])).toThrow(
            '--space-role "publsher" is not a space role; did you mean "publisher"? space roles are basicconsumer, codeveloper, consumer, contributor, dataconsumer, datapreview, facilitator, operator, producer, publisher',
        );
        // A tenant role is not a space role.
        expect(() => parseExportArgs(["--space-role", "TenantAdmin"])).toThrow(
            /^--space-role "TenantAdmin" is not a space role; space roles are /,
        );
    });
});
