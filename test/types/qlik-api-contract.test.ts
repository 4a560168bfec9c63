/**
 * The type tests in this folder (plain .ts files compiled by `npm run typecheck`) hold the client and the emulator
 * to the types Qlik publishes in `@qlik/api`. They were written against one release of it: this names that
 * release and fails when another is installed, so a new release is taken in on purpose (README, Development).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../../scripts/lib/repo-root";
import { QLIK_API_VERSION } from "./contract";

function readJson(file: string): Record<string, unknown> {
    return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, file), "utf8")) as Record<string, unknown>;
}

function tsFiles(dir: string): string[] {
    return fs.readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
        const rel = path.join(dir, entry.name);
        if (entry.isDirectory()) return tsFiles(rel);
        return entry.name.endsWith(".ts") ? [rel] : [];
    });
}

describe("Qlik's published types (@qlik/api)", () => {
    it(`are installed at ${QLIK_API_VERSION}, the release the type tests were checked against`, () => {
        expect(readJson("node_modules/@qlik/api/package.json")["version"]).toBe(QLIK_API_VERSION);
    });

    it("are a devDependency pinned to that release, never a runtime dependency", () => {
        const pkg = readJson("package.json");
        expect((pkg["devDependencies"] as Record<string, string>)["@qlik/api"]).toBe(QLIK_API_VERSION);
        expect(pkg["dependencies"]).not.toHaveProperty("@qlik/api");
    });

    it("are imported by neither the provider nor the emulator, so neither needs them installed", () => {
        const importsQlikApi = /\b(?:from|import|require)\s*\(?\s*["']@qlik\/api/;
        const files = ["provider", "emulator"].flatMap(tsFiles);
        expect(files.length).toBeGreaterThan(50);
        const offending = files.filter((f) =>
            importsQlikApi.test(fs.readFileSync(path.join(REPO_ROOT, f), "utf8")),
        );
        expect(offending).toEqual([]);
        // The pattern itself matches the way these tests import the types.
        expect(
            importsQlikApi.test(
                fs.readFileSync(path.join(REPO_ROOT, "test/types/request-bodies.ts"), "utf8"),
            ),
        ).toBe(true);
    });
});
