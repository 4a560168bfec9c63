/**
 * `report`'s pure parts: reading declarations from a stack export, classifying the tenant's grants against them,
 * the summary, and the four output forms.
 */
import { summarize } from "../../provider/access/access-summary";
import { classifyAccess, type TenantAccess } from "../../provider/access/classify-access";
import { declarationsOf, mergeDeclarations } from "../../provider/access/declared-grants";
import { renderAdoptionProgram, unmanagedGrants } from "../../provider/cli/report-program";
import { parseReportArgs } from "../../provider/cli/report";
import { renderReport, type AccessReport } from "../../provider/cli/report-render";

const URL = "https://acme.eu.qlikcloud.com";
const ADMIN = { id: "r-admin", name: "TenantAdmin" };
const STEWARD = { id: "r-steward", name: "Steward" };
const CREATOR = { id: "r-creator", name: "SharedSpaceCreator" };
const ANALYST = { id: "r-analyst", name: "Analyst, EU" };
const DEFAULT = { id: "r-default", name: "UserDefault" };
const EVERYONE = "000000000000000000000001";

function tenant(over: Partial<TenantAccess> = {}): TenantAccess {
    return {
        tenantUrl: URL,
        roles: [
            { ...ADMIN, userEntitlementType: "fullUser" },
            { ...STEWARD, fullUser: true },
            { ...CREATOR, userEntitlementType: "basicUser" },
            { ...ANALYST, type: "custom", description: "d", assignedScopes: ["b", "a"] },
        ],
        users: [
            { id: "u-ann", subject: "ann", direct: [ADMIN, DEFAULT], groupIds: [] },
            { id: "u-bob", subject: "bob", email: "bob@x", direct: [], groupIds: ["g-sales", "g-old"] },
            { id: "u-cat", subject: "cat", status: "disabled", direct: [STEWARD], groupIds: [] },
            { id: "u-dan", subject: "dan", status: "deleted", direct: [ADMIN], groupIds: [] },
        ],
        groups: [
            { id: "g-sales", name: "Sales", roles: [STEWARD] },
            { id: "g-old", name: "Old", status: "disabled", roles: [ADMIN] },
        ],
        everyone: [CREATOR],
        ...over,
    };
}

type Res = { type: string; name: string; outputs: Record<string, unknown>; delete?: boolean };
function exported(stack: string, resources: Res[]): string {
    return JSON.stringify({
        version: 3,
        deployment: {
            resources: [
                {
                    urn: `urn:pulumi:${stack}::p::pulumi:pulumi:Stack::p-${stack}`,
                    type: "pulumi:pulumi:Stack",
                },
                ...resources.map((r) => ({
                    urn: `urn:pulumi:${stack}::p::pulumi-nodejs:dynamic/qlik:${r.type}::${r.name}`,
                    type: `pulumi-nodejs:dynamic/qlik:${r.type}`,
                    ...(r.delete ? { delete: true } : {}),
                    outputs: { tenantUrl: URL, ...r.outputs },
                })),
            ],
        },
    });
}

const dev = declarationsOf(
    exported("dev", [
        {
            type: "UserRoleAssignment",
            name: "ann-admin",
            outputs: {
                userId: "u-ann",
                role: "TenantAdmin",
                roleId: ADMIN.id,
                preexisting: true,
                retainIfPreexisting: true,
            },
        },
        {
            type: "GroupRoleAssignment",
            name: "sales-steward",
            outputs: { groupId: "g-sales", role: "Steward", roleId: STEWARD.id },
        },
        {
            type: "UserRoleAssignment",
            name: "bob-steward",
            outputs: { userId: "u-bob", role: "Steward", roleId: STEWARD.id },
        },
        {
            type: "UserRoleAssignment",
            name: "gone",
            outputs: { userId: "u-zed", role: "Steward", roleId: STEWARD.id },
        },
        {
            type: "UserRoleAssignment",
            name: "being-deleted",
            delete: true,
            outputs: { userId: "u-cat", role: "Steward", roleId: STEWARD.id },
        },
        {
            type: "UserRoleAssignment",
            name: "elsewhere",
            outputs: {
                tenantUrl: "https://other.qlikcloud.com",
                userId: "u-cat",
                role: "Steward",
                roleId: STEWARD.id,
            },
        },
    ]),
    URL,
    "dev",
);
const prod = declarationsOf(
    exported("prod", [
        { type: "GroupRoles", name: "everyone", outputs: { groupId: EVERYONE, roles: [], roleIds: [] } },
        {
            type: "CustomRole",
            name: "analyst",
            outputs: { roleId: ANALYST.id, name: ANALYST.name, preexisting: true },
        },
        { type: "CustomRole", name: "deleted-role", outputs: { roleId: "r-gone", name: "Gone" } },
    ]),
    URL,
    "prod",
);

