/**
 * The response of GET /api/v1/groups/settings (Qlik's Groups API reference, `GroupSettings`): the tenant's group
 * flags and the system groups, of which Everyone is the only one documented. Unknown fields are tolerated.
 */
import { z } from "zod";
import { assignedRoleSchema } from "./qlik";

/** Qlik's fixed id of the system group Everyone ("This value will not change and is immutable"). */
export const EVERYONE_GROUP_ID = "000000000000000000000001";
/** Qlik's fixed name of the system group Everyone. */
export const EVERYONE_GROUP_NAME = "com.qlik.Everyone";

export const groupSettingsSchema = z.object({
    autoCreateGroups: z.boolean().optional(),
    syncIdpGroups: z.boolean().optional(),
    systemGroups: z
        .record(
            z.string(),
            z.object({
                /** Absent when the caller may not read role assignments. */
                assignedRoles: z.array(assignedRoleSchema).optional(),
                name: z.string().optional(),
            }),
        )
        .optional(),
});
export type GroupSettings = z.infer<typeof groupSettingsSchema>;
