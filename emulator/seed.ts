/**
 * The seed tenant: the documented example of the "Manage roles" guide, plus principals chosen to break naive
 * clients (duplicate emails, quotes in names, a disabled user, a system group, more users than one page holds).
 */
import { stableHex } from "./ids";
import { SEED_CUSTOM_ROLES, SEED_CUSTOM_SCOPES, TENANT_ADMIN, customRole, defaultRoles } from "./roles";
import { seedSpaces } from "./spaces-seed";
import type { GroupRecord, TenantData, UserRecord } from "./state";

/** From the guide's sample responses. */
export const DOCUMENTED = {
    tenantId: "BL4tTJ4S7xrHTcq0zQxQrJ5qB1_Q6cSo",
    userId: "637390ec6541614d3a88d6c1",
    subject: "user1234",
    clientId: "f0e92f326ac77427df155940fec39e6a",
    groupId: "6425d62641d2b80a9a0f92c3",
    groupName: "My Group",
    idpId: "6425d61fbb406d75678f1204",
    groupCreatedAt: "2023-03-30T18:34:14.006Z",
} as const;

/** Qlik's fixed id of the Everyone group (Qlik's API reference). */
export const EVERYONE_GROUP_ID = "000000000000000000000001";
export const QUOTED_GROUP_NAME = `Sales "EMEA" 'North'`;

export interface SeedCredentials {
    adminUserId: string;
    adminApiKey: string;
    nonAdminUserId: string;
    nonAdminApiKey: string;
    oauthClientId: string;
    oauthClientSecret: string;
    botUserId: string;
}

export interface Seed {
    data: TenantData;
    credentials: SeedCredentials;
}

const SEED_DATE = "2024-01-15T10:00:00.000Z";

