/// <reference types="jest" />
// Qlik's quarterly API versions: the emulator records the `qlik-api-version` a request names, answers with the
// release it served (the oldest supported one when the header is missing or unsupported), and announces a
// deprecation in response headers when the `apiDeprecation` variant is on.
import { parseVariants, startEmulator, type EmulatorOptions, type TenantEmulator } from "./index";
import { get } from "./test-http";

const opened: TenantEmulator[] = [];
async function emulator(opts: EmulatorOptions = {}): Promise<TenantEmulator> {
    const emu = await startEmulator({ extraUsers: 0, extraGroups: 0, ...opts });
    opened.push(emu);
    return emu;
}
afterAll(() => Promise.all(opened.map((e) => e.close())));

describe("API versions", () => {
    it("records the version a request names and serves it when supported", async () => {
        const emu = await emulator();
        const res = await get(emu, "/api/v1/roles", { headers: { "qlik-api-version": "2026-08" } });
        expect(res.headers.get("qlik-api-version")).toBe("2026-08");
        expect(emu.requests.at(-1)!.apiVersion).toBe("2026-08");
    });

    it.each([[undefined], ["2025-11"], ["latest"]])(
        "serves the oldest supported release to a request naming %p",
        async (version) => {
            const emu = await emulator();
            const res = await get(emu, "/api/v1/roles", {
                headers: version === undefined ? {} : { "qlik-api-version": version },
            });
            expect(res.status).toBe(200);
            expect(res.headers.get("qlik-api-version")).toBe("2026-05");
            expect(emu.requests.at(-1)!.apiVersion).toBe(version);
        },
    );

    it("announces no deprecation by default", async () => {
        const res = await get(await emulator(), "/api/v1/roles");
        expect([res.headers.get("deprecation"), res.headers.get("sunset")]).toEqual([null, null]);
    });

    it("announces a deprecation and its sunset on every answer, errors included, with apiDeprecation=announced", async () => {
        const emu = await emulator({ variants: parseVariants("apiDeprecation=announced") });
        for (const path of ["/api/v1/roles", "/api/v1/users/nobody"]) {
            const res = await get(emu, path);
            expect(res.headers.get("deprecation")).toBe("@1798761600");
            expect(res.headers.get("sunset")).toBe("Sat, 01 May 2027 00:00:00 GMT");
        }
    });

    it("refuses an unknown value of the switch", () => {
        expect(() => parseVariants("apiDeprecation=soon")).toThrow(
            /apiDeprecation must be one of none, announced/,
        );
    });
});
