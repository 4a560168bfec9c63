/**
 * `export --custom-roles`: the tenant's custom roles as `CustomRole` definitions, rendered before the assignments
 * that use them. Each is adopted as it is (`adopt: true`, exactly the tenant's description and scopes), so the first
 * `up` writes nothing; the assignments name it through its resource, so Pulumi creates it first and deletes it last.
 */
import type { Role } from "../schemas/qlik";
import { byCodePoint } from "./export-grants";

export interface ExportedCustomRole {
    /** For the resource name: a role's id never changes, its name may. */
    roleId: string;
    name: string;
    description: string;
    /** Sorted: a set to Qlik and to `CustomRole`. */
    scopes: string[];
}

/** The custom roles among `roles` (only those named in `only`, when given), sorted by name. */
export function selectCustomRoles(roles: readonly Role[], only: readonly string[]): ExportedCustomRole[] {
    return roles
        .filter((r) => r.type === "custom" && (only.length === 0 || only.includes(r.name)))
        .map((r) => ({
            roleId: r.id,
            name: r.name,
            description: r.description ?? "",
            scopes: [...(r.assignedScopes ?? [])].sort(byCodePoint),
        }))
        .sort((a, b) => byCodePoint(a.name, b.name));
}

const lit = (value: string) => JSON.stringify(value);

/** The program's lines that declare the roles, and `roleOf`, which the assignments' `role` goes through. */
export function customRoleLines(roles: readonly ExportedCustomRole[], deleteOnDestroy: boolean): string[] {
    return [
        "interface CustomRoleDef {",
        "    /** For the resource name: the id never changes. */",
        "    roleId: string;",
        "    name: string;",
        "    description: string;",
        "    scopes: string[];",
        "}",
        "",
        "const customRoleDefs: CustomRoleDef[] = [",
        ...roles.map(
            (r) =>
                `    { roleId: ${lit(r.roleId)}, name: ${lit(r.name)}, description: ${lit(r.description)}, scopes: [${r.scopes.map(lit).join(", ")}] },`,
        ),
        "];",
        "",
        "// Adopted as they are (adopt: true): the first `up` writes nothing to them.",
        "const customRoles = new Map<string, CustomRole>(",
        "    customRoleDefs.map(({ roleId, ...role }) => [",
        "        role.name,",
        `        new CustomRole(\`role-\${roleId}\`, { ...role, adopt: true, deleteAdoptedOnDestroy: ${deleteOnDestroy} }),`,
        "    ]),",
        ");",
        "/** A custom role is named through its resource, so Pulumi creates it before, and deletes it after, its assignments. */",
        "const roleOf = (role: string) => customRoles.get(role)?.name ?? role;",
        "",
    ];
}
