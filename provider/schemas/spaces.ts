/**
 * Response schemas of Qlik's Spaces API (spaces and their assignments; docs/spaces-api.md). Loose where Qlik's types
 * are loose: a space's `type`, `ownerId` and `meta` are optional, and roles are plain strings, so a role Qlik adds
 * later reads as a role instead of failing the answer. Unknown fields are stripped.
 */
import { z } from "zod";

export const spaceSchema = z.object({
    id: z.string().min(1),
    /** Empty for a personal space (Qlik: personal spaces have no name). */
    name: z.string(),
    /** `shared`, `managed` or `data`; absent for a personal space. */
    type: z.string().optional(),
    /** The owner holds every assignable role without an assignment. */
    ownerId: z.string().optional(),
    meta: z
        .object({
            assignableRoles: z.array(z.string()),
            roles: z.array(z.string()).optional(),
            actions: z.array(z.string()).optional(),
        })
        .optional(),
});
export type QlikSpace = z.infer<typeof spaceSchema>;

export const assignmentSchema = z.object({
    id: z.string().min(1),
    /** `user`, `group` (or `bot`, which this package never assigns). */
    type: z.string(),
    assigneeId: z.string().min(1),
    roles: z.array(z.string()),
    spaceId: z.string().optional(),
});
export type QlikAssignment = z.infer<typeof assignmentSchema>;
