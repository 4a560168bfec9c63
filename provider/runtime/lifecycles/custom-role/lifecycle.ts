/**
 * The lifecycle of a `CustomRole`: a custom role of the tenant, defined by the program. Not a grant on a principal,
 * so no kind and no coordinator: each method parses what Pulumi hands over once, into inputs or state, and calls one
 * operation of ./check.ts, ./write.ts or ./refresh.ts.
 */
import { oneLineError } from "../failures";
import type { Props } from "../inputs";
import type { Lifecycle, MethodRunner, ServicesSource } from "../lifecycle";
import { expectHostEcho } from "../../notices/notices";
import { trace } from "../../notices/trace";
import type { Services } from "../../services";
import type { StandaloneType } from "../../resource-types";
import { refuseOtherTenant, validOrThrow } from "../support";
import { checkCustomRole } from "./check";
import { validateCustomRoleInputs } from "./inputs";
import { deleteRole, diffCustomRole, readCustomRole } from "./refresh";
import { parseCustomRoleState } from "./state";
import { createRole, updateRole } from "./write";

export function customRoleLifecycle(resource: StandaloneType, services: ServicesSource): Lifecycle {
    const run = runner(resource, services);
    const inputsOf = (news: Props) => validOrThrow(validateCustomRoleInputs(news));
    /** Recorded outputs as typed state, refused when they belong to another tenant. */
    const stateOf = (s: Services, outputs: Props) => {
        const state = parseCustomRoleState(outputs);
        refuseOtherTenant(s, state.tenantUrl, "custom role");
        return state;
    };
    return {
        check: (olds, news) => checkCustomRole(run, olds, news),
        diff: (_id, olds, news) => run("diff", olds, async (s) => diffCustomRole(stateOf(s, olds), news)),
        create: (news) => run("create", news, (s) => createRole(s, inputsOf(news), news.__provider)),
        read: (id, props) => run("refresh", props, (s) => readCustomRole(s, id, stateOf(s, props))),
        update: (_id, olds, news) =>
            run("update", news, (s) => updateRole(s, stateOf(s, olds), inputsOf(news))),
        delete: (_id, props) => run("delete", props, (s) => deleteRole(s, stateOf(s, props))),
    };
}

/**
 * How each method runs: traced, and any failure given as one line naming the operation, the type and the role
 * (`update CustomRole (role "Analytics Publisher"): ...`), whose echo by Pulumi's provider host is dropped.
 */
function runner(resource: StandaloneType, services: ServicesSource): MethodRunner {
    return async (op, props, fn) => {
        const what = typeof props.name === "string" ? `role "${props.name}"` : "role";
        trace("call", { op, kind: resource.noun, what });
        try {
            return await fn(await services());
        } catch (err) {
            const line = oneLineError(`${op} ${resource.name} (${what})`, err);
            expectHostEcho(line);
            throw line;
        } finally {
            trace("done", { op, kind: resource.noun, what });
        }
    };
}
