/**
 * Who belongs to each group, and Everyone's roles, read at most once per provider process and only when a preview
 * needs them: a grant of a promoting role to a group (members) or to anyone (Everyone's roles). Concurrent checks
 * of one group share one listing.
 */
import {
    EVERYONE_GROUP_ID,
    MEMBER_FIELDS,
    groupMembersFilter,
    writableRoles,
    type QlikClient,
    type RoleRef,
} from "../../client";
import type { User } from "../../schemas/qlik";

export class Memberships {
    private everyone?: Promise<RoleRef[] | undefined>;
    private readonly members = new Map<string, Promise<User[]>>();
    constructor(private readonly client: QlikClient) {}

    /** Everyone's roles (undefined when the credential may not read them). */
    everyoneRoles(): Promise<RoleRef[] | undefined> {
        if (!this.everyone) {
            this.everyone = this.client.getEveryoneRoles().then((roles) => writableRoles(roles));
            this.everyone.catch(() => (this.everyone = undefined));
        }
        return this.everyone;
    }

    /**
     * The group's members, deleted and disabled users left out (as `report` counts users: a disabled user's roles
     * take effect only once it is enabled); for Everyone, every such user of the tenant.
     */
    groupMembers(groupId: string): Promise<User[]> {
        let found = this.members.get(groupId);
        if (!found) {
            found = this.list(groupId);
            this.members.set(groupId, found);
            found.catch(() => this.members.delete(groupId));
        }
        return found;
    }

    private async list(groupId: string): Promise<User[]> {
        const everyone = groupId === EVERYONE_GROUP_ID;
        const filter = everyone ? undefined : groupMembersFilter(groupId);
        const users = await this.client.listUsers({ filter, fields: MEMBER_FIELDS });
        return users.filter(
            (u) =>
                u.status !== "deleted" &&
                u.status !== "disabled" &&
                (everyone || (u.assignedGroups ?? []).some((g) => g.id === groupId)),
        );
    }
}
