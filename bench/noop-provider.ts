/**
 * The engine's floor: a dynamic provider that does no work and makes no request, for the benchmark's `cli-floor`
 * path. The generated floor program declares the same resources as the per-role program, with the same inputs and
 * a `__provider` text of the same length; this provider answers with outputs of the same fields and sizes as the
 * real one's. Whatever the CLI spends on that program is the cost of the engine itself (registrations, steps,
 * state checkpoints, the provider host's gRPC), which no provider can go below.
 *
 * Loaded by the dynamic-provider host through `require(process.env[NOOP_PROVIDER_ENV])` (see program.ts).
 */
import { createHash } from "node:crypto";

export const NOOP_PROVIDER_ENV = "QLIK_ROLES_BENCH_NOOP_PROVIDER";
/** The tenant URL the outputs carry (the real provider records the tenant it wrote to). */
export const NOOP_TENANT_ENV = "QLIK_ROLES_BENCH_NOOP_TENANT";

type Props = Record<string, unknown>;

/** A stable 24-hex-digit id, the length of Qlik's user, group and role ids. */
const fakeId = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 24);

/**
 * A `SpaceRoleAssignment`'s outputs, field for field (space-member kind): the space, the assignee, the member id,
 * the role (its own id) and the bookkeeping fields. The space floor declares users by subject only.
 */
function spaceOutputsOf(inputs: Props): Props {
    const { __provider: _text, ...rest } = inputs;
    const spaceKey = inputs.spaceId !== undefined ? "spaceId" : "spaceName";
    const subject = String(inputs.subject);
    const spaceId = fakeId(`space:${String(inputs[spaceKey])}`);
    const userId = fakeId(`user:${subject}`);
    return {
        ...rest,
        userId,
        subject,
        email: `${subject}@example.com`,
        spaceId,
        spaceName: String(inputs.spaceName ?? inputs.spaceId),
        spaceMemberId: `${spaceId}/users/${userId}`,
        roleId: String(inputs.role),
        preexisting: false,
        tenantUrl: process.env[NOOP_TENANT_ENV] ?? "",
        retainIfPreexisting: inputs.retainIfPreexisting === true,
        principalSelector: `${spaceKey},subject`,
        instance: fakeId(`instance:${subject}`) + "-0000-0000",
    };
}

/** The real provider's outputs, field for field: the principal's ids, the role's id, the bookkeeping fields. */
function outputsOf(inputs: Props): Props {
    if (inputs.spaceId !== undefined || inputs.spaceName !== undefined) return spaceOutputsOf(inputs);
    const isUser = inputs.groupName === undefined && inputs.groupId === undefined;
    const selectorKey = ["userId", "subject", "email", "groupId", "groupName"].find(
        (k) => inputs[k] !== undefined,
    );
    const who = String(inputs[selectorKey ?? "subject"]);
    const { __provider: _text, ...rest } = inputs;
    return {
        ...rest,
        ...(isUser
            ? { userId: fakeId(`user:${who}`), subject: who }
            : { groupId: fakeId(`group:${who}`), groupName: who }),
        roleId: fakeId(`role:${String(inputs.role)}`),
        preexisting: false,
        tenantUrl: process.env[NOOP_TENANT_ENV] ?? "",
        retainIfPreexisting: inputs.retainIfPreexisting === true,
        principalSelector: selectorKey,
        instance: fakeId(`instance:${who}`) + "-0000-0000",
    };
}

const inputKeys = [
    "spaceId",
    "spaceName",
    "userId",
    "subject",
    "email",
    "groupId",
    "groupName",
    "role",
    "retainIfPreexisting",
];

// The provider object is this module itself: the host calls these exports.
export async function check(_olds: Props, news: Props) {
    return { inputs: news };
}

export async function diff(_id: string, olds: Props, news: Props) {
    const replaces = inputKeys.filter(
        (k) => k !== "retainIfPreexisting" && news[k] !== undefined && news[k] !== olds[k],
    );
    const changes =
        replaces.length > 0 || (news.retainIfPreexisting === true) !== (olds.retainIfPreexisting === true);
    return { changes, replaces, deleteBeforeReplace: false };
}

export async function create(inputs: Props) {
    const outs = outputsOf(inputs);
    if (outs.spaceMemberId !== undefined) {
        // The real id's shape: <tenant host>/spaces/<spaceId>/users/<id>/roles/<role>.
        const host = String(outs.tenantUrl).replace(/^https?:\/\//, "");
        return { id: `${host}/spaces/${String(outs.spaceMemberId)}/roles/${String(outs.role)}`, outs };
    }
    return { id: `${String(outs.userId ?? outs.groupId)}:${String(outs.roleId)}`, outs };
}

export async function read(id: string, props: Props) {
    return { id, props };
}

export async function update(_id: string, _olds: Props, news: Props) {
    return { outs: outputsOf(news) };
}

export async function remove(): Promise<void> {}
export { remove as delete };
