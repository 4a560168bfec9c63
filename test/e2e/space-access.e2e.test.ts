/**
 * e2e: a team's tenant roles and space roles in one program, on the real Pulumi CLI against the emulator: preview
 * writes nothing, up, a no-change preview, a role change as one PUT, drift found by refresh, and destroy back to
 * the seed with every pre-existing assignment and its other roles untouched. Bad input fails at preview.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { SEED_SPACES, SEED_SPACE_IDS, type RequestLogEntry, type TenantEmulator } from "../../emulator";
import { stableHex } from "../../emulator/ids";
import { PulumiStack, REPO_ROOT } from "../../scripts/lib/pulumi-cli";
import { describeWithCli, emulatorForFile } from "./e2e-setup";

jest.setTimeout(900_000); // about ten CLI commands, each tens of seconds on a loaded machine

const PROGRAM = path.join(__dirname, "program");
const ADOPT = path.join(__dirname, "adopt-program");
const BIN = path.join(REPO_ROOT, "dist/provider/cli/main.js");
const VIEWER = stableHex("user:viewer");
const DOC_USER = "637390ec6541614d3a88d6c1";

let emu: TenantEmulator;
const stacks = emulatorForFile((started) => (emu = started));

const writes = (log: readonly RequestLogEntry[]) =>
    log.filter((e) => ["POST", "PUT", "DELETE", "PATCH"].includes(e.method) && e.path.startsWith("/api/v1/"));
const spaceWrites = (log: readonly RequestLogEntry[]) =>
    writes(log).filter((e) => e.path.startsWith("/api/v1/spaces/"));

async function stackWith(declared: object[]): Promise<PulumiStack> {
    const stack = await PulumiStack.create({
        programDir: PROGRAM,
        config: {
            "qlik:tenantUrl": emu.url,
            "qlik:apiKey": { value: emu.apiKey, secret: true },
            assignments: JSON.stringify(declared),
        },
    });
    stacks.push(stack);
    return stack;
}

/** The team: a tenant role for the viewer, and space roles for the viewer, user1234 and "My Group". */
const team = (viewerSalesRole: string) => [
    { name: "viewer-msc", kind: "user", email: "viewer@example.com", role: "ManagedSpaceCreator" },
    {
        name: "viewer-sales",
        kind: "space",
        spaceName: SEED_SPACES.sales,
        email: "viewer@example.com",
        role: viewerSalesRole,
    },
    {
        name: "doc-sales",
        kind: "space",
        spaceName: SEED_SPACES.sales,
        subject: "user1234",
        role: "contributor",
    },
    {
        name: "group-finance",
        kind: "space",
        spaceName: SEED_SPACES.finance,
        groupName: "My Group",
        role: "facilitator",
    },
    {
        name: "viewer-lake",
        kind: "spaceRoles",
        spaceName: SEED_SPACES.dataLake,
        email: "viewer@example.com",
        roles: ["consumer", "datapreview"],
    },
];

