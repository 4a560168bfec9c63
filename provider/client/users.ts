/**
 * The Users API: find, get and replace the direct `assignedRoles` of a user.
 * https://qlik.dev/apis/rest/users/
 */
import { userSchema, type User } from "../schemas/qlik";
import { QlikError, isQlikError } from "./errors";
import { co, eq, isFilterSafe, longestSafeRun } from "./filter";
import { answeredUnlessGone, header } from "./answers";
import type { QlikHttp } from "./http";
import { listUsers } from "./directory";
import { nextPath } from "./paging";
import { parseBody } from "./parse";
import { userRolesPatch } from "./role-patches";
import type { RoleRef } from "./roles";
import type { ThrottleSlot } from "./throttle";

/** Exactly one way of naming a user. */
export type UserSelector = { userId: string } | { subject: string } | { email: string };

const usersPath = "/api/v1/users";

export function userPath(id: string): string {
    return `${usersPath}/${encodeURIComponent(id)}`;
}

/** GET /users/{id}; `undefined` when the user does not exist (404) or is marked deleted. */
export async function getUser(http: QlikHttp, id: string): Promise<User | undefined> {
    try {
        const res = await http.send("GET", userPath(id), { tier: 1 });
        const user = parseBody(userSchema, res.body, "GET", userPath(id));
        return user.status === "deleted" ? undefined : user;
    } catch (err) {
        if (isQlikError(err, "QLIK_NOT_FOUND")) return undefined;
        throw err;
    }
}

/** Every user matching a SCIM filter (or every user, without one), across all pages (100 per page, Qlik's maximum). */
export function findUsers(http: QlikHttp, filter?: string): Promise<User[]> {
    return listUsers(http, { filter });
}

/**
 * Users whose `attribute` may equal `value`: a superset to be matched exactly by the caller. A value Qlik can
 * take literally is searched with `eq`; one holding a quote, backslash or control character (a subject such as
 * `foo\12345`) with `co` on its longest safe run, since Qlik documents no escaping rule; with no safe run at all,
 * every user is listed.
 */
async function findUserCandidates(
    http: QlikHttp,
    attribute: "subject" | "email",
    value: string,
): Promise<User[]> {
    if (isFilterSafe(value)) return findUsers(http, eq(attribute, value));
    const run = longestSafeRun(value);
    return findUsers(http, run === "" ? undefined : co(attribute, run));
}

/** Describes a selector for messages, e.g. `subject "user1234"`. */
function describeUser(selector: UserSelector): string {
    if ("userId" in selector) return `userId ${JSON.stringify(selector.userId)}`;
    if ("subject" in selector) return `subject ${JSON.stringify(selector.subject)}`;
    return `email ${JSON.stringify(selector.email)}`;
}

/**
 * The one user a selector names. No match, or several, is a QLIK_INVALID_INPUT error that says which input to
 * change. Qlik's filters ignore case, so matches are chosen here: a subject matches exactly (`User1234` and
 * `user1234` are two users); an email matches exactly, else ignoring case when that leaves one user.
 */
export async function resolveUser(http: QlikHttp, selector: UserSelector): Promise<User> {
    let matches: User[];
    let sameButCase: User[] = [];
    if ("userId" in selector) {
        const user = await getUser(http, selector.userId);
        matches = user ? [user] : [];
    } else if ("subject" in selector) {
        const live = (await findUserCandidates(http, "subject", selector.subject)).filter(
            (u) => u.status !== "deleted",
        );
        matches = live.filter((u) => u.subject === selector.subject);
        // Qlik's filter ignores case: the users it found besides the exact match differ only in case.
        const wanted = selector.subject.toLowerCase();
        sameButCase = live.filter(
            (u) => u.subject !== selector.subject && u.subject.toLowerCase() === wanted,
        );
    } else {
        const live = (await findUserCandidates(http, "email", selector.email)).filter(
            (u) => u.status !== "deleted",
        );
        matches = live.filter((u) => u.email === selector.email);
        if (matches.length === 0) {
            const wanted = selector.email.toLowerCase();
            matches = live.filter((u) => u.email?.toLowerCase() === wanted);
        }
    }
    if (matches.length === 1) return matches[0]!;
    if (matches.length === 0) {
        const near = sameButCase
            .map((u) => JSON.stringify(u.subject))
            .sort()
            .join(", ");
        const advice =
            "userId" in selector
                ? "check the id, or name the user by subject or email"
                : near
                  ? `subjects match exactly, and the tenant has ${near}: use that spelling or the userId`
                  : "check the value or name the user by userId";
        throw new QlikError(
            "QLIK_INVALID_INPUT",
            `no user with ${describeUser(selector)} exists in the tenant; ${advice}`,
        );
    }
    throw new QlikError(
        "QLIK_INVALID_INPUT",
        `${matches.length} users have ${describeUser(selector)} (ids ${matches
            .map((u) => u.id)
            .sort()
            .join(", ")}); name the user by userId instead`,
    );
}

/**
 * The user the credential acts as. Qlik answers GET /users/me with a 301 to the user's own resource, documented
 * with a `text/html` body: only the status and `Location` count (the HTTP layer never parses a 3xx body).
 */
export async function getMe(http: QlikHttp): Promise<User> {
    const res = await http.send("GET", `${usersPath}/me`, {
        tier: 1,
        expect: [200, 301, 302, 303, 307, 308],
    });
    if (res.status === 200) return parseBody(userSchema, res.body, "GET", `${usersPath}/me`);
    const location = header(res.headers, "location");
    const path = nextPath(location);
    if (!path)
        throw new QlikError(
            "QLIK_INVALID_RESPONSE",
            `GET ${usersPath}/me answered ${res.status} without a Location header`,
        );
    const me = await http.send("GET", path, { tier: 1 });
    return parseBody(userSchema, me.body, "GET", path);
}

/**
 * Replaces the user's whole `assignedRoles` list: the only change Qlik supports reliably
 * (https://qlik.dev/manage/access-control/manage-roles/). Roles are sent by id (role-patches.ts).
 * Returns false when the user no longer exists. 204 is success; 207 means the change was applied only in part
 * and is thrown as QLIK_PARTIAL_FAILURE with Qlik's error details.
 */
export async function replaceUserRoles(
    http: QlikHttp,
    id: string,
    roles: readonly RoleRef[],
    slot?: ThrottleSlot,
): Promise<boolean> {
    const body = userRolesPatch(roles);
    return answeredUnlessGone(
        http.send("PATCH", userPath(id), { tier: 2, json: body, expect: [200, 204], jsonBody: false, slot }),
    );
}
