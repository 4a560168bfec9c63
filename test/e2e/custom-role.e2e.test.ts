/**
 * e2e: `CustomRole` on the real Pulumi CLI against the emulator: a role created and assigned to a user and a group
 * in one `up`, a no-change preview, a scope change as one PATCH, a rename the assignments survive without a write,
 * drift found by refresh, and destroy in dependency order back to the seed; then each bad input as one line.
 */
import * as path from "node:path";
import type { TenantEmulator } from "../../emulator";
import { PulumiStack, type CommandResult } from "../../scripts/lib/pulumi-cli";
import { describeWithCli, emulatorForFile } from "./e2e-setup";

jest.setTimeout(900_000); // about a dozen CLI commands, each tens of seconds on a loaded machine

const PROGRAM = path.join(__dirname, "custom-role-program");

let emu: TenantEmulator;
const stacks = emulatorForFile((started) => (emu = started));

interface RoleDecl {
    name: string;
    roleName: string;
    description?: string;
    scopes?: string[];
}

const publisher = (extra: Partial<RoleDecl> = {}): RoleDecl => ({
    name: "publisher",
    roleName: "Analytics Publisher",
    description: "publishes",
    scopes: ["apps.image:export"],
    ...extra,
});
const GRANTS = [
    { name: "alice-pub", kind: "user", subject: "user1234", customRole: "publisher" },
    { name: "group-pub", kind: "group", groupName: "My Group", customRole: "publisher" },
];

async function stackWith(roles: RoleDecl[], grants: object[] = []): Promise<PulumiStack> {
    const stack = await PulumiStack.create({
        programDir: PROGRAM,
        config: {
            "qlik:tenantUrl": emu.url,
            "qlik:apiKey": { value: emu.apiKey, secret: true },
            customRoles: JSON.stringify(roles),
            grants: JSON.stringify(grants),
        },
    });
    stacks.push(stack);
    return stack;
}

const writes = () => emu.requests.filter((e) => e.method !== "GET").map((e) => `${e.method} ${e.path}`);
const output = (r: CommandResult) => r.stdout + r.stderr;
/** The CLI's closing summary, where each diagnostic is listed once (the live progress lines repeat them). */
const diagnostics = (r: CommandResult) => output(r).split("Diagnostics:")[1] ?? "";
/** The command failed, and the summary says why in exactly one line, with no internals. */
function expectOneLine(r: CommandResult, says: string): void {
    expect(r.code).not.toBe(0);
    expect(output(r)).not.toContain("QlikError");
    expect(
        diagnostics(r)
            .split("\n")
            .filter((l) => l.includes(says)),
    ).toHaveLength(1);
}

describeWithCli("CustomRole through the CLI", () => {
    it("creates and assigns a role in one up, changes and renames it with one PATCH each, finds drift, and destroys in order", async () => {
        const stack = await stackWith([publisher()], GRANTS);
        // Preview: the role does not exist yet, so the assignments wait for its name instead of failing.
        const preview = await stack.preview();
        expect(preview.code).toBe(0);
        expect(writes()).toEqual([]);

        await stack.up();
        const { id } = emu.roleNamed("Analytics Publisher")!;
        expect(emu.userRoles("user1234")).toContain("Analytics Publisher");
        expect(emu.groupRoles("My Group")).toContain("Analytics Publisher");
        expect((await stack.preview(["--expect-no-changes"])).code).toBe(0);

        // A scope change: one PATCH of the role, nothing else.
        await stack.setConfig(
            "customRoles",
            JSON.stringify([publisher({ scopes: ["apps.image:export", "automl-models:approve"] })]),
        );
        emu.resetLog();
        await stack.up();
        expect(writes()).toEqual([`PATCH /api/v1/roles/${id}`]);
        expect(emu.roleNamed("Analytics Publisher")!.scopes).toEqual([
            "apps.image:export",
            "automl-models:approve",
        ]);

        // A rename: the id stays, and the assignments (which hold the id) follow with no write.
        await stack.setConfig(
            "customRoles",
            JSON.stringify([
                publisher({
                    roleName: "Analytics Publisher EU",
                    scopes: ["apps.image:export", "automl-models:approve"],
                }),
            ]),
        );
        expect((await stack.preview()).code).toBe(0);
        emu.resetLog();
        await stack.up();
        expect(writes()).toEqual([`PATCH /api/v1/roles/${id}`]);
        expect(emu.roleNamed("Analytics Publisher EU")!.id).toBe(id);
        expect(emu.userRoles("user1234")).toContain("Analytics Publisher EU");
        expect((await stack.preview(["--expect-no-changes"])).code).toBe(0);

        // Drift: a scope added in the console shows after a refresh, and up takes it away again.
        emu.setCustomRoleScopes("Analytics Publisher EU", [
            "apps.image:export",
            "automl-models:approve",
            "extra:scope",
        ]);
        await stack.refresh();
        expect((await stack.preview(["--expect-no-changes"])).code).not.toBe(0);
        await stack.up();
        expect(emu.roleNamed("Analytics Publisher EU")!.scopes).toEqual([
            "apps.image:export",
            "automl-models:approve",
        ]);

        // Destroy: the assignments go first (they depend on the role's name), then the role.
        emu.resetLog();
        await stack.destroy();
        const order = writes();
        expect(order[order.length - 1]).toBe(`DELETE /api/v1/roles/${id}`);
        expect(
            order.filter(
                (w) => w.startsWith("PATCH /api/v1/users/") || w.startsWith("PATCH /api/v1/groups/"),
            ),
        ).toHaveLength(2);
        expect(emu.roleNamed("Analytics Publisher EU")).toBeUndefined();
        expect(emu.snapshot()).toEqual(emu.seedSnapshot());
    });

    it.each([
        [
            "a duplicate name",
            [publisher({ roleName: "CustomAnalyst" })],
            'a custom role named "CustomAnalyst" exists already',
        ],
        [
            "a default role's name",
            [publisher({ roleName: "TenantAdmin" })],
            '"TenantAdmin" is the name of a default role',
        ],
    ])("preview refuses %s in one line and writes nothing", async (_what, roles, says) => {
        const stack = await stackWith(roles, GRANTS);
        const res = await stack.preview();
        expectOneLine(res, says);
        expect(writes()).toEqual([]);
    });

    it("destroy refuses in one line naming who holds the role outside the stack, and loses nothing", async () => {
        const stack = await stackWith([publisher()]);
        await stack.up();
        emu.setUserRoles("user1234", ["Analytics Publisher"]);
        emu.resetLog();
        const res = await stack.run(["destroy", "--yes", "--skip-preview"]);
        expectOneLine(
            res,
            'custom role "Analytics Publisher" is still held by user "user1234", outside this stack',
        );
        expect(writes()).toEqual([]);
        expect(emu.roleNamed("Analytics Publisher")).toBeDefined();
        expect(await stack.resources()).toHaveLength(1);
        emu.setUserRoles("user1234", []);
        await stack.destroy();
        expect(emu.roleNamed("Analytics Publisher")).toBeUndefined();
    });
});
