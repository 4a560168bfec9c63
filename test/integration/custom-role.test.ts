/**
 * `CustomRole` against the emulator, in-process: create, the refusals at check (nothing written), adoption, one
 * PATCH per change, a rename the assignments of the role survive without a write, drift found by refresh, and a
 * destroy refused while someone outside the stack holds the role.
 */
import { providerFor } from "../../provider/runtime";
import { inputs, patches, reconfigure, startTenant, UNKNOWN, type Tenant } from "../support/harness";

let t: Tenant;
let role: ReturnType<typeof providerFor>;
let stderr: jest.SpyInstance;
beforeAll(async () => {
    t = await startTenant({ extraUsers: 0, extraGroups: 0 });
    role = providerFor("customRole", 1);
});
beforeEach(async () => {
    t.emu.reset();
    await reconfigure(t.config); // fresh per-process registries: each test is one provider process
    t.emu.resetLog();
    stderr = jest.spyOn(console, "error").mockImplementation(() => undefined);
});
afterEach(() => stderr.mockRestore());
afterAll(() => t.emu.close());

const writes = () => t.emu.requests.filter((e) => e.method !== "GET");
const printed = () => stderr.mock.calls.map((c) => String(c[0]));
const publisher = (extra: Record<string, unknown> = {}) =>
    inputs({
        name: "Analytics Publisher",
        description: "publishes",
        scopes: ["apps.image:export"],
        resourceName: "pub",
        ...extra,
    });

/** check, then create, as `up` runs them for a new resource. */
async function created(news = publisher()) {
    const checked = await role.check({}, news);
    expect(checked.failures ?? []).toEqual([]);
    return role.create(checked.inputs!);
}

