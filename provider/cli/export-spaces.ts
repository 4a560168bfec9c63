/**
 * What `export --spaces` (or `--space <id|name>`) adds: every assignment in the spaces the credential sees, one
 * entry per (space, assignee) with its roles, for the program to declare as `SpaceRoleAssignment`s that the first
 * `up` adopts without a write. The owner has no assignment and personal spaces are not listed: neither is exported.
 */
import { QlikError, UsageError, isQlikError, type QlikClient, type SpaceInfo } from "../client";
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
    /** For the reader, as the tenant grants show them (export-space-names.ts): a user's subject and email. */
    subject?: string;
    email?: string;
    /** For the reader: a group's name. */
    groupName?: string;
    /** Sorted. */
    roles: string[];
}

interface SpaceExportFilters {
    /**
     * Only these spaces (id, or exact name); empty = every space the credential sees. Or the spaces themselves, found
     * beforehand by `spacesToExport`, so that a wrong name fails before anything else is read.
     */
    spaces: readonly string[] | readonly SpaceInfo[];
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

/**
 * The space a `--space` value names: by id, else by exact name. A name that matches nothing is one line, with the
 * nearest visible space's name when one is close (Qlik's name search finds only names containing the value, so a
 * typo is compared against every visible space, read only then).
 */
async function spaceNamed(client: QlikClient, v: string): Promise<SpaceInfo> {
    // An id is looked up as one; anything else (or an id Qlik does not know) as an exact name.
    const byId = /^[0-9a-f]{24}$/.test(v) ? await client.getSpace(v) : undefined;
    if (byId) return byId;
    try {
        return await client.resolveSpace({ spaceName: v });
    } catch (err) {
        if (!isQlikError(err, "QLIK_INVALID_INPUT")) throw err;
        const message = (err as Error).message;
        const visible = (await client.listSpaces()).map((s) => s.name);
        const nearest = nearestName(v, visible);
        const hint =
            nearest && !message.includes(JSON.stringify(nearest)) ? `; did you mean "${nearest}"?` : "";
        throw new QlikError("QLIK_INVALID_INPUT", `--space ${JSON.stringify(v)}: ${message}${hint}`);
    }
}

/** The spaces whose assignments to export: those `--space` names (each once), or every space the credential sees. */
export async function spacesToExport(client: QlikClient, names: readonly string[]): Promise<SpaceInfo[]> {
    if (names.length === 0) return client.listSpaces();
    const found = new Map<string, SpaceInfo>();
    for (const v of names) {
        const space = await spaceNamed(client, v);
        found.set(space.id, space);
    }
    return [...found.values()];
}

/** Spaces read between two progress lines. */
const SPACES_PER_LINE = 25;

/** `1 space`, `2 spaces`: counts in the export's lines. */
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The space members to export, sorted by space name, then type, then assignee id. GETs only. `progress` gets one
 * line per space read, as the tenant grants' pages get theirs.
 */
export async function readSpaceMembers(
    client: QlikClient,
    filters: SpaceExportFilters,
    progress?: (line: string) => void,
): Promise<ExportedSpaceMember[]> {
    const given = filters.spaces;
    const spaces = given.some((v) => typeof v === "string")
        ? await spacesToExport(client, given as readonly string[])
        : given.length > 0
          ? (given as readonly SpaceInfo[])
          : await client.listSpaces();
    const members: ExportedSpaceMember[] = [];
    const shared = spaces.filter((s) => s.type !== "personal");
    let assignments = 0;
    for (const [i, space] of shared.entries()) {
        const listed = await client.listSpaceAssignments(space.id);
        assignments += listed.length;
        // A line every SPACES_PER_LINE spaces and at the end: as often as the user pages' (100 items) lines.
        if ((i + 1) % SPACES_PER_LINE === 0 || i === shared.length - 1)
            progress?.(
                `read ${plural(assignments, "space assignment")} (${i + 1} of ${plural(shared.length, "space")})`,
            );
        for (const a of listed) {
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
    // The assignee's names sit beside its id, as the tenant grants' do; only the id reaches the resource.
    const line = (m: ExportedSpaceMember) => {
        const names = [
            ...(m.subject !== undefined ? [`subject: ${lit(m.subject)}`] : []),
            ...(m.email !== undefined ? [`email: ${lit(m.email)}`] : []),
            ...(m.groupName !== undefined ? [`groupName: ${lit(m.groupName)}`] : []),
        ];
        const fields = [
            `spaceId: ${lit(m.spaceId)}`,
            `spaceName: ${lit(m.spaceName)}`,
            `assigneeId: ${lit(m.assigneeId)}`,
            ...names,
            `roles: [${m.roles.map(lit).join(", ")}]`,
        ];
        return `    { ${fields.join(", ")} },`;
    };
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
        "    /** For the reader: the assignee is named by its id, which never changes. */",
        "    subject?: string;",
        "    email?: string;",
        "    groupName?: string;",
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
    return `, and ${plural(roles, "space role")} of ${plural(grants.spaceMembers.length, "member")} in ${plural(spaces, "space")}`;
}
