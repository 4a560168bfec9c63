/**
 * The tenant's system group Everyone as a group principal. Its roles apply to every user of the tenant and live
 * in the group settings (client/group-settings.ts), not on the group, so the group kind sends its reads and
 * writes here when the principal is Everyone. The coordinator key stays `groups/000000000000000000000001`, so
 * Everyone gets the same lock, merge and verify as every other group.
 *
 * How a program names it: `groupId: "000000000000000000000001"` (Qlik's fixed id), or `groupName: "Everyone"`
 * (what Qlik's console shows) or `"com.qlik.Everyone"` (the name Qlik's API gives). Because granting to Everyone
 * grants to every user, `"Everyone"` is refused when the tenant also has a regular group of that name.
 */
import {
    EVERYONE_GROUP_ID,
    EVERYONE_GROUP_NAME,
    QlikError,
    eq,
    writableRoles,
    type QlikClient,
} from "../../client";
import type { Principal } from "./principal-kind";

/** The group names that mean the system group Everyone. */
const EVERYONE_NAMES: readonly string[] = ["Everyone", EVERYONE_GROUP_NAME];

/** Whether a group selector names Everyone (by id, or by one of its names). */
export function namesEveryone(key: string, value: string): boolean {
    return key === "groupId" ? value === EVERYONE_GROUP_ID : EVERYONE_NAMES.includes(value);
}

export function isEveryone(groupId: string): boolean {
    return groupId === EVERYONE_GROUP_ID;
}

/** Everyone, with its current roles. A regular group named exactly "Everyone" makes that name ambiguous. */
export async function resolveEveryone(client: QlikClient, key: string, value: string): Promise<Principal> {
    if (key === "groupName" && value === "Everyone") {
        const regular = (await client.findGroups(eq("name", value))).filter((g) => g.name === value);
        if (regular.length > 0) {
            throw new QlikError(
                "QLIK_INVALID_INPUT",
                `groupName "Everyone" is ambiguous: the tenant has a regular group of that name (id ${regular[0]!.id}) besides the system group; use groupId "${regular[0]!.id}" for it, or groupId "${EVERYONE_GROUP_ID}" for the system group Everyone`,
            );
        }
    }
    return fetchEveryone(client);
}

export async function fetchEveryone(client: QlikClient): Promise<Principal> {
    const roles = await client.getEveryoneRoles();
    return {
        id: EVERYONE_GROUP_ID,
        label: 'group "Everyone"',
        roles: writableRoles(roles),
        fields: { groupId: EVERYONE_GROUP_ID, groupName: EVERYONE_GROUP_NAME },
    };
}
