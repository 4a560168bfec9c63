/**
 * The lifecycle of an assignment (`UserRoleAssignment`, `GroupRoleAssignment`): one role on one principal, every
 * other role left alone. Each method parses what Pulumi hands over into typed inputs or state, and calls one
 * operation; every change to the principal's roles goes through the coordinator (lock, merge, verify): see
 * core/principal-coordinator.ts for the read-modify-write and core/role-set.ts for the planning.
 */
import type { ResourceType } from "../../resource-types";
import type { Services } from "../../services";
import { validateInputs, type Props } from "../inputs";
import { methodRunner, type Lifecycle, type ServicesSource } from "../lifecycle";
import { refuseOtherTenant, validOrThrow } from "../support";
import { checkAssignment } from "./check";
import { storedShapeForImport } from "./pending-import";
import { deleteAssignment, diffAssignment, readAssignment } from "./refresh";
import { parseAssignmentState } from "./state";
import { createAssignment, updateAssignment } from "./write";

export function assignmentLifecycle(resource: ResourceType, services: ServicesSource): Lifecycle {
    const { kind } = resource;
    const run = methodRunner(resource, services);
    const inputsOf = (news: Props) => validOrThrow(validateInputs(news, kind));
    /** Recorded outputs as typed state, refused when they belong to another tenant. */
    const stateOf = (s: Services, outputs: Props) => {
        const state = parseAssignmentState(kind, outputs);
        refuseOtherTenant(s, state.tenantUrl, "assignment");
        return state;
    };
    return {
        check: (olds, news) => checkAssignment(run, kind, olds, news),
        diff: (_id, olds, news) => run("diff", olds, (s) => diffAssignment(kind, s, stateOf(s, olds), news)),
        create: (news) =>
            run("create", news, (s) => createAssignment(kind, s, inputsOf(news), news.__provider)),
        read: (id, props) =>
            run("refresh", props, async (s) => {
                const stored = await storedShapeForImport(kind, s, id, props);
                return readAssignment(kind, s, id, stateOf(s, stored));
            }),
        update: (id, olds, news) =>
            run("update", news, (s) =>
                updateAssignment(kind, s, id, stateOf(s, olds), inputsOf(news), news.__provider),
            ),
        delete: (_id, props) => run("delete", props, (s) => deleteAssignment(kind, s, stateOf(s, props))),
    };
}
