/**
 * The @pulumi/pulumi versions the package declares and the repo tests against, read from where they are set.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../../scripts/lib/repo-root";

const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));

/** The peer range users' programs must satisfy, e.g. "^3.139.0". */
export const peerRange: string = pkg.peerDependencies?.["@pulumi/pulumi"];

/** The oldest @pulumi/pulumi the peer range admits: the one the package tests install beside. */
export function oldestSupported(): string {
    const m = /^\^(\d+\.\d+\.\d+)$/.exec(peerRange ?? "");
    if (!m)
        throw new Error(
            `peerDependencies["@pulumi/pulumi"] must be a caret range such as ^3.139.0, got ${peerRange}`,
        );
    return m[1]!;
}

/** The exact @pulumi/pulumi the repo's own tests use (devDependencies). */
export const devPin: string = pkg.devDependencies?.["@pulumi/pulumi"];

/** The Pulumi CLI version scripts/ensure-pulumi-cli.sh provides (its pin, without the PULUMI_CLI_VERSION override). */
export function pinnedCliVersion(): string {
    const env = { ...process.env };
    delete env.PULUMI_CLI_VERSION;
    return execFileSync("bash", ["scripts/ensure-pulumi-cli.sh", "--version"], {
        cwd: REPO_ROOT,
        env,
        encoding: "utf8",
    }).trim();
}

/** Orders two x.y.z versions. */
export function compareVersions(a: string, b: string): number {
    const pa = a.split(".").map(Number);
    const pb = b.split(".").map(Number);
    for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!;
    return 0;
}
