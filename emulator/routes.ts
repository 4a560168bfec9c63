/**
 * The endpoint table (Qlik's API reference): GETs are Tier 1; PATCH, PUT, DELETE and POST (space assignments,
 * /oauth/token) Tier 2. The spaces endpoints answer errors in the Spaces API's own body shape (spaces-errors.ts).
 * Unknown path: 404; known path, wrong method: 405 with `allow`.
 * ASSUMPTION: Qlik's answers for unknown paths and methods are undocumented; HEAD/OPTIONS are not modelled.
 */
import type { ApiCall, Reply } from "./context";
import { ApiError, fail } from "./errors";
import { getGroup, listGroups, patchGroup } from "./groups";
import { getGroupSettings, patchGroupSettings } from "./group-settings";
import { getRole, listRoles } from "./roles-api";
import { createRole, deleteRole, patchRole } from "./custom-roles-api";
import { getMe, getUser, listUsers, patchUser } from "./users";
import {
    createAssignment,
    deleteAssignment,
    getAssignment,
    listAssignments,
    updateAssignment,
} from "./space-assignments";
import { getSpace, listSpaces } from "./spaces-api";
import { withSpacesErrors as spaces } from "./spaces-errors";

type Handler = (call: ApiCall) => Reply;
type Method = "GET" | "PATCH" | "POST" | "PUT" | "DELETE";

interface Route {
    pattern: RegExp;
    methods: Partial<Record<Method, Handler | "oauth">>;
    /** Names of the pattern's groups, in order; default one, `id`. */
    params?: readonly string[];
}

// Order matters: /users/me before /users/{id}, /groups/settings before /groups/{id}.
const ROUTES: Route[] = [
    { pattern: /^\/api\/v1\/users$/, methods: { GET: listUsers } },
    { pattern: /^\/api\/v1\/users\/me$/, methods: { GET: getMe } },
    { pattern: /^\/api\/v1\/users\/([^/]+)$/, methods: { GET: getUser, PATCH: patchUser } },
    { pattern: /^\/api\/v1\/groups$/, methods: { GET: listGroups } },
    {
        pattern: /^\/api\/v1\/groups\/settings$/,
        methods: { GET: getGroupSettings, PATCH: patchGroupSettings },
    },
    { pattern: /^\/api\/v1\/groups\/([^/]+)$/, methods: { GET: getGroup, PATCH: patchGroup } },
    { pattern: /^\/api\/v1\/roles$/, methods: { GET: listRoles, POST: createRole } },
    {
        pattern: /^\/api\/v1\/roles\/([^/]+)$/,
        methods: { GET: getRole, PATCH: patchRole, DELETE: deleteRole },
    },
    { pattern: /^\/oauth\/token$/, methods: { POST: "oauth" } },
    { pattern: /^\/api\/v1\/spaces$/, methods: { GET: spaces(listSpaces) } },
    { pattern: /^\/api\/v1\/spaces\/([^/]+)$/, methods: { GET: spaces(getSpace) }, params: ["spaceId"] },
    {
        pattern: /^\/api\/v1\/spaces\/([^/]+)\/assignments$/,
        methods: { GET: spaces(listAssignments), POST: spaces(createAssignment) },
        params: ["spaceId"],
    },
    {
        pattern: /^\/api\/v1\/spaces\/([^/]+)\/assignments\/([^/]+)$/,
        methods: {
            GET: spaces(getAssignment),
            PUT: spaces(updateAssignment),
            DELETE: spaces(deleteAssignment),
        },
        params: ["spaceId", "assignmentId"],
    },
];

export type Resolution =
    | { kind: "api"; handler: Handler; params: Record<string, string>; tier: 1 | 2 }
    | { kind: "oauth"; tier: 2 }
    | { kind: "error"; error: ApiError };

export function resolveRoute(method: string, path: string): Resolution {
    for (const route of ROUTES) {
        const m = route.pattern.exec(path);
        if (!m) continue;
        const handler = route.methods[method as Method];
        if (!handler)
            return { kind: "error", error: fail.methodNotAllowed(method, Object.keys(route.methods)) };
        const tier = method === "GET" ? 1 : 2;
        if (handler === "oauth") return { kind: "oauth", tier: 2 };
        const params: Record<string, string> = {};
        try {
            (route.params ?? ["id"]).forEach((name, i) => {
                if (m[i + 1] !== undefined) params[name] = decodeURIComponent(m[i + 1]!);
            });
        } catch {
            return { kind: "error", error: fail.noRoute(path) };
        }
        return { kind: "api", handler, params, tier };
    }
    return { kind: "error", error: fail.noRoute(path) };
}
