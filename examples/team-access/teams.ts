/**
 * Who holds which tenant role, as data. Reviewers read this file; `pulumi preview` shows what would change.
 * Members are named by subject (as the identity provider sends it); groups by their exact Qlik name.
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
        roles: ["ManagedSpaceCreator", "SharedSpaceCreator", "DataSpaceCreator"],
        members: ["user1234", "user0001", "user0002", "user0003"],
        groups: ["My Group"],
    },
    "data-engineering": {
        roles: ["DataSpaceCreator", "DataServicesContributor", "AutomationCreator"],
        members: ["user0004", "user0005", "user0006", "user0007", "user0008"],
        groups: ["group0001"],
    },
    governance: {
        roles: ["AuditAdmin", "Steward"],
        members: ["user0009", "user0010"],
        groups: ["group0002"],
    },
};
