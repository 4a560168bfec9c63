/**
 * The Spaces API, spaces themselves: get one by id, find one by exact name, list them (docs/spaces-api.md).
 *
 * Qlik answers 404 both for a space that does not exist and for one the credential may not see, and its `name`
 * filter is a case-insensitive contains-search: a name is found by paging through the matches and keeping the one
 * spelled exactly so.
 */
import { spaceSchema, type QlikSpace } from "../schemas/spaces";
import { QlikError, isQlikError } from "./errors";
import type { QlikHttp } from "./http";
import { listAll } from "./paging";
import { parseBody } from "./parse";

export type SpaceSelector = { spaceId: string } | { spaceName: string };

/** What the provider needs of a space. */
export interface SpaceInfo {
    id: string;
    name: string;
    /** `shared`, `managed`, `data`, or `personal` for a space Qlik gives no type (its personal spaces have none). */
    type: string;
    /** Holds every assignable role without an assignment; absent when Qlik does not say. */
    ownerId?: string;
    /** The roles this space accepts (`meta.assignableRoles`); empty when Qlik sends no meta. */
    assignableRoles: string[];
}

const spacesPath = "/api/v1/spaces";
/** Qlik's pattern for space names: none of these characters. */
const FORBIDDEN_IN_NAMES = /["*?<>/|\\:]/;
/** Near matches named in a "no such space" line, at most. */
const MAX_NEAR = 5;

export function spacePath(id: string): string {
    return `${spacesPath}/${encodeURIComponent(id)}`;
}

function toSpaceInfo(s: QlikSpace): SpaceInfo {
    return {
        id: s.id,
        name: s.name,
        type: s.type ?? "personal",
        ...(s.ownerId !== undefined ? { ownerId: s.ownerId } : {}),
        assignableRoles: s.meta?.assignableRoles ?? [],
    };
}

/** GET /spaces/{id}; undefined on 404 (no such space, or the credential may not see it). */
export async function getSpace(http: QlikHttp, id: string): Promise<SpaceInfo | undefined> {
    try {
        const res = await http.send("GET", spacePath(id), { tier: 1 });
        return toSpaceInfo(parseBody(spaceSchema, res.body, "GET", spacePath(id)));
    } catch (err) {
        if (isQlikError(err, "QLIK_NOT_FOUND")) return undefined;
        throw err;
    }
}

/** Every space the credential sees (personal spaces are not listed), optionally with Qlik's name search. */
export async function listSpaces(
    http: QlikHttp,
    options: { nameSearch?: string } = {},
): Promise<SpaceInfo[]> {
    const spaces = await listAll(
        http,
        { path: spacesPath, query: { name: options.nameSearch } },
        spaceSchema,
    );
    return spaces.map(toSpaceInfo);
}

function describeSpace(selector: SpaceSelector): string {
    return "spaceId" in selector
        ? `spaceId ${JSON.stringify(selector.spaceId)}`
        : `spaceName ${JSON.stringify(selector.spaceName)}`;
}

/**
 * The one space a selector names. By id: GET, where a 404 means "no such space, or no access". By name: Qlik's
 * search, then the exact, case-sensitive match; none or several is a QLIK_INVALID_INPUT line that says what to do.
 */
export async function resolveSpace(http: QlikHttp, selector: SpaceSelector): Promise<SpaceInfo> {
    if ("spaceId" in selector) {
        const space = await getSpace(http, selector.spaceId);
        if (space) return space;
        throw new QlikError(
            "QLIK_INVALID_INPUT",
            `no space with ${describeSpace(selector)} is visible to the credential: it does not exist or the credential has no access to it (Qlik answers both with 404)`,
        );
    }
    const name = selector.spaceName;
    if (name.trim() === "" || FORBIDDEN_IN_NAMES.test(name))
        throw new QlikError(
            "QLIK_INVALID_INPUT",
            `${describeSpace(selector)} cannot name a space: space names are not empty and contain none of " * ? < > / | \\ :`,
        );
    const found = await listSpaces(http, { nameSearch: name });
    const exact = found.filter((s) => s.name === name);
    if (exact.length === 1) return exact[0]!;
    if (exact.length > 1)
        throw new QlikError(
            "QLIK_INVALID_INPUT",
            `${exact.length} spaces have ${describeSpace(selector)} (ids ${exact.map((s) => s.id).join(", ")}); name the space by spaceId instead`,
        );
    throw new QlikError("QLIK_INVALID_INPUT", noSuchName(selector, found));
}

/** "No space named X", with the spellings that differ only in case first, else the names that contain it. */
function noSuchName(selector: SpaceSelector & { spaceName: string }, found: SpaceInfo[]): string {
    const head = `no space with ${describeSpace(selector)} is visible to the credential`;
    const lower = selector.spaceName.toLowerCase();
    // Shortest first: of names that contain the one asked for, those are the closest to it.
    const quoted = (spaces: SpaceInfo[]) =>
        spaces
            .map((s) => s.name)
            .sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0))
            .slice(0, MAX_NEAR)
            .map((n) => JSON.stringify(n))
            .join(", ");
    const sameButCase = found.filter((s) => s.name.toLowerCase() === lower);
    if (sameButCase.length > 0)
        return `${head}; names match exactly, case included, and the tenant has ${quoted(sameButCase)}: use that spelling or the spaceId`;
    if (found.length > 0)
        return `${head}; names match exactly, and the closest are ${quoted(found)}${found.length > MAX_NEAR ? ` (and ${found.length - MAX_NEAR} more)` : ""}: check the name or use the spaceId`;
    return `${head}: check the name (it must match exactly) and that the credential can see the space`;
}
