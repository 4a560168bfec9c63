/**
 * Groups, named by `groupId` or `groupName`. The system group Everyone is a group to the program, but its roles
 * live elsewhere (./everyone.ts): this kind sends Everyone's lookup, read and write there.
 */
import { writableRoles } from "../../client";
import type { Group } from "../../schemas/qlik";
import { fetchEveryone, isEveryone, namesEveryone, resolveEveryone } from "./everyone";
import {
    TENANT_ROLE_WORDS,
    findTenantRole,
    onlyEntry,
    type Principal,
    type PrincipalKind,
} from "./principal-kind";

function fromGroup(group: Group): Principal {
    return {
        id: group.id,
        label: `group "${group.name}"`,
        roles: writableRoles(group.assignedRoles),
        fields: { groupId: group.id, groupName: group.name },
        ...(group.lastUpdatedAt ? { lastUpdatedAt: group.lastUpdatedAt } : {}),
    };
}

export const GROUP: PrincipalKind = {
    noun: "group",
    selectors: [{ keys: ["groupId", "groupName"], names: "the principal" }],
    selectorHelp: { groupId: "a Qlik group id", groupName: 'the group\'s exact name, e.g. "My Group"' },
    roleWords: TENANT_ROLE_WORDS,
    idKey: "groupId",
    keyOf: (id) => `groups/${id}`,
    async resolve(client, selector) {
        const [key, value] = onlyEntry(selector);
        if (namesEveryone(key, value)) return resolveEveryone(client, key, value);
        return fromGroup(
            await client.resolveGroup(key === "groupId" ? { groupId: value } : { groupName: value }),
        );
    },
    async fetch(client, id) {
        if (isEveryone(id)) return fetchEveryone(client);
        const group = await client.getGroup(id);
        return group && fromGroup(group);
    },
    // Everyone's write goes to the group settings and queues for its own place; the coordinator gives `slot` back.
    replaceRoles: (client, id, roles, slot) =>
        isEveryone(id) ? client.replaceEveryoneRoles(roles) : client.replaceGroupRoles(id, roles, slot),
    findRole: findTenantRole,
    sameValue: (_key, a, b) => a === b,
    storedLabel: (outputs) => `group "${String(outputs.groupName ?? outputs.groupId)}"`,
};
