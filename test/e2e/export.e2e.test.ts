/**
 * e2e: adopting an existing tenant with `pulumi-qlik-roles export`, and a program using every lookup, on the real
 * Pulumi CLI against the emulator. The export runs as a user runs it: the package's command, inside the new
 * program's directory, reading the tenant from the selected stack's config.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator, type TenantEmulator } from "../../emulator";
import { PulumiStack, REPO_ROOT } from "../../scripts/lib/pulumi-cli";
import { patches } from "../support/harness";
import { describeWithCli } from "./e2e-setup";

jest.setTimeout(900_000); // the adoption test took 475 s on a heavily loaded 2-core machine

const ADOPT = path.join(__dirname, "adopt-program");
const LOOKUPS = path.join(__dirname, "lookups-program");
const BIN = path.join(REPO_ROOT, "dist/provider/cli/main.js");
const TSC = path.join(REPO_ROOT, "node_modules/typescript/bin/tsc");

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

async function stackFor(programDir: string): Promise<PulumiStack> {
    const stack = await PulumiStack.create({
        programDir,
        config: { "qlik:tenantUrl": emu.url, "qlik:apiKey": { value: emu.apiKey, secret: true } },
    });
    stacks.push(stack);
    return stack;
}

function run(
    file: string,
    args: string[],
    cwd: string,
    env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) =>
        execFile(file, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
            resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        ),
    );
}

/** `pulumi-qlik-roles export <args>` in the stack's program directory, with the stack's (not the test's) env. */
async function exportFrom(stack: PulumiStack, args: string[] = []) {
    const r = await run(process.execPath, [BIN, "export", ...args], stack.programDir, stack.env);
    if (r.code !== 0) throw new Error(`export failed (${r.code}): ${r.stderr}`);
    return r;
}

/** Grants an export covers, counted from its JSON form. */
function grantsOf(json: string): {
    users: { userId: string; roles: string[] }[];
    groups: { groupId: string; roles: string[] }[];
} {
    return JSON.parse(json);
}
const count = (g: ReturnType<typeof grantsOf>) =>
    [...g.users, ...g.groups].reduce((n, p) => n + p.roles.length, 0);

/** Writes the program, and proves it compiles as a user's project would (`tsc --noEmit`). */
async function adopt(stack: PulumiStack, program: string): Promise<void> {
    fs.writeFileSync(path.join(stack.programDir, "index.ts"), program);
    const tsc = await run(process.execPath, [TSC, "--noEmit", "-p", "."], stack.programDir, process.env);
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.code).toBe(0);
}

