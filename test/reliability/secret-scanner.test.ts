/**
 * The credential scanner the reliability suites rely on can fail: a credential planted in each form it claims to
 * recognise is found, and an empty scan is visible as such (the suites assert how much they scanned).
 */
import { SecretScanner, secretForms } from "./support/secrets";

const KEY = "qlik/SECRET+key=0123&456789abcdef";

describe("the secret scanner", () => {
    it.each(secretForms(KEY).map((f) => [f.form, f.text] as const))(
        "finds a credential planted %s inside a larger text",
        (form, text) => {
            const scanner = new SecretScanner();
            scanner.add("planted", `before ${text} after`);
            expect(scanner.scan([KEY]).map((h) => h.form)).toContain(`secret#0 ${form}`);
        },
    );

    it("finds a credential base64-encoded at any offset of a larger encoded text (e.g. a Basic header)", () => {
        for (const prefix of ["", "a", "ab", "abc:"]) {
            const scanner = new SecretScanner();
            scanner.add("header", `Authorization: Basic ${Buffer.from(prefix + KEY).toString("base64")}`);
            expect(scanner.scan([KEY]).length).toBeGreaterThan(0);
        }
    });

    it("counts what it was given, so a suite can tell a clean scan from an empty one", () => {
        const scanner = new SecretScanner();
        expect([scanner.count, scanner.bytes, scanner.scan([KEY])]).toEqual([0, 0, []]);
        scanner.add("text", "nothing secret here");
        scanner.add("object", { a: 1 });
        expect([scanner.count, scanner.bytes]).toEqual([2, "nothing secret here".length + '{"a":1}'.length]);
    });
});
