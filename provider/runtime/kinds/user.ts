/** Users, named by `userId`, `subject` or `email`. */
import { writableRoles } from "../../client";
import type { User } from "../../schemas/qlik";
import {
    TENANT_ROLE_WORDS,
    findTenantRole,
    onlyEntry,
    type Principal,
    type PrincipalKind,
} from "./principal-kind";

function fromUser(user: User): Principal {
    const fields: Record<string, string> = { userId: user.id, subject: user.subject };
    if (user.email) fields.email = user.email;
    return {
        id: user.id,
        label: `user "${user.subject || user.id}"`,
        roles: writableRoles(user.assignedRoles),
        disabled: user.status === "disabled",
        fields,
        ...(user.lastUpdatedAt ? { lastUpdatedAt: user.lastUpdatedAt } : {}),
        groups: user.assignedGroups?.map((g) => ({
            id: g.id,
            roles: writableRoles(g.assignedRoles ?? [])!,
        })),
    };
}

export const USER: PrincipalKind = {
    noun: "user",
    selectors: [{ keys: ["userId", "subject", "email"], names: "the principal" }],
    selectorHelp: {
        userId: "a Qlik user id",
        subject: 'the user\'s subject, e.g. "user1234"',
        email: "the user's email address",
    },
    roleWords: TENANT_ROLE_WORDS,
    idKey: "userId",
    keyOf: (id) => `users/${id}`,
    async resolve(client, named) {
        const [key, value] = onlyEntry(named);
        const selector =
            key === "userId" ? { userId: value } : key === "subject" ? { subject: value } : { email: value };
        return fromUser(await client.resolveUser(selector));
    },
    async fetch(client, id) {
        const user = await client.getUser(id);
        return user && fromUser(user);
    },
    replaceRoles: (client, id, roles, slot) => client.replaceUserRoles(id, roles, slot),
    findRole: findTenantRole,
    sameValue: (key, a, b) => (key === "email" ? a.toLowerCase() === b.toLowerCase() : a === b),
    storedLabel: (outputs) => `user "${String(outputs.subject ?? outputs.userId)}"`,
};