describeWithCli("adopting an existing tenant with `pulumi-qlik-roles export`", () => {
    it("the exported program adopts every direct grant with 0 PATCHes, plans nothing more, and destroy leaves the tenant as it was", async () => {
        const stack = await stackFor(ADOPT);
        const first = await exportFrom(stack);
        expect(first.stderr).toMatch(/export: read 49 users \(1 page\)\nexport: read 13 groups \(1 page\)\n/);
        const again = await exportFrom(stack);
        expect(again.stdout).toBe(first.stdout); // byte-identical on re-run
        const grants = grantsOf((await exportFrom(stack, ["--format", "json"])).stdout);
        const n = count(grants);
        expect(n).toBeGreaterThan(20);
        // Export only reads.
        expect(emu.requests.every((e) => e.method === "GET")).toBe(true);
        await adopt(stack, first.stdout);

        emu.resetLog();
        const preview = await stack.previewJson();
        expect(preview.code).toBe(0);
        const creates = preview.steps.filter((s) => s.op === "create" && s.urn.includes("dynamic/qlik"));
        expect(creates).toHaveLength(n);

        await stack.up();
        expect(patches(emu.requests)).toHaveLength(0);
        const resources = await stack.resources();
        expect(resources).toHaveLength(n);
        expect(resources.every((r) => r.outputs.preexisting === true)).toBe(true);
        expect(emu.snapshot()).toEqual(emu.seedSnapshot());

        expect((await stack.preview(["--expect-no-changes"])).code).toBe(0);

        emu.resetLog();
        await stack.destroy();
        expect(patches(emu.requests)).toHaveLength(0);
        expect(emu.snapshot()).toEqual(emu.seedSnapshot());
    });

    it("with --remove-on-destroy, destroy removes exactly the exported grants except the exporting identity's own TenantAdmin", async () => {
        const stack = await stackFor(ADOPT);
        const program = (await exportFrom(stack, ["--remove-on-destroy"])).stdout;
        expect(program).toContain("const retainIfPreexisting = false;");
        await adopt(stack, program);
        emu.resetLog();
        await stack.up();
        expect(patches(emu.requests)).toHaveLength(0);

        await stack.destroy();
        const seed = emu.seedSnapshot();
        const expected = {
            users: Object.fromEntries(
                Object.keys(seed.users).map((id) => [id, id === emu.adminUserId ? ["TenantAdmin"] : []]),
            ),
            groups: Object.fromEntries(Object.keys(seed.groups).map((id) => [id, []])),
        };
        expect(seed.users[emu.adminUserId]).toEqual(["TenantAdmin"]);
        expect(emu.snapshot()).toEqual(expected);
    });

    it("with --custom-roles, declares the custom roles before their grants and adopts both with 0 writes; destroy keeps them", async () => {
        const stack = await stackFor(ADOPT);
        const args = ["--custom-roles", "--role", "CustomAnalyst", "--role", "Data Steward EU"];
        const program = (await exportFrom(stack, args)).stdout;
        expect(program.indexOf("new CustomRole(")).toBeGreaterThan(0);
        expect(program.indexOf("new CustomRole(")).toBeLessThan(program.indexOf("new UserRoleAssignment("));
        await adopt(stack, program);
        emu.resetLog();
        await stack.up();
        expect(emu.requests.filter((e) => e.method !== "GET")).toEqual([]);
        const resources = await stack.resources();
        expect(resources.filter((r) => r.type.endsWith(":CustomRole"))).toHaveLength(2);
        expect(resources.every((r) => r.outputs.preexisting === true)).toBe(true);
        expect((await stack.preview(["--expect-no-changes"])).code).toBe(0);
        await stack.destroy();
        expect(emu.roleNamed("CustomAnalyst")).toBeDefined();
        expect(emu.roleNamed("Data Steward EU")).toBeDefined();
        expect(emu.snapshot()).toEqual(emu.seedSnapshot());
    });

    it("filters: --role and --groups-only export only those grants", async () => {
        const stack = await stackFor(ADOPT);
        const onlyAdmins = grantsOf(
            (await exportFrom(stack, ["--role", "TenantAdmin", "--format", "json"])).stdout,
        );
        expect(onlyAdmins.groups).toEqual([]);
        expect(onlyAdmins.users.map((u) => u.roles)).toEqual([["TenantAdmin"], ["TenantAdmin"]]);
        const groupsOnly = grantsOf((await exportFrom(stack, ["--groups-only", "--format", "json"])).stdout);
        expect(groupsOnly.users).toEqual([]);
        expect(groupsOnly.groups.length).toBeGreaterThan(3);
    });

    it("a non-admin key, a wrong key and a tenant URL with a path each fail with one line and exit 1", async () => {
        const base: NodeJS.ProcessEnv = { ...process.env, QLIK_TENANT_URL: emu.url };
        for (const key of Object.keys(base)) if (key.startsWith("PULUMI_")) delete base[key];
        const cases: [NodeJS.ProcessEnv, RegExp][] = [
            [
                { ...base, QLIK_API_KEY: emu.nonAdminApiKey },
                /cannot read role assignments; export needs a TenantAdmin's API key/,
            ],
            [{ ...base, QLIK_API_KEY: "not-a-key-0000" }, /answered 401: .*check the credential/],
            [
                { ...base, QLIK_API_KEY: emu.apiKey, QLIK_TENANT_URL: "https://tenant.example.com/hub" },
                /must be the tenant's address only/,
            ],
        ];
        for (const [env, message] of cases) {
            const r = await run(process.execPath, [BIN, "export"], REPO_ROOT + "/..", env);
            expect(r.code).toBe(1);
            expect(r.stdout).toBe("");
            expect(r.stderr).toMatch(message);
            expect(r.stderr.trim().split("\n")).toHaveLength(1);
            expect(r.stderr).not.toContain(emu.apiKey);
        }
    });
});

describeWithCli("a program using every lookup", () => {
    it("runs in preview and up, reads only, and its answers drive resources", async () => {
        const stack = await stackFor(LOOKUPS);
        emu.resetLog();
        const preview = await stack.previewJson();
        expect(preview.code).toBe(0);
        // "My Group" holds AuditAdmin directly: the program grants it Steward.
        const creates = preview.steps.filter((s) => s.op === "create" && s.urn.includes("dynamic/qlik"));
        expect(creates.map((s) => s.urn.split("::").pop())).toEqual(["steward-6425d62641d2b80a9a0f92c3"]);
        expect(emu.requests.every((e) => e.method === "GET")).toBe(true);

        await stack.up();
        const outputs = JSON.parse((await stack.run(["stack", "output", "--json"], { check: true })).stdout);
        expect(outputs).toEqual({
            holderSubjects: ["user1234"],
            holderGroups: ["My Group"],
            userRoles: ["AuditAdmin", "SharedSpaceCreator"],
            userGroups: ["My Group"],
            groupId: "6425d62641d2b80a9a0f92c3",
            groupRoles: ["AuditAdmin", "SharedSpaceCreator"],
            assignableRoles: expect.arrayContaining(["TenantAdmin", "Steward", "Data Steward EU"]),
        });
        expect(outputs.assignableRoles).not.toContain("UserDefault");
        expect(emu.groupRoles("My Group")).toContain("Steward");
        await stack.destroy();
        expect(emu.snapshot()).toEqual(emu.seedSnapshot());
    });

    // Failing lookups on the CLI: test/e2e/lookup-failures.e2e.test.ts.
});
