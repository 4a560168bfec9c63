// The report e2e test's program. Every stack but "adopt" declares the grants of its config `grants`:
//   [{"name":"a","userId":"...","role":"Steward"}, {"name":"b","groupId":"...","role":"Steward","retainIfPreexisting":true}]
// The stack "adopt" runs adopt.ts, which the test writes from `pulumi-qlik-roles report --program`.
import * as pulumi from "@pulumi/pulumi";
import { GroupRoleAssignment, UserRoleAssignment } from "pulumi-qlik-roles";

interface Grant {
    name: string;
    userId?: string;
    groupId?: string;
    role: string;
    retainIfPreexisting?: boolean;
}

if (pulumi.getStack() === "adopt") {
    require("./adopt");
} else {
    for (const { name, userId, groupId, ...rest } of new pulumi.Config().requireObject<Grant[]>("grants")) {
        if (userId) new UserRoleAssignment(name, { userId, ...rest });
        else new GroupRoleAssignment(name, { groupId: groupId!, ...rest });
    }
}
