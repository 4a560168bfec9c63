/**
 * The repository's import rules, checked on the source text (a lint rule as a test, so it needs no extra tooling):
 * - the tenant emulator stands in for Qlik, so it must not share code with the client it is judged against:
 *   nothing under emulator/ imports from provider/ (or from test/);
 * - test helpers are for tests: nothing outside test/ imports from test/.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../../scripts/lib/repo-root";

function sourceFiles(dir: string): string[] {
    const out: string[] = [];
    for (const entry of fs.readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true })) {
        const rel = path.join(dir, entry.name);
        if (entry.isDirectory()) {
            if (entry.name !== "node_modules" && entry.name !== "results") out.push(...sourceFiles(rel));
        } else if (/\.ts$/.test(entry.name) && !entry.name.endsWith(".d.ts")) {
            out.push(rel);
        }
    }
    return out;
}

/** Every relative module specifier of a file (`import ... from`, `export ... from`, `import()`, `require()`), resolved. */
function importsOf(file: string): string[] {
    const text = fs.readFileSync(path.join(REPO_ROOT, file), "utf8");
    const specifiers = [
        ...text.matchAll(/\bfrom\s+["']([^"']+)["']/g),
        ...text.matchAll(/\b(?:import|require)\(\s*["']([^"']+)["']\s*\)/g),
    ].map((m) => m[1]!);
    return specifiers
        .filter((s) => s.startsWith("."))
        .map((s) => path.relative(REPO_ROOT, path.resolve(REPO_ROOT, path.dirname(file), s)));
}

const under = (file: string, dir: string) => file === dir || file.startsWith(dir + path.sep);

describe("import rules", () => {
    it("the emulator imports nothing from provider/ or test/", () => {
        const files = sourceFiles("emulator");
        expect(files.length).toBeGreaterThan(20);
        const offending = files.flatMap((f) =>
            importsOf(f)
                .filter((target) => !under(target, "emulator"))
                .map((target) => `${f} -> ${target}`),
        );
        expect(offending).toEqual([]);
    });

    it("nothing outside test/ imports from test/", () => {
        const files = ["provider", "emulator", "scripts", "bench"].flatMap(sourceFiles);
        expect(files.length).toBeGreaterThan(50);
        const offending = files.flatMap((f) =>
            importsOf(f)
                .filter((target) => under(target, "test"))
                .map((target) => `${f} -> ${target}`),
        );
        expect(offending).toEqual([]);
    });

    it("the checker sees relative imports, so the rules above cannot pass vacuously", () => {
        expect(importsOf("test/unit/layout.test.ts")).toContain(path.join("scripts", "lib", "repo-root"));
        expect(importsOf("emulator/index.ts").length).toBeGreaterThan(0);
    });
});
