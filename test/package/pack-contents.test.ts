/**
 * What `npm pack` puts in the published package: exactly the compiled provider (JavaScript, declarations and
 * self-contained source maps), the README, the LICENSE and package.json. A stray file (a test, a stale build
 * output of a deleted module, the emulator) fails here before it reaches users.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../../scripts/lib/repo-root";
import { packedFiles } from "./npm";

jest.setTimeout(120_000);

const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));

/** The provider's TypeScript sources (not tests), relative to provider/. */
function providerSources(dir = ""): string[] {
    return fs.readdirSync(path.join(REPO_ROOT, "provider", dir), { withFileTypes: true }).flatMap((e) => {
        const rel = dir ? `${dir}/${e.name}` : e.name;
        if (e.isDirectory()) return providerSources(rel);
        return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") && !e.name.endsWith(".d.ts")
            ? [rel]
            : [];
    });
}

function intendedFiles(): string[] {
    const compiled = providerSources().flatMap((src) => {
        const base = `dist/provider/${src.replace(/\.ts$/, "")}`;
        return [`${base}.js`, `${base}.js.map`, `${base}.d.ts`];
    });
    return ["LICENSE", "README.md", "package.json", ...compiled].sort();
}

let files: string[];
beforeAll(async () => {
    files = await packedFiles();
});

describe("the packed package", () => {
    it("holds exactly the compiled provider, README, LICENSE and package.json (a stale dist/: `npm run clean && npm run build`)", () => {
        const intended = intendedFiles();
        expect(intended.length).toBeGreaterThan(40);
        expect({
            unexpected: files.filter((f) => !intended.includes(f)),
            missing: intended.filter((f) => !files.includes(f)),
        }).toEqual({ unexpected: [], missing: [] });
    });

    it("every entry point package.json names is in it", () => {
        const targets = [
            pkg.main,
            pkg.types,
            ...Object.values(pkg.bin as Record<string, string>),
            ...Object.values(pkg.exports as Record<string, string | Record<string, string>>).flatMap((e) =>
                typeof e === "string" ? [e] : Object.values(e),
            ),
        ].map((p: string) => path.posix.normalize(p));
        expect(targets.filter((t) => !files.includes(t))).toEqual([]);
    });

    it("its source maps carry their sources, since the .ts files are not shipped", () => {
        const maps = files.filter((f) => f.endsWith(".map"));
        expect(maps.length).toBeGreaterThan(10);
        const incomplete = maps.filter((f) => {
            const map = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, f), "utf8"));
            return (
                !Array.isArray(map.sourcesContent) ||
                map.sourcesContent.length !== map.sources.length ||
                map.sourcesContent.some((s: unknown) => typeof s !== "string" || s.length === 0)
            );
        });
        expect(incomplete).toEqual([]);
    });

    it("runs no script when a user installs it (npm warns about install scripts it has not been allowed to run)", () => {
        const runAtInstall = ["preinstall", "install", "postinstall", "prepare", "preprepare", "postprepare"];
        expect(Object.keys(pkg.scripts ?? {}).filter((s) => runAtInstall.includes(s))).toEqual([]);
    });

    it("carries the Apache-2.0 license it declares", () => {
        expect(pkg.license).toBe("Apache-2.0");
        const text = fs.readFileSync(path.join(REPO_ROOT, "LICENSE"), "utf8");
        expect(text).toMatch(/^Apache License\nVersion 2\.0, January 2004\n/);
        expect(text).toContain("END OF TERMS AND CONDITIONS");
    });
});
