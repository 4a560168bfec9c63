/**
 * e2e: the real Pulumi CLI (preview, up, refresh, destroy) on a local file backend against the emulator.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator, type TenantEmulator } from "../../emulator";
import { PulumiStack, REPO_ROOT } from "../../scripts/lib/pulumi-cli";
import { patchedNames, patches } from "../support/harness";
import { describeWithCli } from "./e2e-setup";

jest.setTimeout(240_000);

const QUICKSTART = path.join(REPO_ROOT, "examples/quickstart");
const PROGRAM = path.join(__dirname, "program");
const DOC_USER_PATH = "/api/v1/users/637390ec6541614d3a88d6c1";
const DOC_GROUP_PATH = "/api/v1/groups/6425d62641d2b80a9a0f92c3";

let emu: TenantEmulator;
const stacks: PulumiStack[] = [];
beforeAll(async () => {
    emu = await startEmulator({ extraUsers: 40, extraGroups: 10 });
});
afterAll(async () => {
    for (const s of stacks) s.dispose();
    await emu?.close();
});
beforeEach(() => emu.reset());

async function stackFor(
    programDir: string,
    extra: Partial<Parameters<typeof PulumiStack.create>[0]> = {},
): Promise<PulumiStack> {
    const stack = await PulumiStack.create({
        programDir,
        config: { "qlik:tenantUrl": emu.url, "qlik:apiKey": { value: emu.apiKey, secret: true } },
        ...extra,
    });
    stacks.push(stack);
    return stack;
}

const assignments = (list: object[]) => JSON.stringify(list);

describeWithCli("the quickstart on the real Pulumi engine", () => {
    it("pulumi preview --json lists the planned creates and writes nothing to the tenant", async () => {
        const stack = await stackFor(QUICKSTART);
        const preview = await stack.previewJson();
        expect(preview.code).toBe(0);
        const creates = preview.steps.filter((s) => s.op === "create" && s.urn.includes("dynamic/qlik"));
        expect(creates.map((s) => s.urn.split("::").pop()).sort()).toEqual([
            "my-group-managed-space-creator",
            "user1234-managed-space-creator",
        ]);
        expect(patches(emu.requests)).toHaveLength(0);
    });

    it("pulumi up lands the documented PATCH; a second preview shows no changes; destroy restores the seed", async () => {
        const stack = await stackFor(QUICKSTART);
        await stack.up();
        const userPatches = patches(emu.requests, DOC_USER_PATH);
        expect(userPatches).toHaveLength(1);
        expect(patchedNames(userPatches[0]!)).toEqual([
            "AuditAdmin",
            "SharedSpaceCreator",
            "ManagedSpaceCreator",
        ]);
        expect(userPatches[0]!.status).toBe(204);
        expect(emu.groupRoles("My Group")).toEqual([
            "AuditAdmin",
            "ManagedSpaceCreator",
            "SharedSpaceCreator",
        ]);

        emu.resetLog();
        const again = await stack.preview(["--expect-no-changes"]);
        expect(again.code).toBe(0);
        expect(patches(emu.requests)).toHaveLength(0);

        await stack.destroy();
        expect(emu.userRoles("user1234")).toEqual(["AuditAdmin", "SharedSpaceCreator"]);
        expect(emu.snapshot()).toEqual(emu.seedSnapshot());
    });

    it("the stack's state holds neither the API key nor the OAuth client secret, in any form", async () => {
        const credentialSets: Record<string, string | { value: string; secret: true }>[] = [
            { "qlik:apiKey": { value: emu.apiKey, secret: true as const } },
            {
                "qlik:clientId": emu.oauthClient.clientId,
                "qlik:clientSecret": { value: emu.oauthClient.clientSecret, secret: true as const },
            },
        ];
        for (const credentials of credentialSets) {
            emu.reset();
            const stack = await PulumiStack.create({
                programDir: QUICKSTART,
                config: { "qlik:tenantUrl": emu.url, ...credentials },
            });
            stacks.push(stack);
            await stack.up();
            const state = await stack.exportState();
            const secrets = [emu.apiKey, emu.oauthClient.clientSecret];
            for (const secret of secrets) {
                for (const form of [
                    secret,
                    Buffer.from(secret).toString("base64"),
                    encodeURIComponent(secret),
                    JSON.stringify(secret).slice(1, -1),
                ]) {
                    expect(state).not.toContain(form);
                }
            }
            for (const line of stack.transcript)
                for (const secret of secrets) expect(line).not.toContain(secret);
            await stack.destroy();
        }
    });
});

describeWithCli("changes, drift and removal through the CLI", () => {
    it("changing a role is an update (not a replace) and costs one PATCH per principal", async () => {
        const stack = await stackFor(PROGRAM);
        await stack.setConfig(
            "assignments",
            assignments([
                { name: "u", kind: "user", subject: "user1234", role: "ManagedSpaceCreator" },
                { name: "g", kind: "group", groupName: "My Group", role: "ManagedSpaceCreator" },
            ]),
        );
        await stack.up();
        await stack.setConfig(
            "assignments",
            assignments([
                { name: "u", kind: "user", subject: "user1234", role: "DataSpaceCreator" },
                { name: "g", kind: "group", groupName: "My Group", role: "DataSpaceCreator" },
            ]),
        );
        emu.resetLog();
        const preview = await stack.previewJson();
        const ops = preview.steps.filter((s) => s.urn.includes("dynamic/qlik")).map((s) => s.op);
        expect(ops).toEqual(["update", "update"]);
        await stack.up();
        expect(patches(emu.requests, DOC_USER_PATH)).toHaveLength(1);
        expect(patches(emu.requests, DOC_GROUP_PATH)).toHaveLength(1);
        expect(emu.userRoles("user1234")).toEqual(["AuditAdmin", "DataSpaceCreator", "SharedSpaceCreator"]);
        await stack.destroy();
        expect(emu.snapshot()).toEqual(emu.seedSnapshot());
    });

    it("a role change answered 207 after it landed: the failed up records the new role, and the next up converges", async () => {
        const stack = await stackFor(PROGRAM);
        const declare = (role: string) =>
            stack.setConfig(
                "assignments",
                assignments([{ name: "u", kind: "user", subject: "user1234", role }]),
            );
        await declare("ManagedSpaceCreator");
        await stack.up();
        await declare("DataSpaceCreator");
        emu.faults.inject({ match: { method: "PATCH" }, kind: "partial-207", applied: true, times: 1 });
        const failed = await stack.run(["up", "--yes", "--skip-preview"]);
        expect(failed.code).not.toBe(0);
        expect(emu.userRoles("user1234")).toEqual(["AuditAdmin", "DataSpaceCreator", "SharedSpaceCreator"]);
        // The engine kept the outputs the failed update carried (not the old ones), flagged to be updated again.
        const [recorded] = await stack.resources();
        expect(recorded.outputs).toMatchObject({ role: "DataSpaceCreator" });
        await stack.up();
        expect(emu.userRoles("user1234")).toEqual(["AuditAdmin", "DataSpaceCreator", "SharedSpaceCreator"]);
        expect((await stack.preview(["--expect-no-changes"])).code).toBe(0);
        await stack.destroy();
        expect(emu.snapshot()).toEqual(emu.seedSnapshot());
    });

    it("a role removed outside Pulumi is dropped by refresh and restored by the next up", async () => {
        const stack = await stackFor(PROGRAM);
        await stack.setConfig(
            "assignments",
            assignments([{ name: "u", kind: "user", subject: "user1234", role: "ManagedSpaceCreator" }]),
        );
        await stack.up();
        emu.setUserRoles("user1234", ["AuditAdmin", "SharedSpaceCreator"]);
        await stack.refresh();
        expect(await stack.resources()).toHaveLength(0);
        await stack.up();
        expect(emu.userRoles("user1234")).toContain("ManagedSpaceCreator");
        expect((await stack.preview(["--expect-no-changes"])).code).toBe(0);
        await stack.destroy();
    });

    it("removing one resource from the program removes only that role", async () => {
        const stack = await stackFor(PROGRAM);
        const both = [
            { name: "a", kind: "user", subject: "user1234", role: "ManagedSpaceCreator" },
            { name: "b", kind: "user", subject: "user1234", role: "DataSpaceCreator" },
        ];
        await stack.setConfig("assignments", assignments(both));
        await stack.up();
        await stack.setConfig("assignments", assignments([both[0]]));
        await stack.up();
        expect(emu.userRoles("user1234")).toEqual([
            "AuditAdmin",
            "ManagedSpaceCreator",
            "SharedSpaceCreator",
        ]);
        await stack.destroy();
        expect(emu.snapshot()).toEqual(emu.seedSnapshot());
    });

    it("a bad role name fails preview naming the property and the role, and nothing is written", async () => {
        const stack = await stackFor(PROGRAM);
        await stack.setConfig(
            "assignments",
            assignments([{ name: "bad", kind: "user", subject: "user1234", role: "ManagedSpaceCreater" }]),
        );
        const preview = await stack.preview();
        expect(preview.code).not.toBe(0);
        expect(preview.stdout + preview.stderr).toMatch(
            /role.*role "ManagedSpaceCreater" does not exist in the tenant/,
        );
        expect(patches(emu.requests)).toHaveLength(0);
    });

    it("declaring one (principal, role) pair twice fails the preview before anything is written", async () => {
        const stack = await stackFor(PROGRAM);
        await stack.setConfig(
            "assignments",
            assignments([
                { name: "one", kind: "user", subject: "user1234", role: "ManagedSpaceCreator" },
                {
                    name: "two",
                    kind: "user",
                    userId: "637390ec6541614d3a88d6c1",
                    role: "ManagedSpaceCreator",
                },
            ]),
        );
        const preview = await stack.preview();
        expect(preview.code).not.toBe(0);
        expect(preview.stdout + preview.stderr).toMatch(/also declared by resource "(one|two)"/);
        expect(patches(emu.requests)).toHaveLength(0);
    });
});

describeWithCli("upgrades", () => {
    it("state written by the installed package is refreshed and destroyed after the package's implementation changes", async () => {
        const stack = await stackFor(PROGRAM, { packages: "installed" });
        await stack.setConfig(
            "assignments",
            assignments([
                { name: "u", kind: "user", subject: "user1234", role: "ManagedSpaceCreator" },
                { name: "g", kind: "group", groupName: "My Group", role: "Steward" },
            ]),
        );
        await stack.up();
        // The upgrade: a new version whose runtime module differs (it announces itself on every configure).
        const pkg = path.join(stack.programDir, "node_modules/pulumi-qlik-roles");
        const runtime = path.join(pkg, "dist/provider/runtime/index.js");
        fs.writeFileSync(
            runtime,
            fs
                .readFileSync(runtime, "utf8")
                .replace(
                    "async function configure(req, tuning) {",
                    'async function configure(req, tuning) {\n    console.error("pulumi-qlik-roles 9.9.9-upgrade configured");',
                ),
        );
        const manifest = JSON.parse(fs.readFileSync(path.join(pkg, "package.json"), "utf8"));
        fs.writeFileSync(
            path.join(pkg, "package.json"),
            JSON.stringify({ ...manifest, version: "9.9.9-upgrade" }),
        );
        await stack.refresh();
        expect(await stack.resources()).toHaveLength(2);
        const destroyed = await stack.destroy();
        expect(destroyed.stdout + destroyed.stderr).toContain("9.9.9-upgrade configured");
        expect(emu.snapshot()).toEqual(emu.seedSnapshot());
    });
});

describeWithCli("examples/team-access", () => {
    it("goes up and down cleanly at default parallelism with many assignments per principal", async () => {
        const stack = await stackFor(path.join(REPO_ROOT, "examples/team-access"));
        await stack.up();
        const resources = await stack.resources();
        expect(resources.length).toBeGreaterThan(30);
        for (const r of resources) {
            const o = r.outputs as { subject?: string; groupName?: string; role: string };
            const held = o.subject ? emu.userRoles(o.subject) : emu.groupRoles(o.groupName!);
            expect(held).toContain(o.role);
        }
        const principals = new Set(patches(emu.requests).map((e) => e.path)).size;
        console.log(
            `team-access: ${resources.length} assignments on ${principals} principals -> ${patches(emu.requests).length} PATCHes in up`,
        );
        expect((await stack.preview(["--expect-no-changes"])).code).toBe(0);
        await stack.destroy();
        expect(emu.snapshot()).toEqual(emu.seedSnapshot());
    });
});
