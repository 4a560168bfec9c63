/**
 * The package as a user gets it: `npm pack`ed, installed with `npm install` into a fresh Pulumi program beside the
 * program's own @pulumi/pulumi (the newest release and the oldest the peer range admits, each a different minor
 * from the other), then `pulumi preview`, `up` and `destroy` on the real CLI against the tenant emulator. The
 * tree must hold exactly one copy of @pulumi/pulumi: a second one inside this package would be a second Pulumi
 * runtime in the user's program.
 *
 * Installs use the npm cache (`--prefer-offline`); the first run on a machine downloads the SDK's dependencies.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type TenantEmulator } from "../../emulator";
import { PulumiStack, REPO_ROOT } from "../../scripts/lib/pulumi-cli";
import { patches } from "../support/harness";
import { cli, describeWithCli } from "../e2e/e2e-setup";
import { installedCopies, npm, packTarball } from "./npm";
import { devPin, oldestSupported, pinnedCliVersion } from "./versions";

jest.setTimeout(900_000);

const QUICKSTART = path.join(REPO_ROOT, "examples/quickstart");

let work: string;
let tarball: string;
let emu: TenantEmulator;
const stacks: PulumiStack[] = [];

beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "qlik-roles-package-"));
    tarball = await packTarball(work);
    emu = await startEmulator();
});
afterAll(async () => {
    for (const s of stacks) s.dispose();
    await emu?.close();
    if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** The package.json of a TypeScript Pulumi program that installs the packed package beside `pulumiVersion`. */
function programManifest(pulumiVersion: string): string {
    return JSON.stringify(
        {
            name: "qlik-roles-user-program",
            private: true,
            main: "index.ts",
            dependencies: { "@pulumi/pulumi": pulumiVersion, "pulumi-qlik-roles": `file:${tarball}` },
            devDependencies: { "@types/node": "^22.19.0", typescript: "5.9.3", "ts-node": "10.9.2" },
        },
        null,
        2,
    );
}

const INSTALL = ["install", "--no-audit", "--no-fund", "--prefer-offline"];

describe("installing the packed package", () => {
    it("next to an @pulumi/pulumi older than the peer range is refused by npm, naming the range (no silent second copy)", async () => {
        const [major, minor] = oldestSupported().split(".").map(Number);
        const tooOld = `${major}.${minor! - 1}.0`;
        const dir = path.join(work, "too-old");
        fs.mkdirSync(dir);
        fs.writeFileSync(path.join(dir, "package.json"), programManifest(tooOld));
        const r = await npm([...INSTALL, "--dry-run"], dir);
        expect(r.code).not.toBe(0);
        expect(r.stderr).toContain("ERESOLVE");
        expect(r.stderr).toContain(`peer @pulumi/pulumi@"^${oldestSupported()}" from pulumi-qlik-roles`);
    });
});

describeWithCli("the packed package in a fresh Pulumi program, on the real CLI", () => {
    it("the CLI on PATH is the one the repo pins (scripts/ensure-pulumi-cli.sh)", () => {
        expect(cli.ok && cli.version).toBe(`v${pinnedCliVersion()}`);
    });

    const versions: [string, string][] = [
        ["the newest release", devPin],
        ["the oldest release the peer range admits", oldestSupported()],
    ];
    it.each(versions)(
        "beside %s of @pulumi/pulumi (%s): one copy of it in the tree; preview, up and destroy work",
        async (_label, pulumiVersion) => {
            const stack = await PulumiStack.create({
                programDir: QUICKSTART,
                packages: "none",
                config: { "qlik:tenantUrl": emu.url, "qlik:apiKey": { value: emu.apiKey, secret: true } },
            });
            stacks.push(stack);
            fs.writeFileSync(path.join(stack.programDir, "package.json"), programManifest(pulumiVersion));
            const install = await npm(INSTALL, stack.programDir);
            expect(install.code).toBe(0);
            // npm lists packages whose install scripts it did not run; this package has none to run.
            expect(install.stderr).not.toContain("pulumi-qlik-roles@");

            expect(installedCopies(stack.programDir, "@pulumi/pulumi")).toEqual([
                { dir: path.join(stack.programDir, "node_modules/@pulumi/pulumi"), version: pulumiVersion },
            ]);
            const installed = path.join(stack.programDir, "node_modules/pulumi-qlik-roles");
            expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);

            emu.reset();
            const preview = await stack.previewJson();
            expect(preview.code).toBe(0);
            expect(
                preview.steps.filter((s) => s.op === "create" && s.urn.includes("dynamic/qlik")),
            ).toHaveLength(2);
            expect(patches(emu.requests)).toHaveLength(0);

            await stack.up();
            expect(emu.userRoles("user1234")).toContain("ManagedSpaceCreator");
            expect(emu.groupRoles("My Group")).toContain("ManagedSpaceCreator");

            await stack.destroy();
            expect(emu.snapshot()).toEqual(emu.seedSnapshot());
        },
    );
});
