/**
 * Qlik's API versions through the whole provider: every request the lifecycle sends names the release the client
 * was built against, and a tenant that announces a deprecation on every answer yields exactly one warning line for
 * the run, never a credential.
 */
import { QLIK_API_VERSION } from "../../provider/client";
import { inputs, startTenant } from "../support/harness";

describe("API versions against the emulator", () => {
    it("sends qlik-api-version on every request, and warns once of a deprecation the tenant announces", async () => {
        const lines: string[] = [];
        const spy = jest.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
            lines.push(args.map(String).join(" "));
        });
        const t = await startTenant({
            extraUsers: 0,
            extraGroups: 0,
            variants: { apiDeprecation: "announced" },
        });
        try {
            for (const [kind, args] of [
                ["user", { subject: "user1234", role: "Steward" }],
                ["group", { groupName: "My Group", role: "Steward" }],
            ] as const) {
                const lc = kind === "user" ? t.user : t.group;
                const news = inputs({ resourceName: `r-${kind}`, ...args });
                const checked = await lc.check({}, news);
                expect(checked.failures ?? []).toEqual([]);
                const { id, outs } = await lc.create(checked.inputs ?? news);
                await lc.read(id, outs);
                await lc.delete(id, outs);
            }
            expect(t.emu.requests.length).toBeGreaterThan(6);
            expect(t.emu.requests.filter((r) => r.apiVersion !== QLIK_API_VERSION)).toEqual([]);
            const warnings = lines.filter((l) => l.includes("deprecated"));
            expect(warnings).toHaveLength(1);
            expect(warnings[0]).toMatch(
                /^warning: Qlik announced that (GET|PATCH) \/api\/v1\/\S+ is deprecated \(deprecation: "@1798761600", sunset: "Sat, 01 May 2027 00:00:00 GMT"; .*upgrade pulumi-qlik-roles/,
            );
            expect(warnings[0]).not.toContain(t.emu.apiKey);
        } finally {
            spy.mockRestore();
            await t.emu.close();
        }
    });
});