function minutesAfter(iso: string, minutes: number): string {
    return new Date(Date.parse(iso) + minutes * 60_000).toISOString();
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");

export function buildSeed(opts: { extraUsers: number; extraGroups: number; seed: number }): Seed {
    const roles = [
        ...defaultRoles(),
        ...SEED_CUSTOM_ROLES.map((n) => customRole(n, SEED_DATE, "", SEED_CUSTOM_SCOPES[n])),
    ];
    const r = (name: string) => {
        const role = roles.find((x) => x.name === name);
        if (!role) throw new Error(`seed: unknown role ${name}`);
        return role.id;
    };

    // Credentials are deterministic per seed so `npm run emulator` prints the same key across restarts.
    // They look nothing like real Qlik keys (JWTs) on purpose.
    const oauthClientId = stableHex(`oauth-client:${opts.seed}`, 32);
    const credentials: SeedCredentials = {
        adminUserId: stableHex("user:admin"),
        adminApiKey: `emu-admin-key-${stableHex(`api-key:admin:${opts.seed}`, 40)}`,
        nonAdminUserId: stableHex("user:viewer"),
        nonAdminApiKey: `emu-viewer-key-${stableHex(`api-key:viewer:${opts.seed}`, 40)}`,
        oauthClientId,
        oauthClientSecret: `emu-secret-${stableHex(`oauth-secret:${opts.seed}`, 48)}`,
        botUserId: stableHex("user:oauth-bot"),
    };

    const groups: GroupRecord[] = [
        {
            id: DOCUMENTED.groupId,
            name: DOCUMENTED.groupName,
            status: "active",
            providerType: "idp",
            idpId: DOCUMENTED.idpId,
            system: false,
            roleIds: [r("AuditAdmin"), r("SharedSpaceCreator")],
            createdAt: DOCUMENTED.groupCreatedAt,
            lastUpdatedAt: DOCUMENTED.groupCreatedAt,
        },
        group("group:quoted", QUOTED_GROUP_NAME, "custom", [r("DataSpaceCreator")]),
        { ...group("group:legacy", "Legacy Group", "idp", [r("Steward")]), status: "disabled" },
        {
            ...group("group:everyone", "com.qlik.Everyone", "custom", []),
            id: EVERYONE_GROUP_ID,
            system: true,
        },
    ];
    for (let i = 1; i <= opts.extraGroups; i++) {
        const roleIds = [
            ...(i % 4 === 0 ? [r("SharedSpaceCreator")] : []),
            ...(i % 6 === 0 ? [r("DataSpaceCreator")] : []),
        ];
        groups.push(
            group(`group:extra:${i}`, `extra-group-${pad(i, 2)}`, i % 2 ? "idp" : "custom", roleIds, i),
        );
    }

    const users: UserRecord[] = [
        {
            id: DOCUMENTED.userId,
            subject: DOCUMENTED.subject,
            // ASSUMPTION: the guide elides name and email ("..."); these are invented.
            name: "Example User 1234",
            email: "user1234@example.com",
            status: "active",
            clientId: DOCUMENTED.clientId,
            roleIds: [r("AuditAdmin"), r("SharedSpaceCreator")],
            groupIds: [DOCUMENTED.groupId],
            createdAt: "2022-11-15T13:29:16.000Z",
            lastUpdatedAt: "2023-03-30T18:40:00.000Z",
        },
        {
            ...user("admin", "admin@example.com", "Ada Admin", [r(TENANT_ADMIN)]),
            id: credentials.adminUserId,
        },
        {
            ...user("viewer", "viewer@example.com", "Victor Viewer", [r("SharedSpaceCreator")]),
            id: credentials.nonAdminUserId,
        },
        botUser(credentials.botUserId, oauthClientId, [r(TENANT_ADMIN)]),
        // Two users with one email: resolving "by email" must not pick one silently.
        { ...user("shared-a", "auth0|shared-a", "Sam Shared", []), email: "shared@example.com" },
        {
            ...user("shared-b", "auth0|shared-b", "Sasha Shared", [r("Steward")]),
            email: "shared@example.com",
        },
        // Quotes in subjects and names: filters must be escaped, not concatenated.
        {
            ...user("obrien", "auth0|o'brien", "Aoife O'Brien", [r("Data Steward EU")]),
            email: "aoife@example.com",
        },
        user("djones", "auth0|djones", `Dana "DJ" Jones`, [r("CustomAnalyst")]),
        { ...user("disabled", "disabled@example.com", "Dora Disabled", [r("Steward")]), status: "disabled" },
    ];
    for (let i = 1; i <= opts.extraUsers; i++) {
        const roleIds = [
            ...(i % 5 === 0 ? [r("ManagedSpaceCreator")] : []),
            ...(i % 7 === 0 ? [r("DataSpaceCreator")] : []),
            ...(i % 13 === 0 ? [r("AnalyticsAdmin")] : []),
        ];
        const u = user(`extra:${i}`, `extra-user-${pad(i, 3)}`, `Extra User ${pad(i, 3)}`, roleIds, i);
        if (i % 40 === 0) u.status = "invited";
        if (i % 3 === 0 && opts.extraGroups > 0)
            u.groupIds = [stableHex(`group:extra:${(i % opts.extraGroups) + 1}`)];
        users.push(u);
    }

    const spaces = seedSpaces({
        adminUserId: credentials.adminUserId,
        nonAdminUserId: credentials.nonAdminUserId,
        documentedUserId: DOCUMENTED.userId,
        documentedGroupId: DOCUMENTED.groupId,
        quotedGroupId: stableHex("group:quoted"),
        extraUserIds: users.filter((u) => u.subject.startsWith("extra-user-")).map((u) => u.id),
    });
    return { data: { roles, users, groups, spaces }, credentials };
}

function user(key: string, subject: string, name: string, roleIds: string[], minute = 0): UserRecord {
    const at = minutesAfter(SEED_DATE, minute);
    const local = subject.replace(/[^a-z0-9.-]/gi, "") || key;
    return {
        id: stableHex(`user:${key}`),
        subject,
        name,
        email: subject.includes("@") ? subject : `${local}@example.com`,
        status: "active",
        roleIds,
        groupIds: [],
        createdAt: at,
        lastUpdatedAt: at,
    };
}

/** The M2M client's bot user: subject `qlikbot\<clientId>` (Qlik's API reference), no email. */
function botUser(id: string, clientId: string, roleIds: string[]): UserRecord {
    const bot = user("oauth-bot", `qlikbot\\${clientId}`, "OAuth client (emulator)", roleIds);
    delete bot.email;
    return { ...bot, id, clientId };
}

function group(
    key: string,
    name: string,
    providerType: "idp" | "custom",
    roleIds: string[],
    minute = 0,
): GroupRecord {
    const at = minutesAfter(SEED_DATE, minute);
    return {
        id: stableHex(key),
        name,
        status: "active",
        providerType,
        ...(providerType === "idp" ? { idpId: stableHex("idp:seed") } : {}),
        system: false,
        roleIds,
        createdAt: at,
        lastUpdatedAt: at,
    };
}
