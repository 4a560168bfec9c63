import { stableHex } from "./ids";

/** A tenant role as stored by the emulator. */
export interface RoleRecord {
    id: string;
    name: string;
    description: string;
    type: "default" | "custom";
    level: "admin" | "user";
    /** A custom role's scopes, in the order last written; default roles hold none. */
    assignedScopes: string[];
    createdAt: string;
    lastUpdatedAt: string;
}

/** Default role names from Qlik's roles documentation (`Developer` was removed in 2026, so it is absent). */
export const DEFAULT_ROLE_NAMES = [
    "AnalyticsAdmin",
    "AuditAdmin",
    "AutomationCreator",
    "AutomlDeploymentContributor",
    "AutomlExperimentContributor",
    "CollaborationPlatformUser",
    "DataAdmin",
    "DataProductManager",
    "DataServicesContributor",
    "DataSpaceCreator",
    "EmbeddedAnalyticsUser",
    "ManagedSpaceCreator",
    "PrivateAnalyticsContentCreator",
    "SharedSpaceCreator",
    "Steward",
    "TenantAdmin",
] as const;

/** Listed by GET /roles but neither assignable nor removable (Qlik's API reference). */
export const USER_DEFAULT = "UserDefault";
export const TENANT_ADMIN = "TenantAdmin";

/** Custom roles of the seed; one name has a space, to catch clients that mangle names. */
export const SEED_CUSTOM_ROLES = ["CustomAnalyst", "Data Steward EU"] as const;

/** The seed's custom roles' scopes, from Qlik's "Manage custom roles" guide (GET /roles shows them). */
export const SEED_CUSTOM_SCOPES: Readonly<Record<string, readonly string[]>> = {
    CustomAnalyst: ["apps.image:export"],
    "Data Steward EU": ["automl-models:approve"],
};

/** Ids shown in the "Manage roles" guide. Role ids differ between real tenants: clients must resolve by name. */
const DOCUMENTED_IDS: Record<string, string> = {
    AuditAdmin: "608050f7634644db3678b1a2",
    SharedSpaceCreator: "605a1c2151382ffc836af862",
};

/**
 * ASSUMPTION: only AuditAdmin ("admin") and SharedSpaceCreator ("user") levels are documented. The emulator
 * calls TenantAdmin and the *Admin roles "admin" and every other role "user".
 */
function levelOf(name: string): "admin" | "user" {
    return name === TENANT_ADMIN || name.endsWith("Admin") ? "admin" : "user";
}

/**
 * Default roles that do not promote a Basic user to Full on a capacity-based subscription. Qlik's capacity-based
 * user guide says any permission beyond the Basic user's restricted view makes the user Full; its support article on
 * unexpected promotions names one exception, the Collaboration Platform User role. `UserDefault` is held by every
 * user, Basic ones included. docs/licence-impact.md has the sources.
 */
const NON_PROMOTING_DEFAULT_ROLES: ReadonlySet<string> = new Set(["CollaborationPlatformUser", USER_DEFAULT]);

/**
 * Whether holding the role makes a user Full, as the Roles API's `userEntitlementType` says. ASSUMPTION: Qlik does
 * not say what a custom role reports; the emulator calls custom roles non-promoting, as it did before.
 */
export function promotesToFull(role: RoleRecord): boolean {
    return role.type === "default" && !NON_PROMOTING_DEFAULT_ROLES.has(role.name);
}

const CATALOG_DATE = "2021-03-04T09:00:00.000Z";

export function roleId(name: string): string {
    return DOCUMENTED_IDS[name] ?? stableHex(`role:${name}`);
}

export function defaultRoles(): RoleRecord[] {
    const names: string[] = [...DEFAULT_ROLE_NAMES, USER_DEFAULT];
    return names.map((name) => ({
        id: roleId(name),
        name,
        // ASSUMPTION: real descriptions are prose written by Qlik; these are placeholders.
        description: name === USER_DEFAULT ? "Held implicitly by every user" : `Default role ${name}`,
        type: "default",
        level: name === USER_DEFAULT ? "user" : levelOf(name),
        assignedScopes: [],
        createdAt: CATALOG_DATE,
        lastUpdatedAt: CATALOG_DATE,
    }));
}

/** `salt` gives another id to a role whose name an earlier role held (that role was renamed, its id stays). */
export function customRole(
    name: string,
    createdAt: string,
    salt = "",
    scopes: readonly string[] = [],
): RoleRecord {
    return {
        id: stableHex(`custom-role:${name}${salt}`),
        name,
        description: `Custom role ${name}`,
        type: "custom",
        // ASSUMPTION: custom roles are "user" level unless they bundle admin permissions; the seed's do not.
        level: "user",
        assignedScopes: [...scopes],
        createdAt,
        lastUpdatedAt: createdAt,
    };
}
