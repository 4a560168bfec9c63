/**
 * Engine tier: the `__provider` texts exactly as a program records them (setMocks), loaded with
 * require-from-string in a separate plain `node` process started in examples/quickstart, and driven through
 * configure/check/diff/create/read/update/delete against the emulator.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type TenantEmulator } from "../../emulator";
import { EngineProcess, REPO_ROOT } from "../support/engine-process";
import { patchedNames, patches } from "../support/harness";

const DOC_USER = "637390ec6541614d3a88d6c1";
const FIXTURES = path.join(__dirname, "fixtures");
const CUSTOM_ROLES = Array.from({ length: 20 }, (_, i) => `Custom Role ${i}`);

let emu: TenantEmulator;
let engine: EngineProcess;
let config: Record<string, string>;

beforeAll(async () => {
    emu = await startEmulator({ extraUsers: 20, extraGroups: 5 });
    config = { "qlik:tenantUrl": emu.url, "qlik:apiKey": emu.apiKey };
    engine = await EngineProcess.start({ env: { QLIK_ROLES_TUNING: JSON.stringify({ batchWindowMs: 10 }) } });
    await engine.call("user", "configure", config);
    await engine.call("group", "configure", config);
});
afterAll(async () => {
    await engine?.stop();
    await emu?.close();
});
beforeEach(() => emu.reset());

const user = (extra: Record<string, unknown> = {}) => ({
    subject: "user1234",
    role: "ManagedSpaceCreator",
    resourceName: "doc-user",
    ...extra,
});

describe("the serialized provider (__provider in state)", () => {
    it.each(["user", "group"] as const)(
        "the %s provider text is one line that loads the runtime by package name, with no secret or path",
        (kind) => {
            const text = engine.texts[kind];
            // Stored twice per resource and rewritten with the whole state after every step: keep it tiny.
            expect(text).toBe(
                `exports.handler = () => require("pulumi-qlik-roles/runtime").dynamicProvider("${kind}", 1);\n`,
            );
            expect(text).not.toContain(emu.apiKey);
            for (const p of [REPO_ROOT, os.homedir(), "/tmp/", "node_modules"]) expect(text).not.toContain(p);
        },
    );
});

describe("the documented example through the provider loaded from its __provider text", () => {
    it("check, create, read, update and delete behave as a real pulumi up/refresh/destroy would", async () => {
        const checked = await engine.call("user", "check", {}, user());
        expect(checked.failures).toEqual([]);

        const { id, outs } = await engine.call("user", "create", checked.inputs);
        const ps = patches(emu.requests);
        expect(ps).toHaveLength(1);
        expect(patchedNames(ps[0]!)).toEqual(["AuditAdmin", "SharedSpaceCreator", "ManagedSpaceCreator"]);
        expect(ps[0]!.status).toBe(204);
        expect(outs).toMatchObject({ userId: DOC_USER, preexisting: false, role: "ManagedSpaceCreator" });
        expect(JSON.stringify(outs)).not.toContain(emu.apiKey);

        const read = await engine.call("user", "read", id, outs);
        expect(read).toMatchObject({ id, inputs: { subject: "user1234", role: "ManagedSpaceCreator" } });
        expect(await engine.call("user", "diff", id, read.props, user())).toEqual({
            changes: false,
            replaces: [],
        });

        const d = await engine.call("user", "diff", id, outs, user({ role: "DataSpaceCreator" }));
        expect(d).toEqual({ changes: true, replaces: [] });
        emu.resetLog();
        const updated = await engine.call("user", "update", id, outs, user({ role: "DataSpaceCreator" }));
        expect(patches(emu.requests)).toHaveLength(1);
        expect(emu.userRoles("user1234")).toEqual(["AuditAdmin", "DataSpaceCreator", "SharedSpaceCreator"]);

        await engine.call("user", "delete", id, updated.outs);
        expect(emu.userRoles("user1234")).toEqual(["AuditAdmin", "SharedSpaceCreator"]);
    });

    it("the group provider adds and removes a role on My Group", async () => {
        const { id, outs } = await engine.call("group", "create", {
            groupName: "My Group",
            role: "ManagedSpaceCreator",
            resourceName: "g",
        });
        expect(emu.groupRoles("My Group")).toEqual([
            "AuditAdmin",
            "ManagedSpaceCreator",
            "SharedSpaceCreator",
        ]);
        await engine.call("group", "delete", id, outs);
        expect(emu.groupRoles("My Group")).toEqual(["AuditAdmin", "SharedSpaceCreator"]);
    });

    it("a bad input fails check with the property named, and errors cross the process boundary as one line", async () => {
        const checked = await engine.call("user", "check", {}, user({ role: "NoSuchRole" }));
        expect(checked.failures).toEqual([
            { property: "role", reason: expect.stringMatching(/role "NoSuchRole" does not exist/) },
        ]);
        const err = await engine.call("user", "create", user({ subject: "nobody" })).catch((e) => e);
        expect(err.message).toMatch(
            /^create UserRoleAssignment \(user subject "nobody", role "ManagedSpaceCreator"\): no user with subject "nobody"/,
        );
        expect(err.code).toBe("QLIK_INVALID_INPUT");
        expect(err.stack).not.toMatch(/\n\s+at /);
    });
});

describe("parallel applies", () => {
    it("30 assignments on one user and 10 on one group, all started at once, all land with few PATCHes", async () => {
        const customs = CUSTOM_ROLES;
        for (const name of customs) emu.addCustomRole(name);
        const defaults = [
            "ManagedSpaceCreator",
            "DataSpaceCreator",
            "Steward",
            "AutomationCreator",
            "DataAdmin",
            "AnalyticsAdmin",
            "DataServicesContributor",
            "EmbeddedAnalyticsUser",
            "PrivateAnalyticsContentCreator",
            "CollaborationPlatformUser",
        ];
        const userRoles = [...defaults, ...customs];
        const groupRoles = defaults;
        emu.resetLog();
        await Promise.all([
            ...userRoles.map((role, i) =>
                engine.call("user", "create", user({ role, resourceName: `u${i}` })),
            ),
            ...groupRoles.map((role, i) =>
                engine.call("group", "create", { groupName: "My Group", role, resourceName: `g${i}` }),
            ),
        ]);
        expect(emu.userRoles("user1234")).toEqual(["AuditAdmin", "SharedSpaceCreator", ...userRoles].sort());
        expect(emu.groupRoles("My Group")).toEqual(
            ["AuditAdmin", "SharedSpaceCreator", ...groupRoles].sort(),
        );
        const userPatches = patches(emu.requests, `/api/v1/users/${DOC_USER}`).length;
        const groupPatches = patches(emu.requests, "/api/v1/groups/6425d62641d2b80a9a0f92c3").length;
        console.log(
            `engine tier: 30 user assignments -> ${userPatches} PATCH(es); 10 group assignments -> ${groupPatches} PATCH(es); ${emu.requests.length} requests in all`,
        );
        expect(userPatches).toBeLessThanOrEqual(3);
        expect(groupPatches).toBeLessThanOrEqual(3);
    });
});

describe("the outside writer (no ETag exists in Qlik's API)", () => {
    it.each(["after-write", "before-write"] as const)(
        "with an outside writer racing (%s), our role ends up assigned or the operation fails with a conflict",
        async (mode) => {
            Object.assign(emu.faults.outsideWriter, { enabled: true, mode, rate: 1, role: "Steward" });
            const result = await engine.call("user", "create", user()).then(
                () => "assigned",
                (e) => e.code,
            );
            emu.faults.outsideWriter.enabled = false;
            const roles = emu.userRoles("user1234");
            const events = emu.faults.outsideWriterEvents.length;
            console.log(
                `outside writer ${mode}: our change ${result}; outside change ${roles.includes("Steward") ? "survived" : "lost"}; ${events} outside writes; ${patches(emu.requests).length} PATCHes from us`,
            );
            if (result === "assigned") expect(roles).toContain("ManagedSpaceCreator");
            else expect(result).toBe("QLIK_CONFLICT");
            // Foreign roles that were there before the race are never removed by us.
            expect(roles).toEqual(expect.arrayContaining(["AuditAdmin", "SharedSpaceCreator"]));
        },
    );
});

describe("state written by version 0.1.0", () => {
    it("a __provider text stored by 0.1.0 still refreshes and destroys with the current package", async () => {
        const old = await EngineProcess.start({
            env: {
                ENGINE_PROVIDER_TEXT_USER: fs.readFileSync(
                    path.join(FIXTURES, "provider-0.1.0-user.js"),
                    "utf8",
                ),
                ENGINE_PROVIDER_TEXT_GROUP: fs.readFileSync(
                    path.join(FIXTURES, "provider-0.1.0-group.js"),
                    "utf8",
                ),
            },
        });
        try {
            await old.call("user", "configure", config);
            emu.setUserRoles("user1234", ["AuditAdmin", "SharedSpaceCreator", "ManagedSpaceCreator"]);
            const state = JSON.parse(fs.readFileSync(path.join(FIXTURES, "state-0.1.0-user.json"), "utf8"));
            state.outs.tenantUrl = emu.url;
            const read = await old.call("user", "read", state.id, state.outs);
            expect(read.id).toBe(state.id);
            await old.call("user", "delete", state.id, state.outs);
            expect(emu.userRoles("user1234")).toEqual(["AuditAdmin", "SharedSpaceCreator"]);
        } finally {
            await old.stop();
        }
    });
});

describe("0.1.0 state next to resources created now (one provider process loads both texts)", () => {
    it("both texts reach one runtime: configure twice, create with the new text, refresh, update and delete with the old", async () => {
        // As Pulumi's provider host does: require-from-string, handler(), configure once per distinct text.
        const requireFromString = require("require-from-string") as (code: string, file?: string) => any;
        const load = (text: string) =>
            requireFromString(text, path.join(REPO_ROOT, "examples", "quickstart", "p.js")).handler();
        const oldProvider = load(fs.readFileSync(path.join(FIXTURES, "provider-0.1.0-user.js"), "utf8"));
        const newProvider = load(engine.texts.user);
        const req = { config: { get: (k: string) => config[k], require: (k: string) => config[k] } };
        await oldProvider.configure(req);
        await newProvider.configure(req);

        const created = await newProvider.create(user());
        expect(emu.userRoles("user1234")).toContain("ManagedSpaceCreator");
        const read = await oldProvider.read(created.id, created.outs);
        expect(read.id).toBe(created.id);
        const updated = await oldProvider.update(
            created.id,
            created.outs,
            user({ role: "DataSpaceCreator" }),
        );
        expect(updated.outs.role).toBe("DataSpaceCreator");
        await newProvider.delete(created.id, updated.outs);
        expect(emu.userRoles("user1234")).toEqual(["AuditAdmin", "SharedSpaceCreator"]);
    });
});
