/**
 * e2e: what the CLI tells a user about the provider's own TenantAdmin, a set's preview line, a refresh followed by
 * a preview, and a misspelt `qlik:*` key, on the real Pulumi CLI against the emulator.
 */
import * as path from "node:path";
import type { TenantEmulator } from "../../emulator";
import { PulumiStack, type CommandResult } from "../../scripts/lib/pulumi-cli";
import { patches } from "../support/harness";
import { describeWithCli, emulatorForFile } from "./e2e-setup";

jest.setTimeout(900_000);

const PROGRAM = path.join(__dirname, "program");
const ADMIN = "admin@example.com"; // the subject of the emulator's TenantAdmin, whose API key the stacks use

let emu: TenantEmulator;
const stacks = emulatorForFile((started) => (emu = started));

async function stackWith(
    declared: object[],
    extra: Record<string, string | { value: string; secret: true }> = {},
): Promise<PulumiStack> {
    const stack = await PulumiStack.create({
        programDir: PROGRAM,
        config: {
            "qlik:tenantUrl": emu.url,
            "qlik:apiKey": { value: emu.apiKey, secret: true },
            assignments: JSON.stringify(declared),
            ...extra,
        },
    });
    stacks.push(stack);
    return stack;
}

const output = (r: CommandResult) => r.stdout + r.stderr;
const count = (text: string, part: string) => text.split(part).length - 1;
/** The CLI's closing summary, where each diagnostic is listed once. */
const diagnostics = (r: CommandResult) => output(r).split("Diagnostics:")[1] ?? "";

const ME_ADMIN = { name: "me-admin", kind: "user", subject: ADMIN, role: "TenantAdmin" };
const STEWARD = { name: "u-steward", kind: "user", subject: "user1234", role: "Steward" };

describeWithCli("the provider's own TenantAdmin through the CLI", () => {
    it("preview of adopting it says, once, that destroy keeps it", async () => {
        const stack = await stackWith([ME_ADMIN, STEWARD]);
        const preview = await stack.preview();
        expect(preview.code).toBe(0);
        expect(output(preview)).not.toContain("destroy will remove it");
        expect(count(diagnostics(preview), `user "${ADMIN}" already holds role "TenantAdmin"`)).toBe(1);
        expect(diagnostics(preview)).toContain(
            `user "${ADMIN}" already holds role "TenantAdmin": this resource adopts it, and destroy keeps it: it is the identity this provider authenticates as, and the provider never removes that identity's TenantAdmin`,
        );
    });

    it("removing it from the program: up applies every change and keeps the role, saying so once", async () => {
        const stack = await stackWith([ME_ADMIN, STEWARD]);
        await stack.up();
        await stack.setConfig(
            "assignments",
            JSON.stringify([
                STEWARD,
                { name: "u-data", kind: "user", subject: "user1234", role: "DataSpaceCreator" },
            ]),
        );
        const up = await stack.run(["up", "--yes"]);
        expect(output(up)).not.toContain("refusing");
        expect(up.code).toBe(0);
        expect(count(diagnostics(up), `kept role "TenantAdmin" on user "${ADMIN}"`)).toBe(1);
        expect(emu.userRoles(ADMIN)).toContain("TenantAdmin");
        expect(emu.userRoles("user1234")).toEqual(expect.arrayContaining(["DataSpaceCreator", "Steward"]));
        expect((await stack.resources()).map((r) => r.urn.split("::").pop()).sort()).toEqual([
            "u-data",
            "u-steward",
        ]);
    });

    it("destroy succeeds, removes the other roles and keeps it", async () => {
        const stack = await stackWith([ME_ADMIN, STEWARD]);
        await stack.up();
        const destroy = await stack.run(["destroy", "--yes", "--skip-preview"]);
        expect(output(destroy)).not.toContain("refusing");
        expect(destroy.code).toBe(0);
        expect(count(diagnostics(destroy), `kept role "TenantAdmin" on user "${ADMIN}"`)).toBe(1);
        expect(emu.userRoles(ADMIN)).toContain("TenantAdmin");
        expect(emu.userRoles("user1234")).not.toContain("Steward");
    });
});

const ALICE_ADDS = {
    name: "alice",
    kind: "userRoles",
    subject: "user1234",
    roles: ["AuditAdmin", "SharedSpaceCreator", "Steward"],
};

describeWithCli("sets, refresh and config keys through the CLI", () => {
    it("a set whose up only adds prints its plan as a plain line, not a warning", async () => {
        const stack = await stackWith([ALICE_ADDS]);
        const preview = await stack.preview();
        expect(preview.code).toBe(0);
        const shown = output(preview);
        expect(count(diagnostics(preview), 'UserRoles "alice" on user "user1234": up adds [Steward]')).toBe(
            1,
        );
        expect(shown).not.toContain("removes [none]");
        expect(shown).not.toMatch(/warning: UserRoles/);
    });

    it("a refresh records drift without a spurious allowEmpty diff, and after up and refresh preview shows no change", async () => {
        const stack = await stackWith([
            ALICE_ADDS,
            { name: "my-group", kind: "group", groupName: "My Group", role: "Steward" },
        ]);
        await stack.up();
        emu.setUserRoles("user1234", ["AuditAdmin", "SharedSpaceCreator", "Steward", "DataAdmin"]);
        await stack.refresh();
        const drift = await stack.preview(["--diff"]);
        expect(drift.code).toBe(0);
        expect(output(drift)).toMatch(/~ roles/);
        expect(output(drift)).not.toMatch(/[-+~] *(allowEmpty|retainIfPreexisting)/);
        await stack.up();
        expect(emu.userRoles("user1234")).toEqual(["AuditAdmin", "SharedSpaceCreator", "Steward"]);
        await stack.refresh();
        emu.resetLog();
        const after = await stack.preview(["--expect-no-changes", "--diff"]);
        expect(output(after)).not.toMatch(/[-+~] *(allowEmpty|retainIfPreexisting)/);
        expect(after.code).toBe(0);
        expect(patches(emu.requests)).toHaveLength(0);
    });

    it("a misspelt qlik:* key is named once with the nearest setting, never with its value", async () => {
        const stack = await stackWith([STEWARD], {
            "qlik:tenantURL": "https://misspelt.example.com",
            "qlik:apikey": { value: "not-a-real-key-0123", secret: true },
        });
        const preview = await stack.preview();
        expect(preview.code).toBe(0);
        for (const [key, near] of [
            ["qlik:tenantURL", "qlik:tenantUrl"],
            ["qlik:apikey", "qlik:apiKey"],
        ]) {
            expect(
                count(
                    diagnostics(preview),
                    `pulumi-qlik-roles: ${key} is not a setting of this provider and is ignored; did you mean ${near}?`,
                ),
            ).toBe(1);
        }
        expect(output(preview)).not.toMatch(/misspelt\.example|not-a-real-key/);
    });
});
