/**
 * Response schemas of the Qlik Cloud Users, Groups, Roles and OAuth APIs.
 *
 * Parsed at the client boundary. Objects use zod's default "strip" mode, so fields we do not model (`clientId`,
 * `idpId`, `links`, ...) are tolerated and dropped: Qlik adds fields over time and a provider must not break on them.
 * See https://qlik.dev/apis/rest/users/ (the Users, Groups and Roles API references).
 */
import { z } from "zod";

/** One entry of a principal's `assignedRoles`. `type` and `level` are informative only. */
export const assignedRoleSchema = z.object({
    id: z.string().min(1),
    name: z.string().min(1),
    type: z.string().optional(),
    level: z.string().optional(),
});
export type AssignedRole = z.infer<typeof assignedRoleSchema>;

/**
 * A user. `assignedRoles` holds direct roles only (roles held through groups sit under `assignedGroups`), and is
 * absent when the caller may not read role assignments: we keep "absent" distinct from "empty" for that reason.
 */
export const userSchema = z.object({
    id: z.string().min(1),
    tenantId: z.string().optional(),
    subject: z.string(),
    name: z.string().optional(),
    email: z.string().optional(),
    status: z.string().optional(),
    /** When Qlik last changed the user (ISO 8601); recover's proof that a role was held before a run. */
    lastUpdatedAt: z.string().optional(),
    assignedRoles: z.array(assignedRoleSchema).optional(),
    assignedGroups: z
        .array(
            z.object({
                id: z.string(),
                name: z.string().optional(),
                assignedRoles: z.array(assignedRoleSchema).optional(),
            }),
        )
        .optional(),
});
export type User = z.infer<typeof userSchema>;

export const groupSchema = z.object({
    id: z.string().min(1),
    tenantId: z.string().optional(),
    name: z.string(),
    status: z.string().optional(),
    providerType: z.string().optional(),
    /** When Qlik last changed the group (ISO 8601). */
    lastUpdatedAt: z.string().optional(),
    assignedRoles: z.array(assignedRoleSchema).optional(),
});
export type Group = z.infer<typeof groupSchema>;

export const roleSchema = z.object({
    id: z.string().min(1),
    tenantId: z.string().optional(),
    name: z.string().min(1),
    type: z.string().optional(),
    level: z.string().optional(),
    description: z.string().optional(),
    /** A custom role's scopes (the Roles API's `assignedScopes`); default roles carry none. */
    assignedScopes: z.array(z.string()).optional(),
    permissions: z.array(z.string()).optional(),
    /** Whether holding the role makes a user a full user on a capacity-based subscription (`fullUser` if so). */
    userEntitlementType: z.string().optional(),
    /** Deprecated boolean twin of `userEntitlementType: "fullUser"`; older tenants may send only this. */
    fullUser: z.boolean().optional(),
});
export type Role = z.infer<typeof roleSchema>;

const linkSchema = z.object({ href: z.string().nullable().optional() }).nullable().optional();

/**
 * A page of a cursor-paged list. `links.next.href` is an absolute URL; `links.prev` may be absent or null.
 * Qlik's Users and Groups types make `data` optional (a page with no match may leave it out): absent reads as empty.
 */
export function pageSchema<T extends z.ZodType>(item: T) {
    return z.object({
        data: z.array(item).default(() => []),
        links: z.object({ self: linkSchema, next: linkSchema, prev: linkSchema }).optional(),
        totalResults: z.number().optional(),
    });
}

/**
 * Qlik's error body: `{errors:[{code,title,detail?,status?}], traceId?}`. Everything optional: bodies vary. The Spaces
 * API also puts (deprecated) `code`, `title` and `detail` at the top level, read when `errors` says nothing.
 */
export const errorBodySchema = z.object({
    code: z.string().optional(),
    title: z.string().optional(),
    detail: z.string().optional(),
    errors: z
        .array(
            z.object({
                code: z.string().optional(),
                title: z.string().optional(),
                detail: z.string().optional(),
                status: z.union([z.number(), z.string()]).optional(),
            }),
        )
        .optional(),
    traceId: z.string().optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/**
 * POST /oauth/token answer; there is no refresh token. Qlik's tutorial shows `expires_in` (seconds, 21600 = 6 h),
 * its API reference `expires_at` alone (a timestamp): either, both or neither may come.
 */
export const tokenSchema = z.object({
    access_token: z.string().min(1),
    token_type: z.string().optional(),
    expires_in: z.number().positive().optional(),
    expires_at: z.union([z.string(), z.number()]).optional(),
});
export type TokenResponse = z.infer<typeof tokenSchema>;