describe("declarationsOf", () => {
    it("reads our resources' grants with their stack and resource, leaving out deletions and other tenants", () => {
        expect(dev.grants.map((g) => `${g.manager.stack}/${g.manager.resource}`)).toEqual([
            "dev/ann-admin",
            "dev/sales-steward",
            "dev/bob-steward",
            "dev/gone",
        ]);
        expect(dev.grants[0]!.manager.retained).toBe(true);
        expect(dev.grants[1]!.manager.retained).toBe(false);
        expect(dev.otherTenants).toEqual([
            { stack: "dev", tenantUrl: "https://other.qlikcloud.com", resources: 1 },
        ]);
        expect(prod.sets).toHaveLength(1);
        expect(prod.customRoles.map((c) => [c.name, c.manager.retained])).toEqual([
            [ANALYST.name, true],
            ["Gone", false],
        ]);
    });

    it("reads a space member's target from its id, and a set's declared roles", () => {
        const d = declarationsOf(
            exported("s", [
                {
                    type: "SpaceRoles",
                    name: "m",
                    outputs: {
                        spaceMemberId: "sp1/groups/g1",
                        roles: ["consumer", "producer"],
                        roleIds: ["consumer"],
                    },
                },
            ]),
            URL,
            "s",
        );
        expect(d.grants).toEqual([
            expect.objectContaining({
                target: { kind: "space", spaceId: "sp1", type: "group", assigneeId: "g1" },
                role: "consumer",
            }),
        ]);
    });

    it("merges a stack read twice into one: each grant, set, custom role and other tenant once", () => {
        const twice = mergeDeclarations([dev, prod, dev]);
        const once = mergeDeclarations([dev, prod]);
        expect(twice).toEqual(once);
        expect(twice.grants).toHaveLength(dev.grants.length + prod.grants.length);
        expect(twice.otherTenants).toEqual(dev.otherTenants);
    });

    it("tells same-named stacks of different projects apart by their project", () => {
        const inProject = (project: string) =>
            declarationsOf(
                exported("dev", [
                    {
                        type: "UserRoleAssignment",
                        name: "ann-admin",
                        outputs: { userId: "u-ann", role: "TenantAdmin", roleId: ADMIN.id },
                    },
                ]).replace(/::p::/g, `::${project}::`),
                URL,
                project,
            );
        const both = mergeDeclarations([inProject("a"), inProject("b")]);
        expect(both.grants.map((g) => g.manager.stack)).toEqual(["a/dev", "b/dev"]);
        expect(mergeDeclarations([inProject("a")]).grants[0]!.manager.stack).toBe("dev");
    });

    it("refuses text that is not a stack export, in one line naming the stack", () => {
        expect(() => declarationsOf("oops", URL, 'stack "dev"')).toThrow(
            '`pulumi stack export` of stack "dev" did not print JSON; run it yourself to see why',
        );
        expect(() => declarationsOf("{}", URL, 'stack "dev"')).toThrow(/printed no deployment/);
    });
});

