/**
 * The Qlik REST client: everything the provider needs from Qlik, behind one object.
 * Built from plain settings; owns its transport (keep-alive pool, retries, shared throttle).
 */
import type { Dispatcher } from "undici";
import type { Group, Role, User } from "../schemas/qlik";
import { tokenSchema } from "../schemas/qlik";
import {
    ApiKeyAuthenticator,
    OAuthAuthenticator,
    sharedOAuthAuthenticator,
    type Authenticator,
} from "./auth";
import type { DeprecationNotice } from "./api-version";
import { QlikHttp, type RequestEvent } from "./http";
import { parseBody } from "./parse";
import { type RetryPolicy, DEFAULT_RETRY_POLICY } from "./retry-policy";
import {
    sharedRateLimiter,
    RateLimiter,
    QLIK_RATE_LIMITS,
    type RateLimits,
    type ThrottleSlot,
} from "./throttle";
import * as users from "./users";
import * as groups from "./groups";
import * as roles from "./roles";
import * as directory from "./directory";
import * as groupSettings from "./group-settings";
import * as spaces from "./spaces";
import * as assignments from "./space-assignments";
import type { AssignedRole } from "../schemas/qlik";

export type Credentials = { apiKey: string } | { clientId: string; clientSecret: string; scope?: string };

export interface ClientSettings {
    /** Tenant origin, validated by `parseTenantUrl`. */
    origin: string;
    credentials: Credentials;
    /** Per-attempt request timeout. Default 30 000 ms. */
    requestTimeoutMs?: number;
    retry?: Partial<RetryPolicy>;
    /** Client-side throttle; `false` disables it. Default Qlik's limits, shared process-wide. */
    rateLimits?: RateLimits | false;
    /** Throttle private to this client instead of the process-wide one (tests). */
    privateLimiter?: boolean;
    dispatcher?: Dispatcher;
    onRequest?: (event: RequestEvent) => void;
    /** Where Qlik's deprecation announcements go; default one warning per process on stderr (tests inject one). */
    deprecation?: DeprecationNotice;
}

export class QlikClient {
    readonly http: QlikHttp;
    readonly origin: string;
    readonly auth: Authenticator;
    private readonly limiter: RateLimiter | undefined;

    constructor(settings: ClientSettings) {
        this.origin = settings.origin;
        const limits = settings.rateLimits === undefined ? QLIK_RATE_LIMITS : settings.rateLimits;
        const retry = { ...DEFAULT_RETRY_POLICY, ...settings.retry };
        // The token request goes through `this.http` too, so it shares retries and the Tier 2 throttle.
        this.auth =
            "apiKey" in settings.credentials
                ? new ApiKeyAuthenticator(settings.credentials.apiKey)
                : this.oauth(settings.origin, settings.credentials, settings.dispatcher === undefined);
        const limiter = (this.limiter =
            limits === false
                ? undefined
                : settings.privateLimiter
                  ? new RateLimiter(limits)
                  : sharedRateLimiter(`${settings.origin}|${this.auth.identity}`, limits));
        this.http = new QlikHttp({
            origin: settings.origin,
            auth: this.auth,
            requestTimeoutMs: settings.requestTimeoutMs,
            retry,
            limiter,
            dispatcher: settings.dispatcher,
            onRequest: settings.onRequest,
            deprecation: settings.deprecation,
        });
    }

    /** One token per process for real transports; an injected transport (tests) keeps its own. */
    private oauth(
        origin: string,
        credentials: { clientId: string; clientSecret: string; scope?: string },
        shared: boolean,
    ): Authenticator {
        const scope = credentials.scope ?? "admin_classic";
        const create = () =>
            new OAuthAuthenticator(credentials.clientId, credentials.clientSecret, scope, async (body) => {
                const res = await this.http.send("POST", "/oauth/token", {
                    tier: 2,
                    json: body,
                    anonymous: true,
                });
                return parseBody(tokenSchema, res.body, "POST", "/oauth/token");
            });
        if (!shared) return create();
        return sharedOAuthAuthenticator(
            origin,
            credentials.clientId,
            credentials.clientSecret,
            scope,
            create,
        );
    }

