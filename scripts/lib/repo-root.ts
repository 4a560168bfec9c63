import * as fs from "node:fs";
import * as path from "node:path";

/** The repository root, found from this file whether it runs as TypeScript (jest) or compiled (dist/). */
function findRepoRoot(): string {
    for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
        const manifest = path.join(dir, "package.json");
        if (
            fs.existsSync(manifest) &&
            JSON.parse(fs.readFileSync(manifest, "utf8")).name === "pulumi-qlik-roles"
        )
            return dir;
    }
    throw new Error(`cannot find the pulumi-qlik-roles repository above ${__dirname}`);
}

export const REPO_ROOT = findRepoRoot();
