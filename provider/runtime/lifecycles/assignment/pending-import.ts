/**
 * `read` for a pending create being imported (`pulumi refresh --import-pending-creates <URN> <ID>`, which
 * `pulumi-qlik-roles recover --apply` runs after an interrupted `pulumi up`). The engine then calls `read` with the
 * id and the inputs the interrupted create was started with, not the outputs a finished create stores. This turns
 * those inputs into the stored shape, so `read` goes on exactly as for a refresh.
 */
import { randomUUID } from "node:crypto";
import { QlikError } from "../../../client";
import { validateInputs } from "../inputs";
import { assignmentId, assignmentOutputs } from "./state";
import type { PrincipalKind } from "../../kinds/principal-kind";
import type { Services } from "../../services";

type Props = Record<string, unknown>;

/**
 * `props` unchanged when they are stored outputs; for a pending create's inputs, the outputs its create would
 * have stored, with the role recorded as held before the stack (`preexisting`: see below).
 * Throws when `id` names another principal or role than the inputs do.
 */
export async function storedShapeForImport(
    kind: PrincipalKind,
    s: Services,
    id: string,
    props: Props,
): Promise<Props> {
    if (typeof props.roleId === "string" && typeof props[kind.idKey] === "string") return props;
    const { inputs, failures } = validateInputs(props, kind);
    if (!inputs) {
        throw new QlikError(
            "QLIK_INVALID_INPUT",
            `cannot import ${id}: its recorded inputs are not valid (${failures.map((f) => f.reason).join("; ")})`,
        );
    }
    const [principal, role] = await Promise.all([
        s.principals.resolve(kind, inputs.selector),
        kind.findRole(s, inputs.role, inputs.selector),
    ]);
    const expected = assignmentId(s.config.origin, kind, principal.id, role.name);
    if (expected !== id) {
        throw new QlikError(
            "QLIK_INVALID_INPUT",
            `cannot import ${id}: this resource's inputs name ${expected}; import it under that id (\`pulumi-qlik-roles recover\` prints the right ones)`,
        );
    }
    // Held before, as far as anyone can tell: an interrupted create that adopted a role wrote nothing, so a grant
    // found held now may be one the principal had before the stack. Recorded as the stack's own, destroy would
    // take it away even with `retainIfPreexisting`; recorded as preexisting, the worst case is a grant the run
    // made left behind where `retainIfPreexisting` asks for that (`recover` says which grants it could not date).
    const stored: Props = {
        ...assignmentOutputs(s.config.origin, inputs, principal, role, true, randomUUID()),
        __provider: props.__provider,
    };
    return stored;
}