describe("classifyAccess", () => {
    const declared = mergeDeclarations([dev, prod]);
    const c = classifyAccess(tenant(), declared);
    const row = (who: string, role: string, via = "direct") =>
        c.grants.filter((g) => g.principal.name === who && g.role === role && g.via.kind === via);

    it("classifies direct, through-group and Everyone grants, with their managers", () => {
        expect(row("ann", "TenantAdmin")[0]!.managedBy.map((m) => m.resource)).toEqual(["ann-admin"]);
        const viaGroup = row("bob", "Steward", "group");
        expect(viaGroup).toHaveLength(1);
        expect(viaGroup[0]!.managedBy.map((m) => m.resource)).toEqual(["sales-steward"]);
        expect(viaGroup[0]!.promotesToFull).toBe(true); // the deprecated fullUser: true is enough
        expect(row("Sales", "Steward")[0]).toMatchObject({ members: 1 });
    });

    it("gives a role held beyond an exact set to that set, which the next up removes: not unmanaged", () => {
        // prod's GroupRoles on Everyone declares no role; Everyone holds SharedSpaceCreator.
        const everyone = row("com.qlik.Everyone", "SharedSpaceCreator", "everyone")[0]!;
        expect(everyone.managedBy.map((m) => `${m.stack}/${m.resource}`)).toEqual(["prod/everyone"]);
        expect(everyone.removedBy).toEqual(everyone.managedBy);
        expect(everyone.promotesToFull).toBe(false);
        // A role the set lists is managed by it, and not removed.
        const listed = declarationsOf(
            exported("p", [
                {
                    type: "GroupRoles",
                    name: "everyone",
                    outputs: { groupId: EVERYONE, roles: [CREATOR.name], roleIds: [CREATOR.id] },
                },
            ]),
            URL,
            "p",
        );
        const kept = classifyAccess(tenant(), listed).grants.find((g) => g.principal.kind === "everyone")!;
        expect(kept.managedBy).toHaveLength(1);
        expect(kept.removedBy).toBeUndefined();
    });

    it("gives no member rows for a disabled group's roles, nor rows for deleted users or UserDefault", () => {
        expect(row("bob", "TenantAdmin", "group")).toEqual([]);
        expect(row("Old", "TenantAdmin")).toHaveLength(1);
        expect(c.grants.some((g) => g.principal.name === "dan")).toBe(false);
        expect(c.grants.some((g) => g.role === "UserDefault")).toBe(false);
    });

    it("reports declared grants not held, principals gone, roles beyond an exact set, and custom roles gone", () => {
        expect(c.drift.map((d) => [d.manager.resource, d.label, d.role, d.why])).toEqual([
            ["bob-steward", 'user "bob"', "Steward", "not held"],
            ["gone", 'user "u-zed"', "Steward", "principal gone"],
            [
                "everyone",
                "Everyone",
                "SharedSpaceCreator",
                "held, not in the exact set: the next up removes it",
            ],
            ["deleted-role", "custom role", "Gone", "role gone"],
        ]);
        // Each with its principal's type and id, as grants have them.
        expect(c.drift.map((d) => d.principal && [d.principal.kind, d.principal.id])).toEqual([
            ["user", "u-bob"],
            ["user", "u-zed"],
            ["everyone", EVERYONE],
            undefined,
        ]);
    });

    it("says which stack defines each custom role", () => {
        expect(c.customRoles.map((r) => [r.name, r.managedBy.map((m) => m.resource)])).toEqual([
            [ANALYST.name, ["analyst"]],
        ]);
    });

    it("leaves declared space grants out of drift when spaces were not read, and checks them when they were", () => {
        const spaceDecl = declarationsOf(
            exported("s", [
                {
                    type: "SpaceRoleAssignment",
                    name: "bob-consumer",
                    outputs: { spaceMemberId: "sp1/users/u-bob", role: "consumer", roleId: "consumer" },
                },
            ]),
            URL,
            "s",
        );
        expect(classifyAccess(tenant(), spaceDecl).drift).toEqual([]);
        const spaces = [
            {
                spaceId: "sp1",
                spaceName: "Finance",
                type: "user" as const,
                assigneeId: "u-bob",
                roles: ["producer"],
            },
        ];
        const withSpaces = classifyAccess(tenant({ spaces }), spaceDecl);
        expect(withSpaces.drift.map((d) => [d.label, d.why])).toEqual([
            ['user "bob" in space "Finance"', "not held"],
        ]);
        expect(withSpaces.grants.find((g) => g.space)).toMatchObject({
            principal: { label: 'user "bob"' },
            role: "producer",
            managedBy: [],
        });
    });
});

describe("space rows", () => {
    it("list each space's members users first, then groups, each by name rather than by id", () => {
        const member = (spaceName: string, type: "user" | "group", assigneeId: string) => ({
            spaceId: `sp-${spaceName}`,
            spaceName,
            type,
            assigneeId,
            roles: ["consumer"],
        });
        const spaces = [
            member("Zeta", "user", "u-ann"),
            member("Alpha", "group", "g-old"),
            member("Alpha", "group", "g-sales"),
            member("Alpha", "user", "u-1"),
            member("Alpha", "user", "u-2"),
        ];
        const users = [
            ...tenant().users,
            { id: "u-1", subject: "yan", direct: [], groupIds: [] },
            { id: "u-2", subject: "abe", direct: [], groupIds: [] },
        ];
        const rows = classifyAccess(tenant({ spaces, users }), mergeDeclarations([])).grants.filter(
            (g) => g.space,
        );
        expect(rows.map((g) => `${g.space!.name} ${g.principal.label}`)).toEqual([
            'Alpha user "abe"',
            'Alpha user "yan"',
            'Alpha group "Old"',
            'Alpha group "Sales"',
            'Zeta user "ann"',
        ]);
    });
});

