/**
 * Members of a space: a user or a group holding roles in one shared, managed or data space, named by the space
 * (`spaceId` or `spaceName`) and the assignee (as users and groups are named). Qlik keeps a member's roles as one
 * assignment per (space, assignee), whose `PUT` replaces the whole list: the same read-modify-write as a tenant
 * principal's `assignedRoles`, so the coordinator merges it under the key `spaces/<spaceId>/<users|groups>/<id>`.
 * Space roles have no ids: a role's name is its id. The space's owner holds every role without an assignment and
 * is refused; so is the system group Everyone, whose space access Qlik does not document as an assignment.
 */
import { QlikError, isQlikError, type QlikClient, type SpaceInfo } from "../../client";
import { nearestName } from "../registries/nearest-name";
import { namesEveryone } from "./everyone";
import { GROUP } from "./group";
import { type Principal, type PrincipalKind, type Selector } from "./principal-kind";
import { lookUpSpace, rememberAssignment, spaceSelectorOf } from "./space-lookup";
import { memberId, parseMemberId, replaceMemberRoles, type Member } from "./space-member-writes";
import { USER } from "./user";

const USER_KEYS = ["userId", "subject", "email"];
const GROUP_KEYS = ["groupId", "groupName"];

/** The assignee part of a member's selector, and the kind that finds it. */
function assigneeOf(selector: Selector): { kind: PrincipalKind; selector: Selector } {
    const [key, value] = Object.entries(selector).find(([k]) => !k.startsWith("space")) ?? [];
    if (key === undefined || value === undefined)
        throw new Error("a space member's selector names its assignee");
    if (GROUP_KEYS.includes(key) && namesEveryone(key, value))
        throw new QlikError(
            "QLIK_INVALID_INPUT",
            `${key} "${value}" is the system group Everyone, which this package does not make a space member (Qlik documents no assignment for it); name a user or a regular group`,
        );
    return { kind: USER_KEYS.includes(key) ? USER : GROUP, selector: { [key]: value } };
}

const spaceLabel = (space: { name?: unknown; id?: unknown }) => `space "${String(space.name || space.id)}"`;

async function resolveMember(client: QlikClient, selector: Selector): Promise<Principal> {
    const assignee = assigneeOf(selector);
    const [space, who] = await Promise.all([
        lookUpSpace(client, spaceSelectorOf(selector)),
        assignee.kind.resolve(client, assignee.selector),
    ]);
    const type = assignee.kind === USER ? "user" : "group";
    const label = `${who.label} in ${spaceLabel(space)}`;
    if (type === "user" && who.id === space.ownerId)
        throw new QlikError(
            "QLIK_INVALID_INPUT",
            `${who.label} owns ${spaceLabel(space)} and so already holds every role in it, without an assignment; remove this resource (roles are given to the other members)`,
        );
    const member: Member = { spaceId: space.id, type, assigneeId: who.id };
    const id = memberId(member);
    const assignment = await client.getSpaceAssignment(space.id, member);
    rememberAssignment(client, id, assignment?.id ?? null);
    return {
        id,
        label,
        roles: asRoleRefs(assignment?.roles ?? []),
        ...(who.disabled ? { disabled: true } : {}),
        fields: { ...who.fields, spaceId: space.id, spaceName: space.name, spaceMemberId: id },
    };
}

const asRoleRefs = (names: readonly string[]) => names.map((name) => ({ id: name, name }));

/** The roles a space takes, by name; when Qlik sends no `meta.assignableRoles`, those its type takes in the spec. */
const SPEC_ROLES: Readonly<Record<string, readonly string[]>> = {
    shared: ["codeveloper", "consumer", "dataconsumer", "facilitator", "producer"],
    managed: ["basicconsumer", "consumer", "contributor", "dataconsumer", "facilitator", "publisher"],
    data: ["consumer", "dataconsumer", "datapreview", "facilitator", "operator", "producer", "publisher"],
};
/** Every space role of the spec, of any type, sorted: what `export --space-role` accepts. */
export const SPACE_ROLE_NAMES: readonly string[] = [...new Set(Object.values(SPEC_ROLES).flat())].sort();
const assignable = (space: SpaceInfo) =>
    space.assignableRoles.length > 0 ? space.assignableRoles : (SPEC_ROLES[space.type] ?? []);

async function findSpaceRole(client: QlikClient, name: string, selector: Selector) {
    let space: SpaceInfo;
    try {
        space = await lookUpSpace(client, spaceSelectorOf(selector));
    } catch (err) {
        // The space's own problem is reported once, by the principal's lookup; without it no role can be checked.
        if (isQlikError(err, "QLIK_INVALID_INPUT")) return { id: name, name };
        throw err;
    }
    const roles = assignable(space);
    if (roles.includes(name)) return { id: name, name };
    const where = `${space.type} ${spaceLabel(space)}`;
    const sameExceptCase = roles.find((r) => r.toLowerCase() === name.toLowerCase());
    const nearest = nearestName(name, roles);
    const hint = sameExceptCase
        ? `space roles are lowercase and case-sensitive: did you mean "${sameExceptCase}"?`
        : `${nearest ? `did you mean "${nearest}"? ` : ""}it takes ${roles.join(", ")}`;
    throw new QlikError("QLIK_INVALID_INPUT", `role "${name}" cannot be assigned in ${where}; ${hint}`);
}

export const SPACE_MEMBER: PrincipalKind = {
    noun: "space member",
    selectors: [
        { keys: ["spaceId", "spaceName"], names: "the space" },
        { keys: [...USER_KEYS, ...GROUP_KEYS], names: "the assignee (a user or a group)" },
    ],
    selectorHelp: {
        spaceId: "a Qlik space id",
        spaceName: 'the space\'s exact name, e.g. "Finance Analytics"',
        ...USER.selectorHelp,
        ...GROUP.selectorHelp,
    },
    roleWords: {
        what: "a space role",
        example: "consumer",
        listedBy: "the space's meta.assignableRoles (GET /api/v1/spaces/{spaceId})",
        heldBy: "the assignee holds in the space",
    },
    idKey: "spaceMemberId",
    keyOf: (id) => `spaces/${id}`,
    resolve: resolveMember,
    async fetch(client, id) {
        const member = parseMemberId(id);
        try {
            const assignment = await client.getSpaceAssignment(member.spaceId, member);
            rememberAssignment(client, id, assignment?.id ?? null);
            return {
                id,
                label: `${member.type} "${member.assigneeId}" in space "${member.spaceId}"`,
                roles: asRoleRefs(assignment?.roles ?? []),
                fields: {},
            };
        } catch (err) {
            if (isQlikError(err, "QLIK_NOT_FOUND")) return undefined; // the space is gone, or out of sight
            throw err;
        }
    },
    replaceRoles: (client, id, roles, slot) =>
        replaceMemberRoles(
            client,
            id,
            roles.map((r) => r.name),
            slot,
        ),
    findRole: (lookup, name, selector) => findSpaceRole(lookup.client, name, selector),
    sameValue: (key, a, b) => (key === "email" ? a.toLowerCase() === b.toLowerCase() : a === b),
    storedLabel: (outputs) => {
        const who = outputs.subject ?? outputs.email ?? outputs.userId;
        const assignee =
            who !== undefined
                ? `user "${String(who)}"`
                : `group "${String(outputs.groupName ?? outputs.groupId)}"`;
        return `${assignee} in ${spaceLabel({ name: outputs.spaceName, id: outputs.spaceId })}`;
    },
};
