import { Services } from "../../provider/runtime/services";
import { loadConfig } from "../../provider/runtime/config";
import { GROUP, USER, type Principal } from "../../provider/runtime/principals";
import type { User } from "../../provider/schemas/qlik";

const TA = { id: "ta", name: "TenantAdmin" };
const group = (id: string): Principal => ({ id, label: `group "${id}"`, fields: {} });

function services(me: User): Services {
    const s = new Services(
        loadConfig(
            { get: (k) => ({ "qlik:tenantUrl": "https://t.eu.qlikcloud.com", "qlik:apiKey": "k" })[k] },
            {},
        ),
    );
    s.client.getMe = async () => me;
    return s;
}

describe("the TenantAdmin guard", () => {
    it("refuses to remove TenantAdmin from the authenticating user itself", async () => {
        const s = services({ id: "me", subject: "me", assignedRoles: [TA] });
        await expect(
            s.guardTenantAdminRemoval(USER, { id: "me", label: 'user "me"', fields: {} }, TA),
        ).rejects.toThrow(/refusing to remove TenantAdmin/);
        await expect(
            s.guardTenantAdminRemoval(USER, { id: "other", label: 'user "other"', fields: {} }, TA),
        ).resolves.toBeUndefined();
    });

    it("refuses the second of two group removals that together would take the identity's only TenantAdmin", async () => {
        const s = services({
            id: "me",
            subject: "me",
            assignedRoles: [],
            assignedGroups: [
                { id: "g1", assignedRoles: [TA] },
                { id: "g2", assignedRoles: [TA] },
            ],
        });
        const results = await Promise.allSettled([
            s.guardTenantAdminRemoval(GROUP, group("g1"), TA),
            s.guardTenantAdminRemoval(GROUP, group("g2"), TA),
        ]);
        expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected"]);
    });

    it("refuses when Qlik hides which of the identity's groups grant TenantAdmin (fails closed)", async () => {
        const s = services({
            id: "me",
            subject: "me",
            assignedRoles: [],
            assignedGroups: [{ id: "g1" }, { id: "g2" }],
        });
        await expect(s.guardTenantAdminRemoval(GROUP, group("g1"), TA)).rejects.toThrow(
            /does not show which of its groups/,
        );
    });

    it("allows removing TenantAdmin from a group when the identity holds it directly, or is not a member", async () => {
        const direct = services({
            id: "me",
            subject: "me",
            assignedRoles: [TA],
            assignedGroups: [{ id: "g1", assignedRoles: [TA] }],
        });
        await expect(direct.guardTenantAdminRemoval(GROUP, group("g1"), TA)).resolves.toBeUndefined();
        const outsider = services({
            id: "me",
            subject: "me",
            assignedRoles: [],
            assignedGroups: [{ id: "g1", assignedRoles: [TA] }],
        });
        await expect(outsider.guardTenantAdminRemoval(GROUP, group("g9"), TA)).resolves.toBeUndefined();
    });
});
