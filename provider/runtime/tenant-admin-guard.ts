import { QlikError, TENANT_ADMIN, type QlikClient, type RoleRef } from "../client";
import type { Principal, PrincipalKind } from "./principals";
import { isEveryone } from "./everyone";

/**
 * Refuses to take TenantAdmin away from the identity we authenticate as: directly, or by removing it from the
 * groups that are the identity's only source of it (the provider would lock itself, and often everyone, out).
 */
export class TenantAdminGuard {
    /** Groups this process has cleared to lose TenantAdmin (their removal is done or under way). */
    private readonly adminGroupsLeaving = new Set<string>();
    private turn: Promise<unknown> = Promise.resolve();

    constructor(private readonly client: QlikClient) {}

    /**
     * Resolves when removing `role` from `principal` is safe; otherwise rejects with a QLIK_INVALID_INPUT error
     * saying what to do. Guards run one at a time against a fresh /users/me, and count groups already cleared in
     * this run, so two removals cannot each rely on the other.
     */
    checkRemoval(kind: PrincipalKind, principal: Principal, role: RoleRef): Promise<void> {
        if (role.name !== TENANT_ADMIN) return Promise.resolve();
        const turn = this.turn.then(() => this.check(kind, principal));
        this.turn = turn.catch(() => undefined);
        return turn;
    }

    private async check(kind: PrincipalKind, principal: Principal): Promise<void> {
        const refuse = (why: string) =>
            new QlikError(
                "QLIK_INVALID_INPUT",
                `refusing to remove TenantAdmin from ${principal.label}: ${why}; remove it with another admin's credential, or keep it: set retainIfPreexisting: true on this resource (when it adopted the role) or the retainOnDelete resource option`,
            );
        const me = await this.client.getMe();
        if (kind.noun === "user") {
            if (principal.id === me.id) throw refuse("it is the identity this provider authenticates as");
            return;
        }
        const groups = me.assignedGroups ?? [];
        // Every user belongs to Everyone, whether or not Qlik lists it among the user's groups.
        const member = isEveryone(principal.id) || groups.some((g) => g.id === principal.id);
        if (!member) return;
        if ((me.assignedRoles ?? []).some((r) => r.name === TENANT_ADMIN)) {
            this.adminGroupsLeaving.add(principal.id);
            return;
        }
        if (groups.some((g) => g.assignedRoles === undefined)) {
            throw refuse(
                "the provider's identity belongs to this group and Qlik does not show which of its groups grant TenantAdmin",
            );
        }
        const otherSources = groups.filter(
            (g) =>
                g.id !== principal.id &&
                !this.adminGroupsLeaving.has(g.id) &&
                g.assignedRoles!.some((r) => r.name === TENANT_ADMIN),
        );
        if (otherSources.length === 0)
            throw refuse("the provider's identity holds TenantAdmin only through this group");
        this.adminGroupsLeaving.add(principal.id);
    }
}
