/**
 * The readable names beside exported space members: a user's subject and email, a group's name, as the tenant grants
 * show them. The program names every assignee by its id (which never changes); the names are for the reader.
 * Names the tenant export already read are reused; the rest are read by id, many to a request (a filtered listing
 * of `id eq "..." or ...`), so a thousand assignees cost a few dozen GETs, not a thousand.
 */
import { eq, isFilterSafe, type QlikClient } from "../client";
import type { ExportedSpaceMember } from "./export-spaces";

/** Ids per filtered listing: a short enough URL (about 40 characters an id) for any proxy. */
const IDS_PER_READ = 25;

interface UserName {
    subject: string;
    email?: string;
}

/** What the export already knows: the users and groups its tenant grants hold. */
export interface KnownNames {
    users: ReadonlyMap<string, UserName>;
    groups: ReadonlyMap<string, string>;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
    const out: T[][] = [];
    for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
    return out;
}

/**
 * The members with `subject`/`email` (users) or `groupName` (groups) filled in. An assignee Qlik no longer lists
 * (deleted since its assignment was made), or whose id cannot go into a filter, keeps only its id. GETs only.
 */
export async function nameSpaceMembers(
    client: QlikClient,
    members: readonly ExportedSpaceMember[],
    known: KnownNames,
): Promise<ExportedSpaceMember[]> {
    const users = new Map(known.users);
    const groups = new Map(known.groups);
    const missing = (type: "user" | "group", names: ReadonlyMap<string, unknown>) => [
        ...new Set(
            members
                .filter((m) => m.type === type && !names.has(m.assigneeId) && isFilterSafe(m.assigneeId))
                .map((m) => m.assigneeId),
        ),
    ];
    for (const ids of chunks(missing("user", users), IDS_PER_READ)) {
        const filter = ids.map((id) => eq("id", id)).join(" or ");
        for (const u of await client.listUsers({ filter, fields: "id,subject,email" }))
            users.set(u.id, { subject: u.subject, ...(u.email ? { email: u.email } : {}) });
    }
    for (const ids of chunks(missing("group", groups), IDS_PER_READ)) {
        const filter = ids.map((id) => eq("id", id)).join(" or ");
        for (const g of await client.listGroups({ filter })) groups.set(g.id, g.name);
    }
    return members.map((m) => {
        if (m.type === "group") {
            const groupName = groups.get(m.assigneeId);
            return groupName === undefined ? m : { ...m, groupName };
        }
        const user = users.get(m.assigneeId);
        return user === undefined ? m : { ...m, ...user };
    });
}
