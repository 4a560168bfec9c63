/**
 * The lifecycle of a set resource (`UserRoles`, `GroupRoles`): the exact list of one principal's roles. Each method
 * parses what Pulumi hands over into typed inputs or state, and calls one operation; a write goes through the
 * same per-principal coordinator as the assignments (lock, merge, verify).
 */
import type { ResourceType } from "../../resource-types";
import type { Services } from "../../services";
import type { Props } from "../inputs";
import { methodRunner, type Lifecycle, type ServicesSource } from "../lifecycle";
import { refuseOtherTenant, validOrThrow } from "../support";
import { checkSet } from "./check";
import { validateSetInputs } from "./inputs";
import { deleteSet, diffSet, readSet } from "./refresh";
import { parseSetState } from "./state";
import { createSet, updateSet } from "./write";

export function setLifecycle(resource: ResourceType, services: ServicesSource): Lifecycle {
    const { kind } = resource;
    const run = methodRunner(resource, services);
    const inputsOf = (news: Props) => validOrThrow(validateSetInputs(news, kind));
    /** Recorded outputs as typed state, refused when they belong to another tenant. */
    const stateOf = (s: Services, outputs: Props) => {
        const state = parseSetState(kind, outputs);
        refuseOtherTenant(s, state.tenantUrl, "role set");
        return state;
    };
    return {
        check: (olds, news) => checkSet(run, resource, olds, news),
        diff: (_id, olds, news) => run("diff", olds, (s) => diffSet(kind, s, stateOf(s, olds), news)),
        create: (news) => run("create", news, (s) => createSet(kind, s, inputsOf(news), news.__provider)),
        read: (id, props) => run("refresh", props, (s) => readSet(kind, s, id, stateOf(s, props))),
        update: (id, olds, news) =>
            run("update", news, (s) =>
                updateSet(kind, s, id, stateOf(s, olds), inputsOf(news), news.__provider),
            ),
        delete: (_id, props) => run("delete", props, (s) => deleteSet(kind, s, stateOf(s, props))),
    };
}
