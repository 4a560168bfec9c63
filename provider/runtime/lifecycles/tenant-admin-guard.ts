import { QlikError, TENANT_ADMIN, type QlikClient, type RoleRef } from "../../client";
import type { Principal, PrincipalKind } from "../kinds/principal-kind";
import { isEveryone } from "../kinds/everyone";

/** What to do with a removal of TenantAdmin: go ahead, or leave the role where it is (see `checkRemoval`). */
export type RemovalDecision = "remove" | "keep";

/**
 * Guards TenantAdmin of the identity we authenticate as. Its own TenantAdmin is never removed (Qlik lets no user
 * remove their own): the removal is skipped with a notice, because a delete cannot be checked at preview and a
 * refusal would fail `up` or `destroy` midway. Taking it away through the groups that are the identity's only
 * source of it is refused (the provider would lock itself, and often everyone, out).
 */
export class TenantAdminGuard {
    /** Groups this process has cleared to lose TenantAdmin (their removal is done or under way). */
    private readonly adminGroupsLeaving = new Set<string>();
    private turn: Promise<unknown> = Promise.resolve();
    private myId?: Promise<string>;

    constructor(private readonly client: QlikClient) {}

    /** Whether `principal` is the user this provider authenticates as (its id is read once per process). */
    async isOwnIdentity(kind: PrincipalKind, principalId: string): Promise<boolean> {
        if (kind.noun !== "user") return false;
        if (!this.myId) {
            const id = this.client.getMe().then((me) => me.id);
            this.myId = id;
            id.catch(() => {
                if (this.myId === id) this.myId = undefined; // a failed read is not kept: the next call tries again
            });
        }
        return (await this.myId) === principalId;
    }

    /**
     * Resolves to "remove" when removing `role` from `principal` is safe, to "keep" when it is the identity's own
     * TenantAdmin (the caller leaves it and says so: warnKeptOwnAdmin); otherwise rejects with a QLIK_INVALID_INPUT error saying what to do. Guards
     * run one at a time against a fresh /users/me, and count groups already cleared in this run, so two removals
     * cannot each rely on the other.
     */
    checkRemoval(kind: PrincipalKind, principal: Principal, role: RoleRef): Promise<RemovalDecision> {
        if (role.name !== TENANT_ADMIN) return Promise.resolve("remove");
        const turn = this.turn.then(() => this.check(kind, principal));
        this.turn = turn.catch(() => undefined);
        return turn;
    }

    private async check(kind: PrincipalKind, principal: Principal): Promise<RemovalDecision> {
        const refuse = (why: string) =>
            new QlikError(
                "QLIK_INVALID_INPUT",
                `refusing to remove TenantAdmin from ${principal.label}: ${why}; remove it with another admin's credential, or keep it: set retainIfPreexisting: true on this resource (when it adopted the role) or the retainOnDelete resource option`,
            );
        const me = await this.client.getMe();
        if (kind.noun === "user") {
            return principal.id === me.id ? "keep" : "remove";
        }
        const groups = me.assignedGroups ?? [];
        // Every user belongs to Everyone, whether or not Qlik lists it among the user's groups.
        const member = isEveryone(principal.id) || groups.some((g) => g.id === principal.id);
        if (!member) return "remove";
        if ((me.assignedRoles ?? []).some((r) => r.name === TENANT_ADMIN)) {
            this.adminGroupsLeaving.add(principal.id);
            return "remove";
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
        return "remove";
    }
}
