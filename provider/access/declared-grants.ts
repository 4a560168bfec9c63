/**
 * What a stack declares, read from its state (`pulumi stack export`): every grant its resources manage and every
 * custom role it defines, with the resource that manages each. Pure: the text of an export in, declarations out,
 * so `report` classifies a tenant against several stacks without running a program. Only our resource types count;
 * resources being deleted (`delete: true`) and other tenants' resources are left out.
 */
import { EVERYONE_GROUP_ID } from "../client";

/** Who a declared grant is on: a user, a group (Everyone is the group of its fixed id), or a member of a space. */
export type GrantTarget =
    | { kind: "user"; id: string }
    | { kind: "group"; id: string }
    | { kind: "space"; spaceId: string; type: "user" | "group"; assigneeId: string };

/** The resource that manages a grant or a custom role. */
export interface Manager {
    /** The stack's name, as its URNs give it. */
    stack: string;
    /** The stack's project, as its URNs give it. */
    project: string;
    /** The resource's name in the program (the URN's last part). */
    resource: string;
    urn: string;
    /** Adopted (held before the stack) and left in place by destroy: `preexisting` and `retainIfPreexisting`. */
    retained: boolean;
    /** A `UserRoles` / `GroupRoles` / `SpaceRoles` set: roles the principal holds beyond it go at the next `up`. */
    exactSet: boolean;
}

/** One (target, role) pair a resource manages. Space roles have no ids: the name is the id. */
export interface DeclaredGrant {
    target: GrantTarget;
    roleId: string;
    role: string;
    manager: Manager;
}

/** An exact set: the roles it declares, so roles held beyond it show as drift. */
export interface DeclaredSet {
    target: GrantTarget;
    roleIds: string[];
    manager: Manager;
}

export interface DeclaredCustomRole {
    roleId: string;
    name: string;
    manager: Manager;
}

export interface StackDeclarations {
    grants: DeclaredGrant[];
    sets: DeclaredSet[];
    customRoles: DeclaredCustomRole[];
    /** Our resources recorded for another tenant, by stack and tenant: not compared with this one. */
    otherTenants: OtherTenant[];
}

/** A stack's resources recorded for a tenant other than the one reported. */
export interface OtherTenant {
    stack: string;
    tenantUrl: string;
    resources: number;
}

const TYPE_PREFIX = "pulumi-nodejs:dynamic/qlik:";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** The target a resource's outputs record; undefined when they do not name one (a create that never finished). */
function targetOf(type: string, outputs: Json): GrantTarget | undefined {
    if (type.startsWith("Space")) {
        const [spaceId, plural, assigneeId] = String(outputs.spaceMemberId ?? "").split("/");
        if (!spaceId || !assigneeId || (plural !== "users" && plural !== "groups")) return undefined;
        return { kind: "space", spaceId, type: plural === "users" ? "user" : "group", assigneeId };
    }
    const userId = str(outputs.userId);
    if (type.startsWith("User")) return userId ? { kind: "user", id: userId } : undefined;
    const groupId = str(outputs.groupId);
    return groupId ? { kind: "group", id: groupId } : undefined;
}

/** The URN's stack, project and resource name: `urn:pulumi:<stack>::<project>::<type>::<name>`. */
function urnParts(urn: string): { stack: string; project: string; resource: string } {
    const parts = urn.split("::");
    return {
        stack: parts[0]?.replace(/^urn:pulumi:/, "") ?? "",
        project: parts[1] ?? "",
        resource: parts[parts.length - 1] ?? urn,
    };
}

/**
 * The declarations in one stack export. `tenantUrl`: the tenant being reported; resources recorded for another are
 * counted, not compared. Throws one line when the text is not a stack export.
 */