describeWithCli("Space access through the CLI", () => {
    it("preview writes nothing; up, a no-change preview, a role change, refresh and destroy keep the seed's assignments", async () => {
        const seedSpaces = emu.spaces.snapshot();
        const seedViewerRoles = emu.userRoles(VIEWER);
        const stack = await stackWith(team("consumer"));

        const preview = await stack.preview();
        expect(preview.code).toBe(0);
        expect(writes(emu.requests)).toHaveLength(0);

        emu.resetLog();
        await stack.up();
        expect(emu.spaces.assignment(SEED_SPACES.sales, VIEWER)?.roles).toEqual(["consumer"]);
        expect(emu.spaces.assignment(SEED_SPACES.sales, DOC_USER)?.roles).toEqual([
            "consumer",
            "publisher",
            "contributor",
        ]);
        expect(emu.spaces.assignment(SEED_SPACES.finance, "6425d62641d2b80a9a0f92c3")?.roles).toEqual([
            "consumer",
            "facilitator",
        ]);
        expect(emu.spaces.assignment(SEED_SPACES.dataLake, VIEWER)?.roles.sort()).toEqual([
            "consumer",
            "datapreview",
        ]);
        expect(emu.userRoles(VIEWER)).toContain("ManagedSpaceCreator");
        // One write per (space, assignee): two POSTs (new members) and two PUTs (members with an assignment).
        expect(
            spaceWrites(emu.requests)
                .map((e) => e.method)
                .sort(),
        ).toEqual(["POST", "POST", "PUT", "PUT"]);

        emu.resetLog();
        expect((await stack.preview(["--expect-no-changes"])).code).toBe(0);
        expect(writes(emu.requests)).toHaveLength(0);

        await stack.setConfig("assignments", JSON.stringify(team("contributor")));
        emu.resetLog();
        await stack.up();
        expect(spaceWrites(emu.requests).map((e) => [e.method, e.body])).toEqual([
            ["PUT", { roles: ["contributor"] }],
        ]);

        // Drift: the group's facilitator role is taken away outside Pulumi; refresh drops the resource, up restores it.
        emu.spaces.setAssignment(SEED_SPACES.finance, "group", "6425d62641d2b80a9a0f92c3", ["consumer"]);
        await stack.refresh();
        const names = (await stack.resources()).map((r) => r.urn.split("::").pop());
        expect(names).not.toContain("group-finance");
        expect(names).toContain("doc-sales");
        await stack.up();
        expect(emu.spaces.assignment(SEED_SPACES.finance, "6425d62641d2b80a9a0f92c3")?.roles).toEqual([
            "consumer",
            "facilitator",
        ]);

        await stack.destroy();
        expect(emu.spaces.snapshot()).toEqual(seedSpaces);
        expect(emu.userRoles(VIEWER)).toEqual(seedViewerRoles);
    });

    it("bad input fails at preview, one line each, with no write", async () => {
        const grant = { name: "bad", kind: "space", subject: "user1234", role: "consumer" };
        const cases: [object, string][] = [
            [
                { spaceName: "No Such Space" },
                'no space with spaceName "No Such Space" is visible to the credential',
            ],
            [
                { spaceId: SEED_SPACE_IDS.adminPersonal },
                `spaceId "${SEED_SPACE_IDS.adminPersonal}" is a personal space, which takes no members`,
            ],
            [
                { spaceName: SEED_SPACES.sales, role: "publsher" },
                'role "publsher" cannot be assigned in managed space "Sales Reporting"; did you mean "publisher"?',
            ],
            [
                { spaceName: SEED_SPACES.finance },
                'user "user1234" owns space "Finance Analytics" and so already holds every role in it',
            ],
            [
                { spaceName: SEED_SPACES.dataLake, role: "Consumer" },
                'role "Consumer" cannot be assigned in data space "Data Lake"; space roles are lowercase and case-sensitive: did you mean "consumer"?',
            ],
        ];
        const stack = await stackWith([]);
        for (const [bad, line] of cases) {
            await stack.setConfig("assignments", JSON.stringify([{ ...grant, ...bad }]));
            const res = await stack.preview();
            expect(res.code).not.toBe(0);
            const output = res.stdout + res.stderr;
            expect(output).not.toContain("QlikError");
            // The closing summary lists each diagnostic once (the live progress lines repeat them): one line.
            const diagnostics = output.split("Diagnostics:")[1] ?? "";
            expect(
                diagnostics.split("\n").filter((l) => l.includes("error: ") && l.includes(line)),
            ).toHaveLength(1);
        }
        expect(writes(emu.requests)).toHaveLength(0);
    });
});

describeWithCli("export --spaces through the CLI", () => {
    it("the exported program adopts every space assignment with no write, and destroy leaves them", async () => {
        const stack = await PulumiStack.create({
            programDir: ADOPT,
            config: { "qlik:tenantUrl": emu.url, "qlik:apiKey": { value: emu.apiKey, secret: true } },
        });
        stacks.push(stack);
        const program = await new Promise<string>((resolve, reject) =>
            execFile(
                process.execPath,
                [BIN, "export", "--spaces"],
                { cwd: stack.programDir, env: stack.env, maxBuffer: 1 << 26 },
                (err, out) => (err ? reject(err) : resolve(out)),
            ),
        );
        fs.writeFileSync(path.join(stack.programDir, "index.ts"), program);
        const seed = emu.spaces.snapshot();
        emu.resetLog();
        await stack.up();
        expect(writes(emu.requests)).toHaveLength(0);
        const spaceResources = (await stack.resources()).filter((r) => r.urn.includes("SpaceRoleAssignment"));
        expect(spaceResources.length).toBeGreaterThan(25);
        expect(spaceResources.every((r) => r.outputs.preexisting === true)).toBe(true);
        expect((await stack.preview(["--expect-no-changes"])).code).toBe(0);
        await stack.destroy();
        expect(writes(emu.requests)).toHaveLength(0);
        expect(emu.spaces.snapshot()).toEqual(seed);
    });
});
