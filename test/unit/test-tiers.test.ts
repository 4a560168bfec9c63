/**
 * jest runs one project per tier (jest.config.js); a test file outside every tier's folder would never run, and
 * nothing would say so. These checks keep every test file in exactly one tier and every tier runnable alone.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../../scripts/lib/repo-root";

interface Project {
    displayName: string;
    roots: string[];
}

const config: { projects: Project[] } = require(path.join(REPO_ROOT, "jest.config.js"));
const packageJson: { scripts: Record<string, string> } = require(path.join(REPO_ROOT, "package.json"));

// `.stryker-tmp` holds a mutation run's sandboxes (copies of the repo) while it runs.
const SKIPPED_DIRS = new Set([
    "node_modules",
    "dist",
    ".git",
    "coverage",
    "test-results",
    "scratch",
    "reports",
    ".stryker-tmp",
]);

function testFiles(dir: string): string[] {
    const out: string[] = [];
    for (const entry of fs.readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true })) {
        const rel = dir ? `${dir}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
            if (!SKIPPED_DIRS.has(entry.name)) out.push(...testFiles(rel));
        } else if (entry.name.endsWith(".test.ts")) out.push(rel);
    }
    return out;
}

const tierDir = (project: Project) =>
    path.relative(REPO_ROOT, project.roots[0]!.replace("<rootDir>", REPO_ROOT));
const inside = (file: string, dir: string) => file.startsWith(dir + "/");

describe("test tiers", () => {
    const tiers = config.projects.map((p) => ({ name: p.displayName, dir: tierDir(p) }));

    it("every test file belongs to exactly one tier (add a new test folder to jest.config.js)", () => {
        const files = testFiles("");
        expect(files.length).toBeGreaterThan(20);
        const misplaced = files
            .map((file) => ({ file, tiers: tiers.filter((t) => inside(file, t.dir)).map((t) => t.name) }))
            .filter((f) => f.tiers.length !== 1);
        expect(misplaced).toEqual([]);
    });

    it("each tier has its own npm script, and `npm test` runs every tier", () => {
        for (const tier of tiers)
            expect(packageJson.scripts[`test:${tier.name}`]).toContain(`--selectProjects ${tier.name}`);
        expect(packageJson.scripts.test).toBe("jest");
    });
});
