/**
 * The licence line of a preview: a create or update that grants a role promoting Basic users to Full says, per
 * principal and role, whom it makes Full (`qlik:fullUserPromotion` `warn`), fails the check with that line
 * (`refuse`), or says nothing (`ignore`). Only reads, and only what the decision needs, cheapest first: the role
 * list (already read by check), the principal (already read), Everyone's roles (one GET per process) and, for a
 * group that holds no promoting role yet, its members (one paged listing per group per process).
 */
import type { RoleRef } from "../../client";
import { sourcesFromUserAnswer } from "../../access/held-roles";
import {
    losesLastPromotion,
    promotionLine,
    promotionOf,
    returnToBasicNote,
    type Grantee,
    type MemberSources,
} from "../../access/licence-impact";
import { isEveryone } from "../kinds/everyone";
import type { Principal, PrincipalKind } from "../kinds/principal-kind";
import type { Services } from "../services";
import { warnOnce } from "./notices";
import { fullUserPromotionMode } from "../config/config";

/**
 * Warns once for each role of `roles` that makes a Basic user of `principal` Full; with `refuse`, the first such
 * line is returned instead (the check fails with it) and nothing is printed.
 */
export async function checkPromotions(
    s: Services,
    kind: PrincipalKind,
    principal: Principal,
    roles: readonly RoleRef[],
): Promise<string | undefined> {
    if (kind.noun === "space member" || roles.length === 0) return undefined;
    // Read here, where it is used: a bad value fails the check of a tenant role's grant, nothing else.
    const mode = fullUserPromotionMode(s.config);
    if (mode === "ignore") return undefined;
    const promotes = await s.roles.promotion();
    for (const role of roles.filter(promotes)) {
        const grantee = await granteeOf(s, kind, principal, promotes);
        const promotion = grantee && promotionOf(role, grantee, promotes);
        if (!promotion) continue;
        const line = promotionLine(promotion);
        if (mode === "refuse")
            return `${line}; ${s.config.fullUserPromotion?.name ?? "qlik:fullUserPromotion"} is "refuse" (set it to "warn" to allow such grants)`;
        warnOnce(line);
    }
    return undefined;
}

/**
 * Who would receive the role, with every source of their roles; undefined when they are all Full already, found
 * without listing anyone (the group, or Everyone, holds a promoting role).
 */
async function granteeOf(
    s: Services,
    kind: PrincipalKind,
    principal: Principal,
    promotes: (role: RoleRef) => boolean,
): Promise<Grantee | undefined> {
    if (kind.noun === "user") {
        const sources = {
            direct: principal.roles,
            groups: (principal.groups ?? []).map((g) => ({ id: g.id, name: g.id, roles: g.roles })),
            everyone: [] as RoleRef[],
        };
        // Direct and group roles came with the principal: Everyone is read only when they do not settle it.
        if ([...(sources.direct ?? []), ...sources.groups.flatMap((g) => g.roles)].some(promotes))
            return undefined;
        sources.everyone = (await s.memberships.everyoneRoles()) ?? [];
        return { kind: "user", label: principal.label, user: { name: principal.label, sources } };
    }
    if ((principal.roles ?? []).some(promotes)) return undefined;
    const everyone = isEveryone(principal.id) ? principal.roles : await s.memberships.everyoneRoles();
    if ((everyone ?? []).some(promotes)) return undefined;
    const members: MemberSources[] = (await s.memberships.groupMembers(principal.id)).map((u) => ({
        name: u.subject || u.id,
        sources: sourcesFromUserAnswer(u, everyone),
    }));
    return { kind: "group", label: principal.label, members };
}

/**
 * For a set's removal line: who loses its last promoting role with `remove` ("" when nobody does, when no removed
 * role promotes, or with `ignore`). A user needs Everyone's roles at most; a group, its members' listing.
 */
export async function returnToBasic(
    s: Services,
    kind: PrincipalKind,
    principal: Principal,
    remove: readonly RoleRef[],
): Promise<string> {
    if (kind.noun === "space member" || fullUserPromotionMode(s.config) === "ignore") return "";
    const promotes = await s.roles.promotion();
    if (!remove.some(promotes)) return "";
    if (kind.noun === "user") {
        const sources = {
            direct: principal.roles,
            groups: (principal.groups ?? []).map((g) => ({ id: g.id, name: g.id, roles: g.roles })),
            everyone: (await s.memberships.everyoneRoles()) ?? [],
        };
        return losesLastPromotion(sources, remove, { kind: "direct" }, promotes)
            ? returnToBasicNote({ user: principal.label })
            : "";
    }
    const everyoneGroup = isEveryone(principal.id);
    const everyone = everyoneGroup ? principal.roles : await s.memberships.everyoneRoles();
    const members = await s.memberships.groupMembers(principal.id);
    const from = everyoneGroup
        ? ({ kind: "everyone" } as const)
        : ({ kind: "group", groupId: principal.id } as const);
    const losing = members.filter((u) =>
        losesLastPromotion(sourcesFromUserAnswer(u, everyone), remove, from, promotes),
    ).length;
    return losing > 0 ? returnToBasicNote({ members: members.length, losing }) : "";
}
