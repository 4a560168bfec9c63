/**
 * How a space member's role list is replaced: Qlik has no "replace" of a list that may not exist yet, so the
 * write is a `POST` when the assignee has no assignment, a `PUT` of the whole list when it has one, and a `DELETE`
 * when the list becomes empty (the coordinator plans an empty list only when the member holds nothing else).
 * It starts from the assignment id last read for the member, so it sends one request when nobody else wrote in
 * between; when someone did, the answers say so (a 409 on `POST`, a 404 on `PUT`) and it goes the other way.
 */
import { isQlikError, type AssigneeType, type QlikClient, type ThrottleSlot } from "../../client";
import { rememberAssignment, seenAssignment } from "./space-lookup";

/** One assignee in one space. */
export interface Member {
    spaceId: string;
    type: AssigneeType;
    assigneeId: string;
}

/** The member's id: `<spaceId>/users/<userId>` or `<spaceId>/groups/<groupId>`. */
export const memberId = (m: Member) => `${m.spaceId}/${m.type}s/${m.assigneeId}`;

export function parseMemberId(id: string): Member {
    const [spaceId, plural, assigneeId, ...rest] = id.split("/");
    if (!spaceId || !assigneeId || rest.length > 0 || (plural !== "users" && plural !== "groups"))
        throw new Error(`not a space member id: "${id}" (expected <spaceId>/users|groups/<id>)`);
    return { spaceId, type: plural === "users" ? "user" : "group", assigneeId };
}

/**
 * Writes `roles` as the member's whole list; false when the space (or the assignee) is gone. `slot` goes to the
 * first write only: a reserved place counts for one request (the coordinator releases it if none was sent).
 */
export async function replaceMemberRoles(
    client: QlikClient,
    id: string,
    roles: readonly string[],
    slot?: ThrottleSlot,
): Promise<boolean> {
    const member = parseMemberId(id);
    let unused = slot;
    const take = () => [unused, (unused = undefined)][0];
    try {
        let known = seenAssignment(client, id);
        if (known === undefined)
            known = (await client.getSpaceAssignment(member.spaceId, member))?.id ?? null;
        if (roles.length === 0) {
            if (known) await client.deleteSpaceAssignment(member.spaceId, known, take());
            rememberAssignment(client, id, null);
            return true;
        }
        if (known && (await client.replaceSpaceAssignmentRoles(member.spaceId, known, roles, take())))
            return true;
        const created = await client.createSpaceAssignment(member.spaceId, member, roles, take());
        rememberAssignment(client, id, created.assignment.id);
        if (created.outcome === "created") return true;
        // Another writer made it first. The list was planned from "no assignment", so it holds only additions:
        // theirs are kept, ours added.
        const theirs = created.assignment.roles;
        const merged = [...theirs, ...roles.filter((r) => !theirs.includes(r))];
        return (
            (await client.replaceSpaceAssignmentRoles(member.spaceId, created.assignment.id, merged)) !==
            undefined
        );
    } catch (err) {
        if (isQlikError(err, "QLIK_NOT_FOUND")) return false; // the space, or the assignee, is gone
        throw err;
    }
}