describe("summarize", () => {
    it("counts Full users with the role that made each Full, unmanaged grants by role, and TenantAdmins", () => {
        const t = tenant({ everyone: [CREATOR] });
        const s = summarize(t, classifyAccess(t, mergeDeclarations([dev, prod])));
        // cat is disabled: not counted; dan is deleted.
        expect(s.users).toBe(2);
        expect(s.fullUsers).toEqual([
            { user: 'user "ann"', role: "TenantAdmin", via: "direct" },
            { user: 'user "bob"', role: "Steward", via: 'through group "Sales"' },
        ]);
        // Everyone's SharedSpaceCreator is prod's exact set's (which removes it): drift, not unmanaged.
        expect(s.unmanagedByRole).toEqual([
            { role: "Steward", count: 1 },
            { role: "TenantAdmin", count: 1 },
        ]);
        expect(s.tenantAdmins).toEqual([{ principal: 'user "ann"', via: "direct" }]);
        expect(s.counts).toEqual({ grants: 5, managed: 3, retained: 1, unmanaged: 2, drift: 4 });
    });

    it("makes every counted user Full when Everyone holds a promoting role", () => {
        const t = tenant({
            everyone: [ADMIN],
            users: [{ id: "u-eve", subject: "eve", direct: [], groupIds: [] }],
        });
        const s = summarize(t, classifyAccess(t, mergeDeclarations([])));
        expect(s.fullUsers).toEqual([{ user: 'user "eve"', role: "TenantAdmin", via: "through Everyone" }]);
        expect(s.tenantAdmins).toEqual([{ principal: "every user", via: "through Everyone" }]);
    });
});

describe("summarize: order and what counts", () => {
    it("lists Full users by subject, each with its first promoting role, never a space role", () => {
        const t = tenant({
            everyone: [],
            users: [
                { id: "u-zed", subject: "zed", direct: [CREATOR, STEWARD, ADMIN], groupIds: [] },
                { id: "u-amy", subject: "amy", direct: [ADMIN], groupIds: [] },
                { id: "u-kim", subject: "kim", direct: [ADMIN], groupIds: [] },
                { id: "u-bas", subject: "bas", direct: [CREATOR], groupIds: [] },
            ],
            groups: [],
        });
        const c = classifyAccess(t, mergeDeclarations([]));
        // A space grant of a promoting-looking row must not make bas Full.
        c.grants.push({
            principal: { kind: "user", id: "u-bas", name: "bas", label: 'user "bas"' },
            space: { id: "s1", name: "S" },
            role: "TenantAdmin",
            roleId: ADMIN.id,
            via: { kind: "space" },
            promotesToFull: true,
            managedBy: [],
        });
        const s = summarize(t, c);
        expect(s.fullUsers).toEqual([
            { user: 'user "amy"', role: "TenantAdmin", via: "direct" },
            { user: 'user "kim"', role: "TenantAdmin", via: "direct" },
            { user: 'user "zed"', role: "Steward", via: "direct" },
        ]);
        expect(s.tenantAdmins.map((a) => a.principal)).toEqual(['user "amy"', 'user "kim"', 'user "zed"']);
    });

    it("orders unmanaged grants by count, then by role name", () => {
        const t = tenant({
            everyone: [],
            users: [
                { id: "u-1", subject: "u1", direct: [STEWARD, ADMIN], groupIds: [] },
                { id: "u-2", subject: "u2", direct: [STEWARD, CREATOR], groupIds: [] },
            ],
            groups: [],
        });
        const s = summarize(t, classifyAccess(t, mergeDeclarations([])));
        expect(s.unmanagedByRole).toEqual([
            { role: "Steward", count: 2 },
            { role: "SharedSpaceCreator", count: 1 },
            { role: "TenantAdmin", count: 1 },
        ]);
    });
});

