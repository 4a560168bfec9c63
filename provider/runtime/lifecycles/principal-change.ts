/** How `diff` tells a change of principal (a replacement) from another name for the same principal (an update). */
import { isQlikError } from "../../client";
import type { PrincipalKind } from "../kinds/principal-kind";
import type { Services } from "../services";
import { isUnknown, type Props } from "./inputs";

/** The input naming the principal, as `key=value`; undefined when none is given. */
export function selectorOf(kind: PrincipalKind, props: Props): string | undefined {
    const key = kind.selectorKeys.find((k) => props[k] !== undefined && props[k] !== null);
    return key === undefined ? undefined : `${key}=${String(props[key])}`;
}

/**
 * The selector input that forces a replacement, as `replaces` lists it: only a different principal does; another
 * name for it (subject -> email) does not.
 * @param olds the recorded outputs, holding the principal's id and the selector value it was named by
 */
export async function replacedBy(
    kind: PrincipalKind,
    s: Services,
    olds: Props,
    news: Props,
): Promise<string[]> {
    const key = kind.selectorKeys.find((k) => news[k] !== undefined && news[k] !== null);
    if (!key) return [];
    const value = news[key];
    if (isUnknown(value) || typeof value !== "string") return [key];
    const recorded = olds[key];
    if (typeof recorded === "string" && kind.sameValue(key, recorded, value)) return [];
    // Named another way (subject -> userId, or a new email): resolve to compare principal ids. Only "no such
    // principal" means a different one; any other failure (429, network) must not plan a replacement.
    const principal = await s.principals.resolve(kind, key, value).catch((err: unknown) => {
        if (isQlikError(err, "QLIK_INVALID_INPUT")) return undefined;
        throw err;
    });
    return principal && principal.id === olds[kind.idKey] ? [] : [key];
}
