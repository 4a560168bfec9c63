/**
 * e2e: the licence line at preview, on the real Pulumi CLI against the emulator. A program granting a promoting
 * role to a user and to a group prints one line each with the right counts and writes nothing; with
 * `qlik:fullUserPromotion` `refuse` the preview fails with that line; a role that does not promote prints nothing.
 */
import * as path from "node:path";
import { EVERYONE_GROUP_ID, type TenantEmulator } from "../../emulator";
import { PulumiStack } from "../../scripts/lib/pulumi-cli";
import { describeWithCli, emulatorForFile } from "./e2e-setup";

jest.setTimeout(600_000); // four previews, each tens of seconds on a loaded machine

const PROGRAM = path.join(__dirname, "program");

let emu: TenantEmulator;
const stacks = emulatorForFile((started) => (emu = started));

/** Group "Sales": 5 members, 2 Full already (one directly, one through group "Admins"), 3 Basic; user "solo" Basic. */
function seedSales(): void {
    emu.setGroupRoles(EVERYONE_GROUP_ID, []);
    emu.addGroup({ name: "Sales" });
    emu.addGroup({ name: "Admins", roles: ["DataAdmin"] });
    for (const [subject, roles] of [
        ["sales-zoe", []],
        ["sales-bob", ["AnalyticsAdmin"]],
        ["sales-cat", ["CollaborationPlatformUser"]],
        ["sales-dan", []],
        ["sales-amy", []],
    ] as [string, string[]][]) {
        emu.addUser({ subject, roles });
        emu.joinGroup(subject, "Sales");
    }
    emu.joinGroup("sales-dan", "Admins");
    emu.addUser({ subject: "solo", roles: ["CollaborationPlatformUser"] });
    emu.resetLog();
}

async function stackWith(declared: object[], extra: Record<string, string> = {}): Promise<PulumiStack> {
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

const GRANTS = [
    { name: "solo-steward", kind: "user", subject: "solo", role: "Steward" },
    { name: "sales-steward", kind: "group", groupName: "Sales", role: "Steward" },
];
const USER_LINE =
    'warning: role "Steward" promotes Basic users to Full on capacity-based subscriptions: user "solo" is Basic today and becomes Full';
const GROUP_LINE =
    'warning: role "Steward" promotes Basic users to Full on capacity-based subscriptions: group "Sales" has 5 members, 3 of them Basic today (e.g. "sales-amy", "sales-cat", "sales-zoe")';

const writes = () => emu.requests.filter((e) => e.method !== "GET" && e.path.startsWith("/api/"));
const promotionLines = (out: string) => out.split("\n").filter((l) => l.includes("promotes Basic users"));

describeWithCli("licence impact at preview through the CLI", () => {
    it("prints one line per promoted principal and role, with the group's counts, and writes nothing", async () => {
        seedSales();
        const stack = await stackWith(GRANTS);
        const preview = await stack.preview();
        const shown = preview.stdout + preview.stderr;
        if (process.env.E2E_SHOW_OUTPUT) console.log(shown);
        expect(preview.code).toBe(0);
        expect(shown).toContain(USER_LINE);
        expect(shown).toContain(GROUP_LINE);
        // Once each among the run's diagnostics (the progress view shows them beside the stack too).
        const diagnostics = shown.slice(shown.indexOf("Diagnostics:"));
        expect(
            promotionLines(diagnostics)
                .map((l) => l.trim())
                .sort(),
        ).toEqual([GROUP_LINE, USER_LINE].sort());
        expect(writes()).toEqual([]);
        // One member listing for the group, filtered by the group's id.
        expect(
            emu.requests.filter(
                (e) => e.path === "/api/v1/users" && e.query.filter?.startsWith("assignedGroups.id"),
            ),
        ).toHaveLength(1);
    });

    it("refuse fails the preview with that line", async () => {
        seedSales();
        const stack = await stackWith(GRANTS, { "qlik:fullUserPromotion": "refuse" });
        const preview = await stack.preview();
        const shown = preview.stdout + preview.stderr;
        if (process.env.E2E_SHOW_OUTPUT) console.log(shown);
        expect(preview.code).not.toBe(0);
        // The engine stops at the first failed check (the user's or the group's, whichever ran first).
        const refused = (line: string) =>
            `property role value {Steward} has a problem: ${line.slice("warning: ".length)}; qlik:fullUserPromotion is "refuse" (set it to "warn" to allow such grants)`;
        expect(shown.includes(refused(USER_LINE)) || shown.includes(refused(GROUP_LINE))).toBe(true);
        expect(promotionLines(shown).filter((l) => l.includes("warning: "))).toEqual([]);
        expect(writes()).toEqual([]);
    });

    it("a role that does not promote prints nothing", async () => {
        seedSales();
        const stack = await stackWith([
            { name: "solo-collab", kind: "user", subject: "solo", role: "CollaborationPlatformUser" },
            { name: "sales-collab", kind: "group", groupName: "Sales", role: "CollaborationPlatformUser" },
        ]);
        const preview = await stack.preview();
        const shown = preview.stdout + preview.stderr;
        expect(preview.code).toBe(0);
        expect(promotionLines(shown)).toEqual([]);
        expect(writes()).toEqual([]);
    });
});
