/**
 * Every `__provider` text, old and new, loads as Pulumi's provider host loads it (require-from-string from the
 * program's directory, then `handler()`), and gives the provider object; a text of a kind this version does not
 * know fails with one line saying to upgrade.
 */
import * as path from "node:path";
import { providerText } from "../../provider/resources/provider-shell";
import { REPO_ROOT } from "../../scripts/lib/pulumi-cli";

const requireFromString = require("require-from-string") as (code: string, file?: string) => any;
const load = (text: string) =>
    requireFromString(text, path.join(REPO_ROOT, "examples", "quickstart", "p.js")).handler();

const METHODS = ["configure", "check", "diff", "create", "read", "update", "delete"];

describe("provider texts", () => {
    it.each(["user", "group", "userRoles", "groupRoles", "customRole"] as const)(
        'dynamicProvider("%s", 1) is one line and loads the provider object',
        (kind) => {
            const text = providerText(kind);
            expect(text.trim().split("\n")).toHaveLength(1);
            const provider = load(text);
            for (const m of METHODS) expect(typeof provider[m]).toBe("function");
        },
    );

    it("a kind this version does not serve fails with one line saying to upgrade", () => {
        const text = providerText("user").replace('"user"', '"teamRoles"');
        expect(() => load(text)).toThrow(
            /cannot serve resource type "teamRoles" v1; upgrade the pulumi-qlik-roles package/,
        );
    });
});