describe("CustomRole", () => {
    it("creates the role with one POST; name stays unknown at preview until the role exists", async () => {
        const checked = await role.check({}, publisher());
        expect(checked.inputs).not.toHaveProperty("currentName");
        const { id, outs } = await role.create(checked.inputs!);
        expect(writes().map((w) => `${w.method} ${w.path}`)).toEqual(["POST /api/v1/roles"]);
        const stored = t.emu.roleNamed("Analytics Publisher")!;
        expect(outs).toMatchObject({
            roleId: stored.id,
            name: "Analytics Publisher",
            currentName: "Analytics Publisher",
            level: "user",
            userEntitlementType: "basicUser",
            permissions: ["apps.image:export"],
            preexisting: false,
        });
        expect(id).toContain(`/roles/${stored.id}`);
        // Once it exists under its name, the next check says so (`name` known at preview).
        expect((await role.check(checked.inputs!, publisher())).inputs).toMatchObject({
            currentName: "Analytics Publisher",
        });
    });

    it.each([
        ["a taken name", { name: "CustomAnalyst" }, 'a custom role named "CustomAnalyst" exists already'],
        ["a default role's name", { name: "TenantAdmin" }, '"TenantAdmin" is the name of a default role'],
        ["an empty name", { name: "" }, "name must not be empty"],
        ["a padded name", { name: " X" }, "leading or trailing whitespace"],
        ["scopes that are no list", { scopes: "apps.image:export" }, "scopes must be a list"],
    ])(
        "refuses %s at check, in one line on its property, and writes nothing",
        async (_what, extra, reason) => {
            const { failures } = await role.check({}, publisher(extra));
            expect(failures).toHaveLength(1);
            expect(failures![0]!.reason).toContain(reason);
            expect(failures![0]!.reason).not.toMatch(/\n/);
            expect(writes()).toEqual([]);
        },
    );

    it("refuses two resources declaring one name", async () => {
        await role.check({}, publisher());
        const twice = await role.check({}, publisher({ resourceName: "pub2" }));
        expect(twice.failures![0]!.reason).toContain('also declared by resource "pub"');
        expect(writes()).toEqual([]);
    });

    it("refuses the 501st custom role, counting the creates this run has checked", async () => {
        for (let i = 3; i <= 499; i++) t.emu.addCustomRole(`filler ${i}`); // with the seed's two: 499
        expect((await role.check({}, publisher())).failures ?? []).toEqual([]);
        const over = await role.check({}, publisher({ name: "One Too Many", resourceName: "x" }));
        expect(over.failures![0]!.reason).toBe(
            'creating "One Too Many" would make 501 custom roles; Qlik allows at most 500 per tenant: delete custom roles the tenant no longer needs, or drop this resource',
        );
        expect(writes()).toEqual([]);
    });

    it("warns about a scope no role of the tenant carries, and still accepts it", async () => {
        const { failures } = await role.check(
            {},
            publisher({ scopes: ["apps.image:export", "apps.imgae:export"] }),
        );
        expect(failures ?? []).toEqual([]);
        expect(printed().join("\n")).toContain('no role of the tenant carries scope "apps.imgae:export"');
        expect(printed().join("\n")).not.toContain('scope "apps.image:export"');
    });

    it("adopts an existing role with adopt: true: no write when it matches, and destroy keeps it", async () => {
        t.emu.addCustomRole("Reviewers");
        const seeded = t.emu.roleNamed("Reviewers")!;
        const news = inputs({
            name: "Reviewers",
            description: seeded.description,
            scopes: seeded.scopes,
            adopt: true,
            resourceName: "a",
        });
        const checked = await role.check({}, news);
        expect(checked.failures ?? []).toEqual([]);
        expect(checked.inputs).toMatchObject({ currentName: "Reviewers" });
        expect(printed().join("\n")).toContain('adopts the existing role "Reviewers"; destroy keeps it');
        const { id, outs } = await role.create(checked.inputs!);
        expect(outs).toMatchObject({ roleId: seeded.id, preexisting: true });
        await role.delete(id, outs);
        expect(writes()).toEqual([]);
        expect(t.emu.roleNamed("Reviewers")).toBeDefined();
        // Told otherwise, destroy deletes it.
        const told = await role.update(id, outs, { ...news, deleteAdoptedOnDestroy: true });
        await role.delete(id, told.outs);
        expect(t.emu.roleNamed("Reviewers")).toBeUndefined();
    });

    it("changes scopes with one PATCH of /assignedScopes only, whatever their order", async () => {
        const { id, outs } = await created(publisher({ scopes: ["apps.image:export"] }));
        const news = publisher({ scopes: ["automl-models:approve", "apps.image:export"] });
        expect((await role.diff(id, outs, news)).changes).toBe(true);
        expect(
            (await role.diff(id, outs, publisher({ scopes: ["apps.image:export", "apps.image:export"] })))
                .changes,
        ).toBe(false);
        t.emu.resetLog();
        const { outs: after } = await role.update(id, outs, news);
        const [patch, ...more] = writes();
        expect(more).toEqual([]);
        expect(patch!.body).toEqual([
            { op: "replace", path: "/assignedScopes", value: ["automl-models:approve", "apps.image:export"] },
        ]);
        expect(after.scopes).toEqual(["automl-models:approve", "apps.image:export"]);
    });

    it("renames the role keeping its id, and its assignment follows with no write", async () => {
        const { id, outs } = await created();
        const user = providerFor("user", 1);
        const grant = inputs({ subject: "user1234", role: "Analytics Publisher", resourceName: "g" });
        const a = await user.create((await user.check({}, grant)).inputs!);
        t.emu.resetLog();

        const renamed = publisher({ name: "Analytics Publisher EU" });
        const checked = await role.check(publisher(), renamed);
        expect(checked.inputs).not.toHaveProperty("currentName"); // name unknown at preview: assignments wait
        const { outs: after } = await role.update(id, outs, checked.inputs!);
        expect(after).toMatchObject({ roleId: outs.roleId, name: "Analytics Publisher EU" });
        expect(writes().map((w) => `${w.method} ${w.path}`)).toEqual([
            `PATCH /api/v1/roles/${String(outs.roleId)}`,
        ]);

        t.emu.resetLog();
        const moved = { ...grant, role: "Analytics Publisher EU" };
        expect((await user.check(grant, moved)).failures ?? []).toEqual([]);
        expect((await user.diff(a.id, a.outs, moved)).changes).toBe(true); // state learns the new name
        const b = await user.update(a.id, a.outs, moved);
        expect(b.outs).toMatchObject({ role: "Analytics Publisher EU", roleId: outs.roleId });
        expect(writes()).toEqual([]);
        expect(t.emu.userRoles("user1234")).toContain("Analytics Publisher EU");
    });

    it("refresh finds a scope added in the console, so the next diff plans to take it away", async () => {
        const { id, outs } = await created();
        t.emu.setCustomRoleScopes("Analytics Publisher", ["apps.image:export", "automl-models:approve"]);
        const read = await role.read(id, outs);
        expect(read.props).toMatchObject({ scopes: ["apps.image:export", "automl-models:approve"] });
        expect(read.inputs).toMatchObject({
            name: "Analytics Publisher",
            scopes: ["apps.image:export", "automl-models:approve"],
        });
        expect((await role.diff(id, read.props!, publisher())).changes).toBe(true);
        t.emu.resetLog();
        await role.update(id, read.props!, publisher());
        expect(t.emu.roleNamed("Analytics Publisher")!.scopes).toEqual(["apps.image:export"]);
        expect(patches(t.emu.requests)).toHaveLength(1);
    });

    it("refresh drops a role deleted in the console", async () => {
        const { id, outs } = await created();
        t.emu.deleteCustomRole("Analytics Publisher");
        expect(await role.read(id, outs)).toEqual({});
    });

    it("destroy refuses in one line naming who holds the role outside the stack, and sends no DELETE", async () => {
        const { id, outs } = await created();
        t.emu.setUserRoles("user1234", ["Analytics Publisher"]);
        t.emu.setGroupRoles("My Group", ["Analytics Publisher"]);
        t.emu.resetLog();
        const err = await role.delete(id, outs).catch((e: Error) => e);
        expect((err as Error).message).toBe(
            'delete CustomRole (role "Analytics Publisher"): custom role "Analytics Publisher" is still held by user "user1234", group "My Group", outside this stack; take the role away from them (or declare those assignments in this program), then destroy again',
        );
        expect(writes()).toEqual([]);
        expect(t.emu.roleNamed("Analytics Publisher")).toBeDefined();
        t.emu.setUserRoles("user1234", []);
        t.emu.setGroupRoles("My Group", []);
        await role.delete(id, outs);
        expect(t.emu.roleNamed("Analytics Publisher")).toBeUndefined();
    });

    it("a POST that timed out after it landed is recorded, not forgotten, whatever its retry answers", async () => {
        await reconfigure({ ...t.config, "qlik:requestTimeoutMs": "150" });
        // The first POST lands after the client gave up on it; so does its retry; the third finds the name taken.
        const slow = (delayMs: number) =>
            t.emu.faults.inject({
                match: { method: "POST", path: "/api/v1/roles" },
                kind: "slow",
                delayMs,
                times: 1,
            });
        slow(300);
        slow(400);
        const checked = await role.check({}, publisher());
        const made = await role.create(checked.inputs!).then(
            (r) => r,
            (e: { id?: string; properties?: Record<string, unknown> }) => ({ id: e.id, outs: e.properties }),
        );
        await new Promise((resolve) => setTimeout(resolve, 500)); // both slow POSTs have been answered by now
        const stored = t.emu.roleNamed("Analytics Publisher")!;
        expect(made.id).toContain(`/roles/${stored.id}`);
        expect(made.outs).toMatchObject({ roleId: stored.id, name: "Analytics Publisher" });
    });

    it("waits for unknown inputs at preview instead of refusing them", async () => {
        const { failures } = await role.check({}, publisher({ name: UNKNOWN }));
        expect(failures ?? []).toEqual([]);
        expect(t.emu.requests).toEqual([]);
    });
});
