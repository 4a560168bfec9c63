/**
 * The provider's own words to the user: the nearest role name for a typo, the warnings before a grant, and the
 * host's echo of our errors dropped from stderr.
 */
import { nearestName } from "../../provider/runtime/registries/nearest-name";
import { adoptionNotices } from "../../provider/runtime/notices/adoption-notices";
import { expectHostEcho, installHostEchoFilter } from "../../provider/runtime/notices/notices";
import type { Principal } from "../../provider/runtime/kinds/principal-kind";

const ROLES = ["ManagedSpaceCreator", "SharedSpaceCreator", "DataSpaceCreator", "AuditAdmin", "TenantAdmin"];

describe("nearestName", () => {
    it.each([
        ["ManagedSpaceCreater", "ManagedSpaceCreator"],
        ["AuditAdmn", "AuditAdmin"],
        ["tenantadmin", "TenantAdmin"],
        ["DataSpaceCreater", "DataSpaceCreator"],
    ])("%s -> %s", (typo, nearest) => expect(nearestName(typo, ROLES)).toBe(nearest));

    it("suggests nothing for a name unlike every role", () => {
        expect(nearestName("Developer", ROLES)).toBeUndefined();
    });
});

describe("adoptionNotices", () => {
    let lines: string[];
    let spy: jest.SpyInstance;
    beforeEach(() => {
        lines = [];
        spy = jest.spyOn(console, "error").mockImplementation((line: string) => void lines.push(line));
    });
    afterEach(() => spy.mockRestore());

    const role = { id: "r-audit", name: "AuditAdmin" };
    const principal = (over: Partial<Principal> = {}): Principal => ({
        id: "u1",
        label: 'user "adopter"',
        roles: [role],
        fields: {},
        ...over,
    });
    const inputs = (retainIfPreexisting = false) => ({
        selector: { subject: "adopter" },
        role: role.name,
        retainIfPreexisting,
    });

    it("a create adopting a held role says what destroy does and how to keep it, once per process", () => {
        adoptionNotices({}, inputs(), principal(), role);
        adoptionNotices({}, inputs(), principal(), role);
        expect(lines).toEqual([
            'warning: user "adopter" already holds role "AuditAdmin": this resource adopts it, and destroy will remove it; set retainIfPreexisting: true to keep it',
        ]);
    });

    it("a role change to a held role warns; an unchanged role, a kept role or a new grant does not", () => {
        const other = principal({ label: 'user "changer"' });
        adoptionNotices({ role: "AuditAdmin" }, inputs(), other, role);
        adoptionNotices({}, inputs(true), other, role);
        adoptionNotices({}, inputs(), principal({ label: 'user "fresh"', roles: [] }), role);
        const steward = { id: "r-steward", name: "Steward" };
        adoptionNotices({}, inputs(), principal({ label: 'user "other"', roles: [steward] }), role);
        expect(lines).toEqual([]);
        adoptionNotices({ role: "Steward" }, inputs(), other, role);
        expect(lines).toHaveLength(1);
        expect(lines[0]).toContain('user "changer" already holds role "AuditAdmin"');
    });

    it("a grant to a disabled user warns", () => {
        adoptionNotices({}, inputs(), principal({ label: 'user "dora"', roles: [], disabled: true }), role);
        expect(lines).toEqual([
            'warning: user "dora" is disabled in Qlik: role "AuditAdmin" is assigned, but has no effect until the user is enabled again',
        ]);
    });
});

describe("the host's echo of our errors", () => {
    it("is dropped once installed; other stderr lines pass", () => {
        const written: unknown[][] = [];
        const original = console.error;
        console.error = (...args: unknown[]) => void written.push(args);
        try {
            // Expected before the filter is installed (outside the host's process): nothing is remembered.
            const early = new Error("create UserRoles (user): early");
            expectHostEcho(early);
            installHostEchoFilter();
            console.error(`${early}: ${early.stack}`);
            expect(written).toEqual([[`${early}: ${early.stack}`]]);
            written.length = 0;
            const err = new Error("check UserRoleAssignment (user): boom");
            err.stack = `${err.name}: ${err.message}`;
            expectHostEcho(err);
            console.error(`${err}: ${err.stack}`); // what Pulumi's dynamic-provider host prints
            console.error("another line");
            console.error(`${err}: ${err.stack}`); // only the expected echo is dropped, once
            expectHostEcho(err);
            console.error(`${err}: ${err.stack}`, "more"); // a line of several arguments is never the echo
            expect(written).toEqual([
                ["another line"],
                [`${err}: ${err.stack}`],
                [`${err}: ${err.stack}`, "more"],
            ]);
        } finally {
            console.error = original;
        }
    });
});
