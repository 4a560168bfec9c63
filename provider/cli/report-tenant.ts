/**
 * What `report` reads of the tenant, GETs only, in (user pages + group pages + 2) requests: Everyone's roles
 * (`GET /groups/settings`), the roles catalogue (`GET /roles`: which roles
 * promote to Full, and the custom roles), every user with its direct roles and its groups, and every group with
 * its roles. A user's groups come with the user (`assignedGroups`, a field of Qlik's `User` that the Users list
 * returns when `fields` asks for it), so no group's members are listed one group at a time. With `--spaces`, one
 * more listing of the spaces and one of each space's assignments (as `export --spaces` reads them).
 */
import {
    EVERYONE_GROUP_ID,
    isQlikError,
    rolesHiddenError,
    type PageProgress,
    type QlikClient,
    type RoleRef,
} from "../client";
import type { User } from "../schemas/qlik";
import type { TenantAccess, TenantGroup, TenantUser } from "../access/classify-access";
import { readSpaceMembers } from "./export-spaces";

/** The Users list fields a report needs: the export's, and the groups each user belongs to. */
export const USER_ACCESS_FIELDS = "id,subject,email,status,assignedRoles,assignedGroups";

const REMEDY = "report needs a TenantAdmin's credential";
const refs = (roles: readonly { id: string; name: string }[]): RoleRef[] =>
    roles.map((r) => ({ id: r.id, name: r.name }));

/**
 * Everyone's roles. A credential that may not read everyone's roles (only a TenantAdmin may) is refused here, by the
 * first request: Qlik hides the roles, or refuses the settings outright. (No `GET /users/me`: Qlik answers it with
 * a redirect to the user, two requests, and a hidden role list says the same.)
 */
async function everyoneRoles(client: QlikClient): Promise<RoleRef[]> {
    const everyone = await client.getEveryoneRoles().catch((err: unknown) => {
        if (isQlikError(err, "QLIK_FORBIDDEN")) return undefined;
        throw err;
    });
    if (everyone === undefined) throw rolesHiddenError("the Everyone group", REMEDY);
    return refs(everyone);
}

function tenantUser(u: User): TenantUser {
    if (u.assignedRoles === undefined) throw rolesHiddenError(`user "${u.subject || u.id}"`, REMEDY);
    return {
        id: u.id,
        subject: u.subject,
        ...(u.email ? { email: u.email } : {}),
        ...(u.status ? { status: u.status } : {}),
        direct: refs(u.assignedRoles),
        // Qlik leaves system groups out of a user's groups; Everyone is read from the settings either way.
        groupIds: (u.assignedGroups ?? []).map((g) => g.id).filter((id) => id !== EVERYONE_GROUP_ID),
    };
}

interface ReadOptions {
    spaces: boolean;
    onPage: (progress: PageProgress) => void;
}

/** Reads the tenant's grants: GETs only. */
export async function readTenantAccess(
    client: QlikClient,
    tenantUrl: string,
    options: ReadOptions,
): Promise<TenantAccess> {
    const everyone = await everyoneRoles(client);
    // Permissions (hundreds of strings a role) are not kept.
    const roles = (await client.listRoles()).map(({ permissions: _, ...role }) => role);
    const users: TenantUser[] = [];
    for await (const page of client.userPages({ fields: USER_ACCESS_FIELDS, onPage: options.onPage }))
        for (const u of page) if (u.status !== "deleted") users.push(tenantUser(u));
    const groups: TenantGroup[] = [];
    for await (const page of client.groupPages({ onPage: options.onPage }))
        for (const g of page) {
            if (g.assignedRoles === undefined) throw rolesHiddenError(`group "${g.name}"`, REMEDY);
            groups.push({
                id: g.id,
                name: g.name,
                ...(g.status ? { status: g.status } : {}),
                roles: refs(g.assignedRoles),
            });
        }
    const access: TenantAccess = { tenantUrl, roles, users, groups, everyone };
    if (options.spaces)
        access.spaces = await readSpaceMembers(client, { spaces: [], users: true, groups: true, roles: [] });
    return access;
}
