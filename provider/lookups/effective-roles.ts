/**
 * `getEffectiveRoles`: every tenant role a user holds, and how: directly, through one of its groups, or through
 * Everyone (the same union the licence warning and the report reason about, `access/held-roles.ts`). Three GETs and
 * the user's lookup: the user (with its groups and their roles), Everyone's roles, and the role list (which roles
 * promote to Full).
 */
import { rolesHiddenError, writableRoles, type QlikClient, type RoleRef, type UserSelector } from "../client";
import { describeVia, heldRoles, promotesToFull, sourcesFromUserAnswer } from "../access/held-roles";

/** One role a user holds, from one source; a role held two ways is listed twice. */
export interface EffectiveRole {
    role: string;
    roleId: string;
    /** `direct`, `group` or `everyone`. */
    via: "direct" | "group" | "everyone";
    /** The group it comes through (`via: "group"`). */
    groupId?: string;
    groupName?: string;
    /** The source in words: `direct`, `through group "Sales"`, `through Everyone`. */
    source: string;
    /** Whether the tenant says this role makes a Basic user Full on a capacity-based subscription. */
    promotesToFull: boolean;
}

export interface EffectiveRoles {
    userId: string;
    subject: string;
    email?: string;
    /** Direct roles first, then each group's (groups by name), then Everyone's; by role name within each. */
    roles: EffectiveRole[];
    /** Whether any of those roles promotes to Full (docs/licence-impact.md). */
    holdsPromotingRole: boolean;
}

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export async function findEffectiveRoles(
    client: QlikClient,
    selector: UserSelector,
): Promise<EffectiveRoles> {
    const [user, everyone, catalogue] = await Promise.all([
        client.resolveUser(selector),
        client.getEveryoneRoles(),
        client.listRoles(),
    ]);
    const label = `user "${user.subject || user.id}"`;
    if (user.assignedRoles === undefined)
        throw rolesHiddenError(label, "the credential needs the TenantAdmin role");
    if (everyone === undefined)
        throw rolesHiddenError('group "Everyone"', "the credential needs the TenantAdmin role");
    const promoting = new Set(catalogue.filter(promotesToFull).map((r) => r.id));
    const byName = (roles: readonly RoleRef[] | undefined): RoleRef[] =>
        [...(writableRoles(roles) ?? [])].sort((a, b) => byCodePoint(a.name, b.name));
    const sources = sourcesFromUserAnswer(
        {
            assignedRoles: byName(user.assignedRoles),
            assignedGroups: [...(user.assignedGroups ?? [])]
                .sort((a, b) => byCodePoint(a.name ?? a.id, b.name ?? b.id))
                .map((g) => ({ id: g.id, name: g.name ?? g.id, assignedRoles: byName(g.assignedRoles) })),
        },
        byName(everyone),
    );
    const roles = heldRoles(sources).map(({ role, via }) => ({
        role: role.name,
        roleId: role.id,
        via: via.kind,
        ...(via.kind === "group" ? { groupId: via.groupId, groupName: via.groupName } : {}),
        source: describeVia(via),
        promotesToFull: promoting.has(role.id),
    }));
    return {
        userId: user.id,
        subject: user.subject,
        ...(user.email !== undefined ? { email: user.email } : {}),
        roles,
        holdsPromotingRole: roles.some((r) => r.promotesToFull),
    };
}
