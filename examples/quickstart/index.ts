// The Qlik "Manage roles" guide (https://qlik.dev/manage/access-control/manage-roles/) as a Pulumi program:
// add ManagedSpaceCreator to user `user1234` and to group `My Group`, leaving their other roles alone.
//
//   pulumi config set qlik:tenantUrl https://<tenant>.<region>.qlikcloud.com
//   pulumi config set --secret qlik:apiKey <a TenantAdmin's API key>
//   pulumi up
import { GroupRoleAssignment, UserRoleAssignment } from "pulumi-qlik-roles";

const user = new UserRoleAssignment("user1234-managed-space-creator", {
    subject: "user1234",
    role: "ManagedSpaceCreator",
});

const group = new GroupRoleAssignment("my-group-managed-space-creator", {
    groupName: "My Group",
    role: "ManagedSpaceCreator",
});

export const userId = user.userId;
export const userRolePreexisting = user.preexisting;
export const groupId = group.groupId;
