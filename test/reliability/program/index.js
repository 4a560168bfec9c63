// The reliability tests' program. Which assignments exist comes from the stack config `assignments` (JSON):
//   [{"name":"a","kind":"user","subject":"user1234","role":"ManagedSpaceCreator"}, ...]
// Plain JavaScript so that each CLI command skips the TypeScript compile (the fault matrix runs dozens of them).
"use strict";
const pulumi = require("@pulumi/pulumi");
const { GroupRoleAssignment, UserRoleAssignment } = require("pulumi-qlik-roles");

const declared = new pulumi.Config().requireObject("assignments");
for (const { name, kind, ...args } of declared) {
    if (kind === "user") new UserRoleAssignment(name, args);
    else new GroupRoleAssignment(name, args);
}
exports.count = declared.length;
