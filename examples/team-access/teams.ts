/**
 * Who holds which tenant role, as data. Reviewers read this file; `pulumi preview` shows what would change.
 * Members are named by subject (as the identity provider sends it); groups by their exact Qlik name.
 * (The subjects and group names here exist in the tenant emulator that `npm run demo` and the tests use.)
 */
export interface Team {
    /** Roles every member and group of the team holds. */
    roles: string[];
    /** Users, by subject. */
    members: string[];
    /** Qlik groups, by name. */
    groups?: string[];
}

export const teams: Record<string, Team> = {
    "analytics-platform": {
        roles: ["ManagedSpaceCreator", "SharedSpaceCreator", "DataSpaceCreator", "AutomationCreator"],
        members: [
            "user1234",
            "extra-user-001",
            "extra-user-002",
            "extra-user-003",
            "extra-user-004",
            "extra-user-005",
        ],
        groups: ["My Group"],
    },
    "data-engineering": {
        roles: ["DataSpaceCreator", "DataServicesContributor", "AutomationCreator"],
        members: [
            "extra-user-004",
            "extra-user-005",
            "extra-user-006",
            "extra-user-007",
            "extra-user-008",
            "extra-user-009",
            "extra-user-010",
            "extra-user-011",
        ],
        groups: ["extra-group-01"],
    },
    governance: {
        roles: ["AuditAdmin", "Steward", "DataProductManager"],
        members: ["extra-user-012", "extra-user-013", "user1234"],
        groups: ["extra-group-02"],
    },
};
