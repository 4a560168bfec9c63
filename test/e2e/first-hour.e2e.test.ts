/**
 * e2e: what a new user sees on the real CLI: warnings that say what will happen (credentials stored in state,
 * adopted roles, disabled users), and each error once, as one line.
 */
import * as path from "node:path";
import type { TenantEmulator } from "../../emulator";
import { PulumiStack, type CommandResult } from "../../scripts/lib/pulumi-cli";
import { patches } from "../support/harness";
import { describeWithCli, emulatorForFile } from "./e2e-setup";

jest.setTimeout(400_000);

const PROGRAM = path.join(__dirname, "program");

let emu: TenantEmulator;
const stacks = emulatorForFile((started) => (emu = started));

async function stackFor(
    config: Record<string, string | { value: string; secret: true }>,
    declared: object[],
): Promise<PulumiStack> {
    const stack = await PulumiStack.create({
        programDir: PROGRAM,
        config: { ...config, assignments: JSON.stringify(declared) },
    });
    stacks.push(stack);
    return stack;
}

const credentials = () => ({
    "qlik:tenantUrl": emu.url,
    "qlik:apiKey": { value: emu.apiKey, secret: true as const },
});
const output = (r: CommandResult) => r.stdout + r.stderr;
const count = (text: string, part: string) => text.split(part).length - 1;
/** The CLI's closing summary: where each diagnostic is listed once (the live progress lines repeat them). */
const diagnostics = (r: CommandResult) => output(r).split("Diagnostics:")[1] ?? "";
const user1234 = (role: string, extra: object = {}) => ({
    name: "u",
    kind: "user",
    subject: "user1234",
    role,
    ...extra,
});

describeWithCli("credentials in the stack config", () => {
    it("a plain-text API key is warned about once and is in state; a secret one is neither", async () => {
        const plain = await stackFor({ "qlik:tenantUrl": emu.url, "qlik:apiKey": emu.apiKey }, [
            user1234("ManagedSpaceCreator"),
        ]);
        const up = await plain.up();
        expect(count(diagnostics(up), "qlik:apiKey is set in plain text")).toBe(1);
        expect(output(up)).toContain("pulumi config set --secret qlik:apiKey");
        expect(await plain.exportState()).toContain(emu.apiKey);
        await plain.destroy();

        const secret = await stackFor(credentials(), [user1234("ManagedSpaceCreator")]);
        const upSecret = await secret.up();
        expect(output(upSecret)).not.toContain("set in plain text");
        expect(await secret.exportState()).not.toContain(emu.apiKey);
        await secret.destroy();
    });
});

describeWithCli("warnings before a grant", () => {
    it("preview says once that a held role is adopted and removed by destroy, and that a user is disabled", async () => {
        const stack = await stackFor(credentials(), [
            user1234("AuditAdmin"),
            { name: "d", kind: "user", subject: "disabled@example.com", role: "ManagedSpaceCreator" },
            {
                name: "kept",
                kind: "user",
                subject: "user1234",
                role: "SharedSpaceCreator",
                retainIfPreexisting: true,
            },
        ]);
        const preview = await stack.preview();
        expect(preview.code).toBe(0);
        const text = output(preview);
        expect(
            count(
                diagnostics(preview),
                'warning: user "user1234" already holds role "AuditAdmin": this resource adopts it, and destroy will remove it; set retainIfPreexisting: true to keep it',
            ),
        ).toBe(1);
        expect(text).not.toContain('already holds role "SharedSpaceCreator"');
        expect(count(diagnostics(preview), 'warning: user "disabled@example.com" is disabled in Qlik')).toBe(
            1,
        );
        expect(patches(emu.requests)).toHaveLength(0);
    });
});

describeWithCli("each error once, as one line", () => {
    const cases: [string, () => Record<string, string | { value: string; secret: true }>, string][] = [
        [
            "a wrong API key",
            () => ({ "qlik:tenantUrl": emu.url, "qlik:apiKey": { value: "wrong-key", secret: true } }),
            "answered 401",
        ],
        [
            "a tenant URL that is not https",
            () => ({
                "qlik:tenantUrl": "http://tenant.example.com",
                "qlik:apiKey": { value: "k", secret: true },
            }),
            "qlik:tenantUrl",
        ],
        ["no config", () => ({}), "no Qlik tenant configured"],
    ];
    it.each(cases)("%s", async (_name, config, says) => {
        const stack = await stackFor(config(), [user1234("ManagedSpaceCreator")]);
        const preview = await stack.preview();
        expect(preview.code).not.toBe(0);
        expect(output(preview)).not.toContain("QlikError");
        const lines = diagnostics(preview)
            .split("\n")
            .filter((l) => l.includes(says));
        expect(lines).toHaveLength(1);
    });
});

describeWithCli("input a new user gets wrong", () => {
    it("a misspelled role suggests the nearest; no principal reads as one sentence; import says what works", async () => {
        const typo = await stackFor(credentials(), [user1234("ManagedSpaceCreater")]);
        expect(output(await typo.preview())).toContain('did you mean "ManagedSpaceCreator"?');

        const none = await stackFor(credentials(), [{ name: "u", kind: "user", role: "Steward" }]);
        const noneOut = output(await none.preview());
        expect(noneOut).toContain("set exactly one of userId, subject or email to name the principal");
        expect(noneOut).not.toContain("<nil>");

        const imported = await stackFor(credentials(), [
            user1234("AuditAdmin", { import: "tenant/users/637390ec6541614d3a88d6c1/roles/AuditAdmin" }),
        ]);
        const importOut = output(await imported.preview());
        expect(importOut).toContain("the import option cannot work (Pulumi cannot import dynamic resources)");
        expect(importOut).not.toContain("toJavaScript");
    });

    it("naming the same user by email instead of subject is an update without a write, and state says email", async () => {
        const stack = await stackFor(credentials(), [user1234("ManagedSpaceCreator")]);
        await stack.up();
        await stack.setConfig(
            "assignments",
            JSON.stringify([
                { name: "u", kind: "user", email: "user1234@example.com", role: "ManagedSpaceCreator" },
            ]),
        );
        emu.resetLog();
        await stack.up();
        expect(patches(emu.requests)).toHaveLength(0);
        const [resource] = await stack.resources();
        expect(resource!.outputs.principalSelector).toBe("email");
        expect((await stack.preview(["--expect-no-changes"])).code).toBe(0);
        await stack.destroy();
        expect(emu.snapshot()).toEqual(emu.seedSnapshot());
    });
});
