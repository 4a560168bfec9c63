/**
 * `read` for a pending create being imported (`pulumi refresh --import-pending-creates <URN> <ID>`, which
 * `pulumi-qlik-roles recover --apply` runs after an interrupted `pulumi up`). The engine then calls `read` with the
 * id and the inputs the interrupted create was started with, not the outputs a finished create stores. This turns
 * those inputs into the stored shape, so `read` goes on exactly as for a refresh.
 */
import { randomUUID } from "node:crypto";
import { QlikError } from "../client";
import { validateInputs } from "./inputs";
import { assignmentId, assignmentOutputs } from "./assignment";
import type { PrincipalKind } from "./principals";
import type { Services } from "./services";

type Props = Record<string, unknown>;

/**
 * `props` unchanged when they are stored outputs; for a pending create's inputs, the outputs its create would
 * have stored. The create was Pulumi's own (the grant landed from it), so the result is not `preexisting`.
 * Throws when `id` names another principal or role than the inputs do.
 */
export async function storedShapeForImport(
    kind: PrincipalKind,
    s: Services,
    id: string,
    props: Props,
): Promise<Props> {
    if (typeof props.roleId === "string" && typeof props[kind.idKey] === "string") return props;
    const { inputs, failures } = validateInputs(props, kind.selectorKeys, kind.selectorHelp);
    if (!inputs) {
        throw new QlikError(
            "QLIK_INVALID_INPUT",
            `cannot import ${id}: its recorded inputs are not valid (${failures.map((f) => f.reason).join("; ")})`,
        );
    }
    const [principal, role] = await Promise.all([
        s.principals.resolve(kind, inputs.selectorKey, inputs.selectorValue),
        s.roles.find(inputs.role),
    ]);
    const expected = assignmentId(s.config.origin, kind, principal.id, role.name);
    if (expected !== id) {
        throw new QlikError(
            "QLIK_INVALID_INPUT",
            `cannot import ${id}: this resource's inputs name ${expected}; import it under that id (\`pulumi-qlik-roles recover\` prints the right ones)`,
        );
    }
    // The create was the stack's own (the grant landed from it), so the role is not recorded as preexisting.
    const stored: Props = {
        ...assignmentOutputs(s.config.origin, inputs, principal, role, false, randomUUID()),
        __provider: props.__provider,
    };
    return stored;
}
