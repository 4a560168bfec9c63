/**
 * The seed tenant's spaces: one of each type, owners who hold every role without an assignment, assignments to the
 * seeded users and groups, names that a search for one also finds others by, two personal spaces, and more spaces
 * than one default page (10) holds.
 */
import { stableHex } from "./ids";
import type {
    AssigneeType,
    AssignmentRecord,
    SpaceRecord,
    SpaceRole,
    SpaceType,
    SpacesData,
} from "./spaces-state";

export const SEED_SPACES = {
    finance: "Finance Analytics",
    /** Shares a search with `finance`: a name search for "Finance Analytics" finds both. */
    financeArchive: "Finance Analytics Archive",
    sales: "Sales Reporting",
    dataLake: "Data Lake",
    /** Owned by the non-admin viewer. */
    viewerTeam: "Victor's Team",
    /** Assignments for many extra users, so its list needs several default pages. */
    companyWide: "Company Wide",
} as const;

/** Projects that make the spaces list longer than one default page. */
export const SEED_PROJECT_SPACES = 12;
/** Extra users assigned in Company Wide (when the seed has that many). */
const COMPANY_WIDE_USERS = 25;

const SEED_DATE = "2024-02-01T09:00:00.000Z";

export interface SpacesSeedPeople {
    adminUserId: string;
    nonAdminUserId: string;
    documentedUserId: string;
    documentedGroupId: string;
    quotedGroupId: string;
    /** Ids of generated users, in order. */
    extraUserIds: string[];
}

export function seedSpaces(p: SpacesSeedPeople): SpacesData {
    const spaces: SpaceRecord[] = [];
    const assignments: AssignmentRecord[] = [];
    const add = (key: string, name: string, type: SpaceType, ownerId: string): string => {
        const id = stableHex(`space:${key}`);
        spaces.push({
            id,
            name,
            type,
            ownerId,
            createdAt: SEED_DATE,
            createdBy: ownerId,
            updatedAt: SEED_DATE,
        });
        if (type !== "personal") spaces[spaces.length - 1]!.description = `${name} (seeded)`;
        return id;
    };
    const assign = (spaceId: string, type: AssigneeType, assigneeId: string, roles: SpaceRole[]) => {
        assignments.push({
            id: stableHex(`assignment:${spaceId}:${type}:${assigneeId}`),
            spaceId,
            type,
            assigneeId,
            roles,
            createdAt: SEED_DATE,
            createdBy: p.adminUserId,
            updatedAt: SEED_DATE,
            updatedBy: p.adminUserId,
        });
    };

    const finance = add("finance", SEED_SPACES.finance, "shared", p.documentedUserId);
    assign(finance, "group", p.documentedGroupId, ["consumer"]);
    assign(finance, "user", p.nonAdminUserId, ["consumer", "dataconsumer"]);
    add("finance-archive", SEED_SPACES.financeArchive, "shared", p.adminUserId);

    const sales = add("sales", SEED_SPACES.sales, "managed", p.adminUserId);
    assign(sales, "user", p.documentedUserId, ["consumer", "publisher"]);
    assign(sales, "group", p.quotedGroupId, ["basicconsumer"]);

    const dataLake = add("data-lake", SEED_SPACES.dataLake, "data", p.adminUserId);
    assign(dataLake, "group", p.documentedGroupId, ["dataconsumer", "operator"]);

    const viewerTeam = add("viewer-team", SEED_SPACES.viewerTeam, "shared", p.nonAdminUserId);
    assign(viewerTeam, "user", p.documentedUserId, ["producer"]);

    const companyWide = add("company-wide", SEED_SPACES.companyWide, "shared", p.adminUserId);
    for (const id of p.extraUserIds.slice(0, COMPANY_WIDE_USERS))
        assign(companyWide, "user", id, ["consumer"]);

    for (let i = 1; i <= SEED_PROJECT_SPACES; i++)
        add(
            `project:${i}`,
            `Project ${String(i).padStart(2, "0")}`,
            i % 3 === 0 ? "managed" : "shared",
            p.adminUserId,
        );

    // Personal spaces have no name; the admin's is visible to the admin, user1234's to nobody with a key.
    add("personal:admin", "", "personal", p.adminUserId);
    add("personal:user1234", "", "personal", p.documentedUserId);
    return { spaces, assignments };
}

/** Seeded ids, for tests. */
export const SEED_SPACE_IDS = {
    adminPersonal: stableHex("space:personal:admin"),
    user1234Personal: stableHex("space:personal:user1234"),
} as const;
