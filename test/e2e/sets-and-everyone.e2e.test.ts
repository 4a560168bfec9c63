/**
 * e2e: UserRoles / GroupRoles and the Everyone group on the real Pulumi CLI against the emulator: what preview
 * prints, up, refresh after outside changes, update, destroy, and the guards.
 */
import * as path from "node:path";
import { EVERYONE_GROUP_ID, type TenantEmulator } from "../../emulator";
import { PulumiStack } from "../../scripts/lib/pulumi-cli";
import { patches } from "../support/harness";
import { describeWithCli, emulatorForFile } from "./e2e-setup";

jest.setTimeout(900_000); // about ten CLI commands, each tens of seconds on a loaded machine

const PROGRAM = path.join(__dirname, "program");
const DOC_USER_PATH = "/api/v1/users/637390ec6541614d3a88d6c1";
const SETTINGS = "/api/v1/groups/settings";

let emu: TenantEmulator;
const stacks = emulatorForFile((started) => (emu = started));

async function stackWith(declared: object[]): Promise<PulumiStack> {
    const stack = await PulumiStack.create({
        programDir: PROGRAM,
        config: {
            "qlik:tenantUrl": emu.url,
            "qlik:apiKey": { value: emu.apiKey, secret: true },
            assignments: JSON.stringify(declared),
        },
    });
    stacks.push(stack);
    return stack;
}

describeWithCli("UserRoles and the Everyone group through the CLI", () => {
    it("preview shows the roles a set removes and the Everyone warning; up, refresh, update and destroy keep the tenant exact", async () => {
        const stack = await stackWith([
            {
                name: "alice",
                kind: "userRoles",
                subject: "user1234",
                roles: ["SharedSpaceCreator", "Steward"],
            },
            { name: "everyone-audit", kind: "group", groupName: "Everyone", role: "AuditAdmin" },
        ]);
        const preview = await stack.preview();
        expect(preview.code).toBe(0);
        const shown = preview.stdout + preview.stderr;
        expect(shown).toContain(
            'warning: UserRoles "alice" on user "user1234": up adds [Steward] and removes [AuditAdmin]',
        );
        expect(shown).toContain(
            'warning: admin-level role "AuditAdmin" granted to group "Everyone" gives it to every user of the tenant; grant it to a smaller group unless that is intended',
        );
        expect(patches(emu.requests)).toHaveLength(0);

        emu.resetLog();
        await stack.up();
        expect(patches(emu.requests, DOC_USER_PATH)).toHaveLength(1);
        expect(patches(emu.requests, SETTINGS)).toHaveLength(1);
        expect(emu.userRoles("user1234")).toEqual(["SharedSpaceCreator", "Steward"]);
        expect(emu.groupRoles(EVERYONE_GROUP_ID)).toEqual(["AuditAdmin"]);
        expect(emu.groupSettings()).toEqual({ autoCreateGroups: true, syncIdpGroups: true });
        expect((await stack.preview(["--expect-no-changes"])).code).toBe(0);

        // Outside Pulumi: a role added and a role removed on the set's user, and Everyone's role taken away.
        emu.setUserRoles("user1234", ["SharedSpaceCreator", "DataSpaceCreator"]);
        emu.setGroupRoles(EVERYONE_GROUP_ID, []);
        await stack.refresh();
        const afterRefresh = await stack.resources();
        expect(afterRefresh.map((r) => r.urn.split("::").pop())).toEqual(["alice"]);
        const drift = await stack.preview();
        expect(drift.stdout + drift.stderr).toContain(
            'warning: UserRoles "alice" on user "user1234": up adds [Steward] and removes [DataSpaceCreator]',
        );
        await stack.up();
        expect(emu.userRoles("user1234")).toEqual(["SharedSpaceCreator", "Steward"]);
        expect(emu.groupRoles(EVERYONE_GROUP_ID)).toEqual(["AuditAdmin"]);

        // Update: a new set is one PATCH.
        await stack.setConfig(
            "assignments",
            JSON.stringify([{ name: "alice", kind: "userRoles", subject: "user1234", roles: ["Steward"] }]),
        );
        emu.resetLog();
        await stack.up();
        expect(patches(emu.requests, DOC_USER_PATH)).toHaveLength(1);
        expect(emu.userRoles("user1234")).toEqual(["Steward"]);
        expect(emu.groupRoles(EVERYONE_GROUP_ID)).toEqual([]);

        // Destroy removes the declared roles and leaves a role given outside the set.
        emu.setUserRoles("user1234", ["Steward", "DataSpaceCreator"]);
        await stack.destroy();
        expect(emu.userRoles("user1234")).toEqual(["DataSpaceCreator"]);
    });

    it("preview fails naming both resources when a set and an assignment declare one user, and on an empty set", async () => {
        const mixed = await stackWith([
            { name: "alice-set", kind: "userRoles", subject: "user1234", roles: ["AuditAdmin"] },
            { name: "alice-steward", kind: "user", subject: "user1234", role: "Steward" },
        ]);
        const res = await mixed.preview();
        expect(res.code).not.toBe(0);
        expect(res.stdout + res.stderr).toMatch(/alice-set.*alice-steward|alice-steward.*alice-set/);

        const empty = await stackWith([
            { name: "nobody", kind: "userRoles", subject: "user1234", roles: [] },
        ]);
        const none = await empty.preview();
        expect(none.code).not.toBe(0);
        expect(none.stdout + none.stderr).toContain("set allowEmpty: true if that is intended");
        expect(patches(emu.requests)).toHaveLength(0);
    });
});
