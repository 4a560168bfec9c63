/**
 * `check` of a custom role: strict inputs, then the name against the tenant's roles. Refused at preview, before
 * anything is written: a name a role holds already (unless adopted), a default role's name, two resources declaring
 * one name, and a create past Qlik's 500 custom roles. A scope no role of the tenant carries is warned about, not
 * refused: Qlik publishes no list of scopes to check against (docs/custom-roles-api.md).
 */
import { MAX_CUSTOM_ROLES } from "../../../client/custom-roles";
import type { Role } from "../../../schemas/qlik";
import { noteOnce, warnOnce } from "../../notices/notices";
import type { Services } from "../../services";
import { containsUnknown, withFlagDefault, type CheckFailure, type Props } from "../inputs";
import type { MethodRunner } from "../lifecycle";
import { validateCustomRoleInputs, type CustomRoleInputs } from "./inputs";
import { announceCreate, declareName, knownScopes, tenantRoles } from "./tenant-roles";

/** What the name check found: a failure, or whether the role exists under its name already. */
type NameCheck = { failure: CheckFailure } | { exists: boolean };

export async function checkCustomRole(
    run: MethodRunner,
    olds: Props,
    raw: Props,
): Promise<{ inputs: Props; failures: CheckFailure[] }> {
    const { currentName: _computed, ...given } = raw;
    const news = withFlagDefault(withFlagDefault(given, "adopt"), "deleteAdoptedOnDestroy");
    const { failures, inputs } = validateCustomRoleInputs(news);
    if (failures.length > 0 || !inputs) return { inputs: news, failures };
    if (containsUnknown([inputs.name, news.scopes, news.description])) return { inputs: news, failures };
    return run("check", news, async (s) => {
        const roles = await tenantRoles(s);
        const found = checkName(s, olds, inputs, roles);
        if ("failure" in found) return { inputs: news, failures: [found.failure] };
        warnUnknownScopes(inputs, roles);
        // `name` is read from `currentName`: known at preview only when the role holds that name already, so an
        // assignment naming a role this run creates or renames waits for it instead of failing at preview.
        return { inputs: found.exists ? { ...news, currentName: inputs.name } : news, failures };
    });
}

function checkName(s: Services, olds: Props, inputs: CustomRoleInputs, roles: readonly Role[]): NameCheck {
    const { name } = inputs;
    const resource = inputs.resourceName ?? name;
    const other = declareName(s, name, resource);
    if (other !== undefined)
        return failure(
            `custom role "${name}" is also declared by resource "${other}"; declare each role once`,
        );
    const holder = roles.find((r) => r.name === name);
    if (holder && holder.type !== "custom")
        return failure(
            `"${name}" is the name of a default role of the tenant; give the custom role a name of its own`,
        );
    const previous = typeof olds.name === "string" ? olds.name : undefined;
    if (previous === name) return { exists: holder !== undefined };
    if (previous !== undefined) {
        // A rename: the id stays, so every assignment of the role keeps it.
        return holder
            ? failure(
                  `cannot rename custom role "${previous}" to "${name}": a role of that name exists already (id ${holder.id}); choose another name`,
              )
            : { exists: false };
    }
    if (holder && !inputs.adopt) {
        return failure(
            `a custom role named "${name}" exists already (id ${holder.id}); set adopt: true to manage it from this program (destroy then keeps it), or choose another name`,
        );
    }
    if (holder) {
        noteOnce(
            `CustomRole "${resource}" adopts the existing role "${name}"${inputs.deleteAdoptedOnDestroy ? "; destroy deletes it (deleteAdoptedOnDestroy)" : "; destroy keeps it (set deleteAdoptedOnDestroy: true to delete it)"}`,
        );
        return { exists: true };
    }
    const count = roles.filter((r) => r.type === "custom").length + announceCreate(s, name);
    if (count > MAX_CUSTOM_ROLES) {
        return failure(
            `creating "${name}" would make ${count} custom roles; Qlik allows at most ${MAX_CUSTOM_ROLES} per tenant: delete custom roles the tenant no longer needs, or drop this resource`,
        );
    }
    return { exists: false };
}

const failure = (reason: string): NameCheck => ({ failure: { property: "name", reason } });

function warnUnknownScopes(inputs: CustomRoleInputs, roles: readonly Role[]): void {
    const known = knownScopes(roles);
    const unknown = inputs.scopes.filter((scope) => !known.has(scope));
    if (unknown.length === 0) return;
    warnOnce(
        `custom role "${inputs.name}": no role of the tenant carries scope ${unknown.map((u) => JSON.stringify(u)).join(", ")}; Qlik publishes no list of scopes to check against, so check the spelling (it is sent as written)`,
    );
}