export function declarationsOf(exported: string, tenantUrl: string, label: string): StackDeclarations {
    let parsed: unknown;
    try {
        parsed = JSON.parse(exported);
    } catch {
        throw new Error(`\`pulumi stack export\` of ${label} did not print JSON; run it yourself to see why`);
    }
    const deployment = isObject(parsed) ? parsed.deployment : undefined;
    if (!isObject(deployment))
        throw new Error(
            `\`pulumi stack export\` of ${label} printed no deployment; is the stack name right?`,
        );
    const out: StackDeclarations = { grants: [], sets: [], customRoles: [], otherTenants: [] };
    const resources = Array.isArray(deployment.resources) ? deployment.resources.filter(isObject) : [];
    for (const r of resources) {
        const type =
            typeof r.type === "string" && r.type.startsWith(TYPE_PREFIX)
                ? r.type.slice(TYPE_PREFIX.length)
                : "";
        const outputs = isObject(r.outputs) ? r.outputs : undefined;
        if (!type || !outputs || r.delete === true || typeof r.urn !== "string") continue;
        const recorded = str(outputs.tenantUrl);
        if (recorded !== undefined && recorded !== tenantUrl) {
            const stack = urnParts(r.urn).stack;
            const seen = out.otherTenants.find((o) => o.stack === stack && o.tenantUrl === recorded);
            if (seen) seen.resources++;
            else out.otherTenants.push({ stack, tenantUrl: recorded, resources: 1 });
            continue;
        }
        const exactSet = type.endsWith("Roles");
        const manager: Manager = {
            ...urnParts(r.urn),
            urn: r.urn,
            retained:
                type === "CustomRole"
                    ? outputs.preexisting === true && outputs.deleteAdoptedOnDestroy !== true
                    : outputs.preexisting === true && outputs.retainIfPreexisting === true,
            exactSet,
        };
        if (type === "CustomRole") {
            const roleId = str(outputs.roleId);
            if (roleId) out.customRoles.push({ roleId, name: String(outputs.name ?? roleId), manager });
            continue;
        }
        const target = targetOf(type, outputs);
        if (!target) continue;
        if (exactSet) {
            // A set's `roleIds` are its declared roles (still held, after a refresh); `roles` lists them first.
            const ids = Array.isArray(outputs.roleIds) ? outputs.roleIds.map(String) : [];
            const names = Array.isArray(outputs.roles) ? outputs.roles.map(String) : [];
            out.sets.push({ target, roleIds: ids, manager });
            ids.forEach((id, i) => out.grants.push({ target, roleId: id, role: names[i] ?? id, manager }));
        } else {
            const role = str(outputs.role);
            if (role) out.grants.push({ target, roleId: str(outputs.roleId) ?? role, role, manager });
        }
    }
    return out;
}

/** Whether a group target is the system group Everyone. */
export const isEveryoneTarget = (t: GrantTarget): boolean => t.kind === "group" && t.id === EVERYONE_GROUP_ID;

/** The key one (target, role) pair is known by, the same for a declaration and a tenant grant. */
export function grantKey(target: GrantTarget, roleId: string): string {
    return target.kind === "space"
        ? `space/${target.spaceId}/${target.type}s/${target.assigneeId}/${roleId}`
        : `${target.kind}s/${target.id}/${roleId}`;
}

/** Each item once, by `key`: a stack named twice (or by two spellings) declares each grant once. */
function unique<T>(items: readonly T[], key: (item: T) => string): T[] {
    const seen = new Set<string>();
    return items.filter((item) => {
        const k = key(item);
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
    });
}

/** All stacks' declarations as one; a resource read twice (its stack named twice) counts once. */
export function mergeDeclarations(all: readonly StackDeclarations[]): StackDeclarations {
    // A stack's resources for other tenants, from the first export of that stack only.
    const firstOfStack = new Map<string, number>();
    all.forEach((d, i) => {
        for (const o of d.otherTenants) if (!firstOfStack.has(o.stack)) firstOfStack.set(o.stack, i);
    });
    const named = qualifier(all);
    return {
        grants: unique(
            all.flatMap((d) => d.grants),
            (g) => `${g.manager.urn}\0${grantKey(g.target, g.roleId)}`,
        ).map((g) => ({ ...g, manager: named(g.manager) })),
        sets: unique(
            all.flatMap((d) => d.sets),
            (s) => s.manager.urn,
        ).map((s) => ({ ...s, manager: named(s.manager) })),
        customRoles: unique(
            all.flatMap((d) => d.customRoles),
            (c) => c.manager.urn,
        ).map((c) => ({ ...c, manager: named(c.manager) })),
        otherTenants: all.flatMap((d, i) => d.otherTenants.filter((o) => firstOfStack.get(o.stack) === i)),
    };
}

/**
 * Stacks of one name in different projects (`org/a/dev`, `org/b/dev`) are told apart as `a/dev` and `b/dev`; a
 * manager shared by a set and its grants stays one object, as the report compares them by identity.
 */
function qualifier(all: readonly StackDeclarations[]): (m: Manager) => Manager {
    const projects = new Map<string, Set<string>>();
    for (const d of all)
        for (const { manager: m } of [...d.grants, ...d.sets, ...d.customRoles])
            projects.set(m.stack, (projects.get(m.stack) ?? new Set()).add(m.project));
    const renamed = new Map<Manager, Manager>();
    return (m) => {
        if ((projects.get(m.stack)?.size ?? 0) < 2) return m;
        const known = renamed.get(m) ?? { ...m, stack: `${m.project}/${m.stack}` };
        renamed.set(m, known);
        return known;
    };
}
