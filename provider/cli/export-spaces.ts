/**
 * What `export --spaces` (or `--space <id|name>`) adds: every assignment in the spaces the credential sees, one
 * entry per (space, assignee) with its roles, for the program to declare as `SpaceRoleAssignment`s that the first
 * `up` adopts without a write. The owner has no assignment and personal spaces are not listed: neither is exported.
 */
import { UsageError, type QlikClient, type SpaceInfo } from "../client";
import { SPACE_ROLE_NAMES } from "../runtime/kinds/space-member";
import { nearestName } from "../runtime/registries/nearest-name";
import { byCodePoint, type TenantGrants } from "./export-grants";

/** One assignee's roles in one space. */
export interface ExportedSpaceMember {
    spaceId: string;
    /** For the reader: the space is named by its id, which never changes. */
    spaceName: string;
    type: "user" | "group";
    assigneeId: string;
    /** Sorted. */
    roles: string[];
}

interface SpaceExportFilters {
    /** Only these spaces (id, or exact name); empty = every space the credential sees. */
    spaces: string[];
    users: boolean;
    groups: boolean;
    /** `--space-role`: only these space roles; empty = all. (`--role` names tenant roles and does not apply.) */
    roles: readonly string[];
    /** `--user` / `--group`: only the assignees they named, by id; undefined = every assignee. */
    assignees?: { users: ReadonlySet<string>; groups: ReadonlySet<string> };
}

/**
 * A `--space-role` value as given, or one line saying it is no space role, with the spelling meant. Checked on the
 * command line against the spec's roles of every space type: a typo fails before anything is read.
 */
export function spaceRoleArg(name: string): string {
    if (SPACE_ROLE_NAMES.includes(name)) return name;
    const lower = SPACE_ROLE_NAMES.find((r) => r === name.toLowerCase());
    const nearest = nearestName(name, SPACE_ROLE_NAMES);
    const hint = lower
        ? `space roles are lowercase: did you mean "${lower}"?`
        : `${nearest ? `did you mean "${nearest}"? ` : ""}space roles are ${SPACE_ROLE_NAMES.join(", ")}`;
    throw new UsageError(`--space-role ${JSON.stringify(name)} is not a space role; ${hint}`);
}

async function spacesNamed(client: QlikClient, names: readonly string[]): Promise<SpaceInfo[]> {
    const found = new Map<string, SpaceInfo>();
    for (const v of names) {
        // An id is looked up as one; anything else (or an id Qlik does not know) as an exact name.
        const byId = /^[0-9a-f]{24}$/.test(v) ? await client.getSpace(v) : undefined;
        const space = byId ?? (await client.resolveSpace({ spaceName: v }));
        found.set(space.id, space);
    }
    return [...found.values()];
}

/** The space members to export, sorted by space name, then type, then assignee id. GETs only. */
export async function readSpaceMembers(
    client: QlikClient,
    filters: SpaceExportFilters,
): Promise<ExportedSpaceMember[]> {
    const spaces =
        filters.spaces.length > 0 ? await spacesNamed(client, filters.spaces) : await client.listSpaces();
    const members: ExportedSpaceMember[] = [];
    for (const space of spaces.filter((s) => s.type !== "personal")) {
        for (const a of await client.listSpaceAssignments(space.id)) {
            if (a.type === "user" ? !filters.users : !filters.groups) continue;
            const named = filters.assignees?.[a.type === "user" ? "users" : "groups"];
            if (named && !named.has(a.assigneeId)) continue;
            const roles = a.roles.filter((r) => filters.roles.length === 0 || filters.roles.includes(r));
            if (roles.length === 0) continue;
            members.push({
                spaceId: space.id,
                spaceName: space.name,
                type: a.type,
                assigneeId: a.assigneeId,
                roles: roles.sort(byCodePoint),
            });
        }
    }
    return members.sort(
        (a, b) =>
            byCodePoint(a.spaceName, b.spaceName) ||
            byCodePoint(a.spaceId, b.spaceId) ||
            byCodePoint(a.type, b.type) ||
            byCodePoint(a.assigneeId, b.assigneeId),
    );
}

/** The program's lines declaring them: one SpaceRoleAssignment per role, named by ids, which never change. */
export function renderSpaceMembers(members: readonly ExportedSpaceMember[], retainLine: string): string[] {
    const lit = (v: string) => JSON.stringify(v);
    const line = (m: ExportedSpaceMember) =>
        `    { spaceId: ${lit(m.spaceId)}, spaceName: ${lit(m.spaceName)}, assigneeId: ${lit(m.assigneeId)}, roles: [${m.roles.map(lit).join(", ")}] },`;
    const block = (type: "user" | "group") => {
        const idKey = type === "user" ? "userId" : "groupId";
        return [
            `const space${type === "user" ? "Users" : "Groups"}: SpaceMemberGrants[] = [`,
            ...members.filter((m) => m.type === type).map(line),
            "];",
            `for (const { spaceId, assigneeId, roles } of space${type === "user" ? "Users" : "Groups"})`,
            "    for (const role of roles)",
            `        new SpaceRoleAssignment(\`space-\${spaceId}-${type}-\${assigneeId}-\${role}\`, {`,
            "            spaceId,",
            `            ${idKey}: assigneeId,`,
            "            role,",
            `            ${retainLine}`,
            "        });",
        ];
    };
    return [
        "interface SpaceMemberGrants {",
        "    spaceId: string;",
        "    /** For the reader: the space is named by its id, which never changes. */",
        "    spaceName: string;",
        "    assigneeId: string;",
        "    roles: string[];",
        "}",
        "",
        ...block("user"),
        ...block("group"),
        "",
    ];
}

/** The export's summary line's part about spaces: empty without `--spaces`. */
export function spaceSummary(grants: TenantGrants): string {
    if (!grants.spaceMembers) return "";
    const roles = grants.spaceMembers.reduce((n, m) => n + m.roles.length, 0);
    const spaces = new Set(grants.spaceMembers.map((m) => m.spaceId)).size;
    return `, and ${roles} space roles of ${grants.spaceMembers.length} members in ${spaces} spaces`;
}