    listRoles(): Promise<Role[]> {
        return roles.listRoles(this.http);
    }
    getMe(): Promise<User> {
        return users.getMe(this.http);
    }
    getUser(id: string): Promise<User | undefined> {
        return users.getUser(this.http, id);
    }
    findUsers(filter: string): Promise<User[]> {
        return users.findUsers(this.http, filter);
    }
    resolveUser(selector: users.UserSelector): Promise<User> {
        return users.resolveUser(this.http, selector);
    }
    /** `slot`: a write place granted by `reserveWrite`, used by this PATCH instead of queueing again. */
    replaceUserRoles(id: string, roleRefs: readonly roles.RoleRef[], slot?: ThrottleSlot): Promise<boolean> {
        return users.replaceUserRoles(this.http, id, roleRefs, slot);
    }
    getGroup(id: string): Promise<Group | undefined> {
        return groups.getGroup(this.http, id);
    }
    findGroups(filter: string): Promise<Group[]> {
        return groups.findGroups(this.http, filter);
    }
    resolveGroup(selector: groups.GroupSelector): Promise<Group> {
        return groups.resolveGroup(this.http, selector);
    }
    replaceGroupRoles(id: string, roleRefs: readonly roles.RoleRef[], slot?: ThrottleSlot): Promise<boolean> {
        return groups.replaceGroupRoles(this.http, id, roleRefs, slot);
    }
    /**
     * Waits until the write throttle admits one more write and holds that place for a later role PATCH; undefined
     * when writes are not throttled. Give it to `replaceUserRoles`/`replaceGroupRoles`, or `release` it.
     */
    async reserveWrite(): Promise<ThrottleSlot | undefined> {
        return this.limiter?.tier(2)?.reserve();
    }
    /** Every user, 100 per page, sorted by id; read-only (export, lookups). */
    listUsers(options?: directory.ListOptions): Promise<User[]> {
        return directory.listUsers(this.http, options);
    }
    /** Every regular group (Qlik hides system groups), 100 per page, sorted by id; read-only (export, lookups). */
    listGroups(options?: directory.ListOptions): Promise<Group[]> {
        return directory.listGroups(this.http, options);
    }
    /** The users' pages as they arrive, so a caller keeps only what it needs of each (export at scale). */
    userPages(options?: directory.ListOptions): AsyncGenerator<User[]> {
        return directory.userPages(this.http, options);
    }
    /** The regular groups' pages as they arrive. */
    groupPages(options?: directory.ListOptions): AsyncGenerator<Group[]> {
        return directory.groupPages(this.http, options);
    }
    /** The Everyone group's roles (from the group settings); undefined when hidden from the credential. */
    getEveryoneRoles(): Promise<AssignedRole[] | undefined> {
        return groupSettings.getEveryoneRoles(this.http);
    }
    replaceEveryoneRoles(roleRefs: readonly roles.RoleRef[]): Promise<boolean> {
        return groupSettings.replaceEveryoneRoles(this.http, roleRefs);
    }
    /** A space by id; undefined on 404 (it does not exist, or the credential may not see it). */
    getSpace(id: string): Promise<spaces.SpaceInfo | undefined> {
        return spaces.getSpace(this.http, id);
    }
    /** The one space a selector names (a name matches exactly, case included), else QLIK_INVALID_INPUT. */
    resolveSpace(selector: spaces.SpaceSelector): Promise<spaces.SpaceInfo> {
        return spaces.resolveSpace(this.http, selector);
    }
    /** Every space the credential sees (personal spaces are not listed); `nameSearch` is Qlik's contains-search. */
    listSpaces(options?: { nameSearch?: string }): Promise<spaces.SpaceInfo[]> {
        return spaces.listSpaces(this.http, options);
    }
    listSpaceAssignments(
        spaceId: string,
        filter?: Partial<assignments.SpaceAssignee>,
    ): Promise<assignments.SpaceAssignment[]> {
        return assignments.listSpaceAssignments(this.http, spaceId, filter);
    }
    /** The assignee's assignment in the space; undefined when it has none (the owner never has one). */
    getSpaceAssignment(
        spaceId: string,
        assignee: assignments.SpaceAssignee,
    ): Promise<assignments.SpaceAssignment | undefined> {
        return assignments.getSpaceAssignment(this.http, spaceId, assignee);
    }
    /** POST; a 409 is read back and returned as `exists` (merge into it with `replaceSpaceAssignmentRoles`). */
    createSpaceAssignment(
        spaceId: string,
        assignee: assignments.SpaceAssignee,
        roleNames: readonly string[],
        slot?: ThrottleSlot,
    ): Promise<assignments.CreateAssignmentResult> {
        return assignments.createSpaceAssignment(this.http, spaceId, assignee, roleNames, slot);
    }
    /** PUT the complete role list; undefined when the assignment is gone. */
    replaceSpaceAssignmentRoles(
        spaceId: string,
        assignmentId: string,
        roleNames: readonly string[],
        slot?: ThrottleSlot,
    ): Promise<assignments.SpaceAssignment | undefined> {
        return assignments.replaceSpaceAssignmentRoles(this.http, spaceId, assignmentId, roleNames, slot);
    }
    /** DELETE; false when the assignment was already gone. */
    deleteSpaceAssignment(spaceId: string, assignmentId: string, slot?: ThrottleSlot): Promise<boolean> {
        return assignments.deleteSpaceAssignment(this.http, spaceId, assignmentId, slot);
    }
}

export {
    QlikError,
    PartialCreateError,
    isQlikError,
    isPartialCreateError,
    rolesHiddenError,
    type PartialCreate,
    type QlikErrorCode,
} from "./errors";
export { UsageError } from "./usage-error";
export { parseTenantUrl } from "./tenant-url";
export { eq, quote, co, isFilterSafe, longestSafeRun } from "./filter";
export { MEMBER_FIELDS, groupMembersFilter } from "./group-members";
export type { UserSelector } from "./users";
export type { SpaceInfo, SpaceSelector } from "./spaces";
export type {
    AssigneeType,
    CreateAssignmentResult,
    SpaceAssignee,
    SpaceAssignment,
} from "./space-assignments";
export type { RequestEvent } from "./http";
export { QLIK_RATE_LIMITS, type RateLimits, type ThrottleSlot } from "./throttle";
export { QLIK_API_VERSION, DeprecationNotice } from "./api-version";
export { MAX_GROUP_ROLES, type GroupSelector } from "./groups";
export { EVERYONE_GROUP_ID, EVERYONE_GROUP_NAME } from "../schemas/group-settings";
export { TENANT_ADMIN, UNASSIGNABLE_ROLES, writableRoles, type RoleRef } from "./roles";
export {
    usersHoldingFilter,
    groupsHoldingFilter,
    USER_ROLE_FIELDS,
    type ListOptions,
    type PageProgress,
} from "./directory";
