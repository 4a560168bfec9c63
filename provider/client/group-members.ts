/**
 * Who belongs to a group: the Users list filtered by `assignedGroups.id eq "<id>"` (an `eq` field of the Users
 * list's `filter` in Qlik's API reference), paged by the one pager. Each member comes with its direct roles and its
 * groups with their roles, which is what deciding "Full already" needs.
 */
import { eq, isFilterSafe } from "./filter";

/** The fields a member is read with: enough to name it and to know every role it holds. */
export const MEMBER_FIELDS = "id,subject,email,status,assignedRoles,assignedGroups";

/**
 * The Users filter for a group's members; undefined for an id that cannot be written into a filter safely (never a
 * Qlik id, which is hex): then every user is listed and members are picked in the client.
 */
export function groupMembersFilter(groupId: string): string | undefined {
    return isFilterSafe(groupId) ? eq("assignedGroups.id", groupId) : undefined;
}
