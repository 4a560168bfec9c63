/**
 * How the package depends on @pulumi/pulumi: a peer range, so a user's program keeps its one Pulumi runtime, and an
 * exact devDependency for the repo's own tests that equals the CLI they run against.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../../scripts/lib/repo-root";
import { compareVersions, devPin, oldestSupported, peerRange, pinnedCliVersion } from "./versions";

const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));

describe("the @pulumi/pulumi dependency", () => {
    it("is a peer range only: a regular dependency would put a second copy inside this package for some users", () => {
        expect(pkg.dependencies?.["@pulumi/pulumi"]).toBeUndefined();
        expect(peerRange).toMatch(/^\^3\.\d+\.\d+$/);
    });

    it("the repo's tests pin exactly the SDK of the CLI they run against, and the peer range admits it", () => {
        const cli = pinnedCliVersion();
        expect(devPin).toBe(cli);
        expect(compareVersions(devPin, oldestSupported())).toBeGreaterThanOrEqual(0);
        const installed = JSON.parse(
            fs.readFileSync(path.join(REPO_ROOT, "node_modules/@pulumi/pulumi/package.json"), "utf8"),
        );
        expect(`${installed.version} (installed; run \`npm ci\` if this differs)`).toBe(
            `${devPin} (installed; run \`npm ci\` if this differs)`,
        );
    });

    it("the package lock records the same pin", () => {
        const lock = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package-lock.json"), "utf8"));
        expect(lock.packages[""].devDependencies["@pulumi/pulumi"]).toBe(devPin);
        expect(lock.packages[""].peerDependencies["@pulumi/pulumi"]).toBe(peerRange);
        expect(lock.packages["node_modules/@pulumi/pulumi"].version).toBe(devPin);
    });

    it("the repo's examples load the package by name through a link npm ci makes, not an install script", () => {
        expect(pkg.devDependencies["pulumi-qlik-roles"]).toBe("file:.");
        const link = path.join(REPO_ROOT, "node_modules/pulumi-qlik-roles");
        expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
        expect(fs.realpathSync(link)).toBe(fs.realpathSync(REPO_ROOT));
    });
});
