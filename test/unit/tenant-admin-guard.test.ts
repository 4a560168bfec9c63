import type { QlikClient } from "../../provider/client";
import { TenantAdminGuard } from "../../provider/runtime/lifecycles/tenant-admin-guard";
import { GROUP } from "../../provider/runtime/kinds/group";
import { USER } from "../../provider/runtime/kinds/user";
import type { Principal } from "../../provider/runtime/kinds/principal-kind";
import type { User } from "../../provider/schemas/qlik";

const TA = { id: "ta", name: "TenantAdmin" };
const group = (id: string): Principal => ({ id, label: `group "${id}"`, fields: {} });

/** A guard whose client answers /users/me with `me` (the only request the guard makes), or with each in turn. */
function guardFor(me: User, ...later: User[]): TenantAdminGuard {
    const answers = [me, ...later];
    let n = 0;
    const getMe = async () => answers[Math.min(n++, answers.length - 1)]!;
    return new TenantAdminGuard({ getMe } as Pick<QlikClient, "getMe"> as QlikClient);
}
const STEWARD = { id: "st", name: "Steward" };
const FIX =
    "remove it with another admin's credential, or keep it: set retainIfPreexisting: true on this resource (when it adopted the role) or the retainOnDelete resource option";

describe("the TenantAdmin guard", () => {
    it("knows the identity by id, reads it once, and tries again after a failed read", async () => {
        let calls = 0;
        const getMe = async () => {
            calls++;
            if (calls === 1) throw new Error("network");
            return { id: "me", subject: "me" };
        };
        const s = new TenantAdminGuard({ getMe } as Pick<QlikClient, "getMe"> as QlikClient);
        await expect(s.isOwnIdentity(USER, "me")).rejects.toThrow("network");
        await expect(s.isOwnIdentity(USER, "me")).resolves.toBe(true);
        await expect(s.isOwnIdentity(USER, "other")).resolves.toBe(false);
        await expect(s.isOwnIdentity(GROUP, "me")).resolves.toBe(false);
        expect(calls).toBe(2);
    });

    it("keeps TenantAdmin on the authenticating user itself instead of refusing (a delete cannot be checked at preview)", async () => {
        const s = guardFor({ id: "me", subject: "me", assignedRoles: [TA] });
        await expect(s.checkRemoval(USER, { id: "me", label: 'user "me"', fields: {} }, TA)).resolves.toBe(
            "keep",
        );
        await expect(
            s.checkRemoval(USER, { id: "other", label: 'user "other"', fields: {} }, TA),
        ).resolves.toBe("remove");
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
        await expect(direct.checkRemoval(GROUP, group("g1"), TA)).resolves.toBe("remove");
        const outsider = guardFor({
            id: "me",
            subject: "me",
            assignedRoles: [],
            assignedGroups: [{ id: "g1", assignedRoles: [TA] }],
        });
        await expect(outsider.checkRemoval(GROUP, group("g9"), TA)).resolves.toBe("remove");
    });

    it("says why, in one line, for its only group granting TenantAdmin", async () => {
        const viaGroup = guardFor({
            id: "me",
            subject: "me",
            assignedRoles: [STEWARD],
            assignedGroups: [{ id: "g1", assignedRoles: [TA] }],
        });
        await expect(viaGroup.checkRemoval(GROUP, group("g1"), TA)).rejects.toThrow(
            `refusing to remove TenantAdmin from group "g1": the provider's identity holds TenantAdmin only through this group; ${FIX}`,
        );
    });

    it("lets any other role go, also from the identity itself", async () => {
        const s = guardFor({ id: "me", subject: "me", assignedRoles: [TA, STEWARD] });
        await expect(
            s.checkRemoval(USER, { id: "me", label: 'user "me"', fields: {} }, STEWARD),
        ).resolves.toBe("remove");
    });

    it("leaves a group the identity is not a member of alone, even when no group of its own grants TenantAdmin", async () => {
        const s = guardFor({
            id: "me",
            subject: "me",
            assignedRoles: [],
            assignedGroups: [{ id: "g1", assignedRoles: [STEWARD] }],
        });
        await expect(s.checkRemoval(GROUP, group("g9"), TA)).resolves.toBe("remove");
    });

    it("counts only groups that grant TenantAdmin as other sources", async () => {
        const only = guardFor({
            id: "me",
            subject: "me",
            assignedRoles: [],
            assignedGroups: [
                { id: "g1", assignedRoles: [TA] },
                { id: "g2", assignedRoles: [STEWARD] },
            ],
        });
        await expect(only.checkRemoval(GROUP, group("g1"), TA)).rejects.toThrow(/only through this group/);
        const another = guardFor({
            id: "me",
            subject: "me",
            assignedRoles: [],
            assignedGroups: [
                { id: "g1", assignedRoles: [TA] },
                { id: "g2", assignedRoles: [STEWARD, TA] },
            ],
        });
        await expect(another.checkRemoval(GROUP, group("g1"), TA)).resolves.toBe("remove");
    });

    it("fails closed when Qlik hides the roles of any one of the identity's groups", async () => {
        const s = guardFor({
            id: "me",
            subject: "me",
            assignedRoles: [],
            assignedGroups: [{ id: "g1", assignedRoles: [TA] }, { id: "g2" }],
        });
        await expect(s.checkRemoval(GROUP, group("g1"), TA)).rejects.toThrow(
            /does not show which of its groups/,
        );
    });

    it("remembers a group cleared while the identity held TenantAdmin directly, once that direct grant is gone", async () => {
        const groups = [
            { id: "g1", assignedRoles: [TA] },
            { id: "g2", assignedRoles: [TA] },
        ];
        const s = guardFor(
            { id: "me", subject: "me", assignedRoles: [TA], assignedGroups: groups },
            { id: "me", subject: "me", assignedRoles: [], assignedGroups: groups },
        );
        await expect(s.checkRemoval(GROUP, group("g1"), TA)).resolves.toBe("remove");
        // g1's TenantAdmin is on its way out: it cannot be g2's other source.
        await expect(s.checkRemoval(GROUP, group("g2"), TA)).rejects.toThrow(/only through this group/);
    });
});
