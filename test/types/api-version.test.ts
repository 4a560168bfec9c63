/**
 * The `qlik-api-version` the client sends is the release whose published types test/types checks against: the
 * value the installed `@qlik/api` itself sends. Taking in a new `@qlik/api` fails here until the constant follows.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { QLIK_API_VERSION } from "../../provider/client/api-version";

function versionQlikApiSends(): string[] {
    const dir = join("node_modules", "@qlik", "api", "chunks");
    const found = new Set<string>();
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".js"))) {
        const text = readFileSync(join(dir, file), "utf8");
        for (const m of text.matchAll(/const API_VERSION = "(\d{4}-\d{2})"/g)) found.add(m[1]!);
    }
    return [...found];
}

describe("the API version the client sends", () => {
    it("is the one the installed @qlik/api sends, whose types the request and answer checks use", () => {
        expect(versionQlikApiSends()).toEqual([QLIK_API_VERSION]);
    });
});
