/**
 * The checks bite: each case below breaks the contract in one way and must not compile. Should one compile,
 * its `@ts-expect-error` is itself an error, so a helper that stopped checking cannot pass unnoticed.
 */
import type * as QlikGroups from "@qlik/api/groups";
import type * as QlikUsers from "@qlik/api/users";
import { z } from "zod";
import type { renderGroup, renderUser } from "../../emulator/render";
import type { UserStatus } from "../../emulator/types";
import type { RolesReplace } from "../../provider/client/role-patches";
import { assignedRoleSchema, userSchema } from "../../provider/schemas/qlik";
import type { Accepts, Equals, Expect, Fits } from "./contract";

// A schema that requires what Qlik marks optional (`email`) would refuse a user Qlik may send.
const emailRequired = userSchema.extend({ email: z.string() });
// @ts-expect-error the schema requires an optional field
export type RequiredWhereOptional = Accepts<typeof emailRequired, QlikUsers.User>;

// A schema whose enum is narrower than Qlik's (`status` without "invited", "provisioned", ...).
const narrowStatus = userSchema.extend({ status: z.enum(["active", "disabled"]).optional() });
// @ts-expect-error the schema's enum is narrower than Qlik's
export type NarrowerEnum = Accepts<typeof narrowStatus, QlikUsers.User>;

// A schema that only knows default roles would refuse a custom one.
const defaultRolesOnly = assignedRoleSchema.extend({ type: z.literal("default") });
// @ts-expect-error the schema's type is narrower than Qlik's
export type NarrowerLiteral = Accepts<typeof defaultRolesOnly, QlikUsers.AssignedRoles[number]>;

// Request bodies: an op the Groups API refuses, a path the Users API does not list.
type AddOp = [Omit<RolesReplace<"assignedRoles">, "op"> & { op: "add" }];
// @ts-expect-error Qlik's group patches are `replace` only
export type GroupAddOp = Fits<QlikGroups.GroupPatchSchema, AddOp>;
// @ts-expect-error `/assignedRoles/-` is not in the Users API's path enum
export type UserAppendPath = Fits<QlikUsers.JSONPatchArray, [RolesReplace<"/assignedRoles/-">]>;

// Emulator answers: a user without `tenantId` (required), a group status Qlik does not list.
type UserWithoutTenant = Omit<ReturnType<typeof renderUser>, "tenantId">;
// @ts-expect-error Qlik's users always carry `tenantId`
export type MissingRequired = Fits<QlikUsers.User, UserWithoutTenant>;
type GroupAnyStatus = Omit<ReturnType<typeof renderGroup>, "status"> & { status: string };
// @ts-expect-error a group's status is "active" or "disabled"
export type WiderStatus = Fits<QlikGroups.Group, GroupAnyStatus>;

// `Equals` is exact: a union missing one of Qlik's statuses is not equal.
// @ts-expect-error "provisioned" is missing
export type MissingStatus = Expect<Equals<Exclude<UserStatus, "provisioned">, QlikUsers.User["status"] & {}>>;
