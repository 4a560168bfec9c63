/** How `diff` tells a change of principal (a replacement) from another name for the same principal (an update). */
import { isQlikError } from "../../client";
import type { PrincipalKind, Selector } from "../kinds/principal-kind";
import type { Services } from "../services";
import { isUnknown, type Props } from "./inputs";

/** The inputs naming the principal, one of each selector group that is given. */
function givenKeys(kind: PrincipalKind, props: Props): string[] {
    return kind.selectors.flatMap((g) => g.keys.filter((k) => props[k] !== undefined && props[k] !== null));
}

/** The inputs naming the principal, as `key=value` joined by commas; undefined when none is given. */
export function selectorOf(kind: PrincipalKind, props: Props): string | undefined {
    const keys = givenKeys(kind, props);
    return keys.length === 0 ? undefined : keys.map((k) => `${k}=${String(props[k])}`).join(",");
}

/**
 * The selector inputs that force a replacement, as `replaces` lists them: only a different principal does; another
 * name for it (subject -> email) does not.
 * @param olds the recorded outputs, holding the principal's id and the selector values it was named by
 */
export async function replacedBy(
    kind: PrincipalKind,
    s: Services,
    olds: Props,
    news: Props,
): Promise<string[]> {
    const keys = givenKeys(kind, news);
    const changed = keys.filter((k) => {
        const recorded = olds[k];
        const value = news[k];
        return !(
            typeof recorded === "string" &&
            typeof value === "string" &&
            kind.sameValue(k, recorded, value)
        );
    });
    if (changed.length === 0) return [];
    if (keys.some((k) => isUnknown(news[k]) || typeof news[k] !== "string")) return changed;
    // Named another way (subject -> userId, or a new email): resolve to compare principal ids. Only "no such
    // principal" means a different one; any other failure (429, network) must not plan a replacement.
    const selector: Selector = Object.fromEntries(keys.map((k) => [k, news[k] as string]));
    const principal = await s.principals.resolve(kind, selector).catch((err: unknown) => {
        if (isQlikError(err, "QLIK_INVALID_INPUT")) return undefined;
        throw err;
    });
    return principal && principal.id === olds[kind.idKey] ? [] : changed;
}
