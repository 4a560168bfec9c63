import type { QlikClient } from "../../provider/client";
import { TenantAdminGuard } from "../../provider/runtime/tenant-admin-guard";
import { GROUP, USER, type Principal } from "../../provider/runtime/principals";
import type { User } from "../../provider/schemas/qlik";

const TA = { id: "ta", name: "TenantAdmin" };
const group = (id: string): Principal => ({ id, label: `group "${id}"`, fields: {} });

/** A guard whose client answers /users/me with `me` (the only request the guard makes). */
function guardFor(me: User): TenantAdminGuard {
    return new TenantAdminGuard({ getMe: async () => me } as Pick<QlikClient, "getMe"> as QlikClient);
}

describe("the TenantAdmin guard", () => {
    it("refuses to remove TenantAdmin from the authenticating user itself", async () => {
        const s = guardFor({ id: "me", subject: "me", assignedRoles: [TA] });
        await expect(s.checkRemoval(USER, { id: "me", label: 'user "me"', fields: {} }, TA)).rejects.toThrow(
            /refusing to remove TenantAdmin/,
        );
        await expect(
            s.checkRemoval(USER, { id: "other", label: 'user "other"', fields: {} }, TA),
        ).resolves.toBeUndefined();
    });

    it("refuses the second of two group removals that together would take the identity's only TenantAdmin", async () => {
        const s = guardFor({
            id: "me",
            subject: "me",
            assignedRoles: [],
            assignedGroups: [
                { id: "g1", assignedRoles: [TA] },
                { id: "g2", assignedRoles: [TA] },
            ],
        });
        const results = await Promise.allSettled([
            s.checkRemoval(GROUP, group("g1"), TA),
            s.checkRemoval(GROUP, group("g2"), TA),
        ]);
        expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected"]);
    });

    it("refuses when Qlik hides which of the identity's groups grant TenantAdmin (fails closed)", async () => {
        const s = guardFor({
            id: "me",
            subject: "me",
            assignedRoles: [],
            assignedGroups: [{ id: "g1" }, { id: "g2" }],
        });
        await expect(s.checkRemoval(GROUP, group("g1"), TA)).rejects.toThrow(
            /does not show which of its groups/,
        );
    });

    it("allows removing TenantAdmin from a group when the identity holds it directly, or is not a member", async () => {
        const direct = guardFor({
            id: "me",
            subject: "me",
            assignedRoles: [TA],
            assignedGroups: [{ id: "g1", assignedRoles: [TA] }],
        });
        await expect(direct.checkRemoval(GROUP, group("g1"), TA)).resolves.toBeUndefined();
        const outsider = guardFor({
            id: "me",
            subject: "me",
            assignedRoles: [],
            assignedGroups: [{ id: "g1", assignedRoles: [TA] }],
        });
        await expect(outsider.checkRemoval(GROUP, group("g9"), TA)).resolves.toBeUndefined();
    });
});