function sample(): AccessReport {
    const t = tenant();
    const c = classifyAccess(t, mergeDeclarations([dev, prod]));
    return {
        tenantUrl: URL,
        stacks: ["dev", "prod"],
        spaces: false,
        unmanagedOnly: false,
        withDrift: true,
        ...c,
        summary: summarize(t, c),
    };
}

describe("renderReport", () => {
    it("table: one aligned line per grant, UNMANAGED spelled out, then drift, custom roles and the summary", () => {
        const out = renderReport(sample(), "table");
        const lines = out.split("\n");
        expect(lines[0]).toBe(`Access in ${URL} (stacks: dev, prod; space assignments not read: --spaces)`);
        expect(lines[2]).toMatch(/^PRINCIPAL +ROLE +HELD +FULL +MANAGED BY$/);
        expect(out).toMatch(
            /user "ann" +TenantAdmin +direct +Full +dev\/ann-admin \(adopted and retained\)\n/,
        );
        expect(out).toMatch(/user "bob" +Steward +through group "Sales" +Full +dev\/sales-steward\n/);
        expect(out).toMatch(/user "cat" \(disabled\) +Steward +direct +Full +UNMANAGED\n/);
        expect(out).toMatch(
            /Everyone +SharedSpaceCreator +every user \(Everyone\) +- +prod\/everyone \(exact set: the next up removes it\)\n/,
        );
        expect(out).toMatch(
            /Drift \(the tenant differs from what the stacks declare\):\nDECLARED BY +PRINCIPAL +ROLE +WHAT THE TENANT SHOWS\ndev\/bob-steward +user "bob" +Steward +not held\n/,
        );
        expect(out).toMatch(
            /prod\/everyone +Everyone +SharedSpaceCreator +held, not in the exact set: the next up removes it\n/,
        );
        expect(out).toContain('  Full users: 2 of 2:\n      user "ann": TenantAdmin (direct)\n');
        expect(out).toContain("  Unmanaged grants by role: Steward 1, TenantAdmin 1.\n");
        expect(out).toContain('  TenantAdmins: 1:\n      user "ann": direct\n');
    });

    it("md: tables with pipes escaped and unmanaged in bold", () => {
        const r = sample();
        r.grants[0]!.principal.label = 'user "a|b"';
        const out = renderReport(r, "md");
        expect(out).toMatch(/^## Access in /);
        expect(out).toContain(
            '| user "a\\|b" | TenantAdmin | direct | Full | dev/ann-admin (adopted and retained) |',
        );
        expect(out).toContain("| **unmanaged** |");
        expect(out).toContain("### Drift (the tenant differs from what the stacks declare)");
        expect(out).toContain("- Full users: 2 of 2:");
    });

    it("csv: a header, one quoted line per grant, drift and custom role, and no formula a spreadsheet would run", () => {
        const r = sample();
        r.grants[0]!.principal.name = "=HYPERLINK(1)";
        const lines = renderReport(r, "csv").split("\r\n");
        expect(lines[0]).toBe(
            "record,principal_type,principal_id,principal,space,role,held,promotes_full,management,managed_by",
        );
        expect(lines[1]).toBe(
            "grant,user,u-ann,'=HYPERLINK(1),,TenantAdmin,direct,true,adopted and retained,dev/ann-admin",
        );
        expect(lines).toContain(
            'grant,user,u-bob,bob,,Steward,"through group ""Sales""",true,managed,dev/sales-steward',
        );
        expect(lines).toContain(
            'custom role,,r-analyst,,,"Analyst, EU",,false,adopted and retained,prod/analyst',
        );
        // Drift names its principal by type and id, as grants do.
        expect(lines).toContain("drift,user,u-zed,u-zed,,Steward,principal gone,,managed,dev/gone");
        expect(lines).toContain("drift,user,u-bob,bob,,Steward,not held,,managed,dev/bob-steward");
        expect(lines).toContain(
            "grant,everyone,000000000000000000000001,com.qlik.Everyone,,SharedSpaceCreator,every user (Everyone),false,removed by the next up,prod/everyone",
        );
    });

    it("json: every row with its management, and the summary", () => {
        const parsed = JSON.parse(renderReport(sample(), "json"));
        expect(parsed.grants[0]).toMatchObject({
            role: "TenantAdmin",
            held: "direct",
            management: "adopted and retained",
        });
        expect(parsed.summary.counts.unmanaged).toBe(2);
        expect(parsed.drift[0]).toMatchObject({
            principal: { kind: "user", id: "u-bob", name: "bob" },
            role: "Steward",
            why: "not held",
        });
        expect(parsed.customRoles[0]).toMatchObject({
            name: ANALYST.name,
            management: "adopted and retained",
        });
    });

    it("--unmanaged leaves drift out of every form, unless a drift gate asks for it", () => {
        const r = { ...sample(), unmanagedOnly: true, withDrift: false };
        expect(renderReport(r, "table")).not.toContain("Drift (");
        expect(renderReport(r, "md")).not.toContain("Drift (");
        expect(renderReport(r, "csv")).not.toContain("\r\ndrift,");
        const gated = { ...r, withDrift: true };
        expect(renderReport(gated, "table")).toContain("Drift (the tenant differs");
        expect(renderReport(gated, "csv")).toContain("\r\ndrift,");
    });
});

describe("report --program grants", () => {
    it("declares each unmanaged direct grant once, Everyone's on its fixed id, and unmanaged custom roles", () => {
        const t = tenant();
        const c = classifyAccess(t, mergeDeclarations([dev]));
        const r: AccessReport = {
            tenantUrl: URL,
            stacks: ["dev"],
            spaces: false,
            unmanagedOnly: true,
            withDrift: false,
            ...c,
            summary: summarize(t, c),
        };
        const g = unmanagedGrants(r, t);
        expect(g.retainIfPreexisting).toBe(true);
        expect(g.users.map((u) => [u.subject, u.roles, u.status])).toEqual([
            ["cat", ["Steward"], "disabled"],
        ]);
        expect(g.groups.map((x) => [x.groupId, x.roles])).toEqual([
            ["g-old", ["TenantAdmin"]],
            [EVERYONE, ["SharedSpaceCreator"]],
        ]);
        expect(g.customRoles).toEqual([
            { roleId: ANALYST.id, name: ANALYST.name, description: "d", scopes: ["a", "b"] },
        ]);
    });
});

describe("report --program", () => {
    const programOf = (declared: ReturnType<typeof mergeDeclarations>) => {
        const t = tenant();
        const c = classifyAccess(t, declared);
        const r: AccessReport = {
            tenantUrl: URL,
            stacks: ["dev", "prod"],
            spaces: false,
            unmanagedOnly: true,
            withDrift: false,
            ...c,
            summary: summarize(t, c),
        };
        return { grants: unmanagedGrants(r, t), text: renderAdoptionProgram(r, t, ["--program"]) };
    };

    it("does not adopt a role an exact set is about to remove: the two stacks would fight over it", () => {
        const { grants } = programOf(mergeDeclarations([dev, prod]));
        expect(grants.groups.map((x) => x.groupId)).toEqual(["g-old"]);
    });

    it("says how to make destroy remove the grants without naming export's --remove-on-destroy", () => {
        const { text } = programOf(mergeDeclarations([dev]));
        expect(text).toMatch(/^\/\/ Generated by `pulumi-qlik-roles report --program` from /);
        expect(text).toContain(
            "To make destroy remove these grants, set retainIfPreexisting below to false.",
        );
        expect(text).not.toContain("--remove-on-destroy");
    });
});

describe("parseReportArgs", () => {
    it("takes repeatable --stack and --fail-on, and --format with = or a space", () => {
        expect(
            parseReportArgs([
                "--stack",
                "a",
                "--stack=b",
                "--fail-on",
                "drift",
                "--fail-on=unmanaged",
                "--format=md",
            ]),
        ).toMatchObject({
            stacks: ["a", "b"],
            failOn: ["drift", "unmanaged"],
            format: "md",
        });
        expect(parseReportArgs(["--help"])).toBe("help");
    });

    it.each([
        [["--format", "xml"], '--format must be table, json, csv or md; got "xml"'],
        [["--fail-on", "all"], '--fail-on must be unmanaged or drift; got "all"'],
        [["--stack"], "--stack needs a value; see --help"],
        [["--program", "--format", "json"], "--program prints a TypeScript program; it takes no --format"],
        [["--api-key", "x"], 'unknown option "--api-key"; credentials are never flags'],
    ])("refuses %j in one line", (args, message) => {
        expect(() => parseReportArgs(args)).toThrow(message);
    });
});
