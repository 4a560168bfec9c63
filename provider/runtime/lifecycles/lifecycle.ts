/**
 * The contract between Pulumi's dynamic-provider host and a resource type: the six methods it calls (`configure`
 * is shared: see ../index.ts), and how each one runs. Each shape of grant (./assignment, ./set) implements it once,
 * for every kind of principal.
 */
import type { Services } from "../services";
import type { ResourceType } from "../resource-types";
import { selectorKeysOf } from "../kinds/principal-kind";
import type { CheckFailure, Props } from "./inputs";
import { guardedCall } from "./support";

/**
 * Narrower than Pulumi's `dynamic.ResourceProvider` (results always carry outputs), and checked against it where
 * the provider object is made, in ../index.ts.
 */
export interface Lifecycle {
    check(olds: Props, news: Props): Promise<{ inputs?: Props; failures?: CheckFailure[] }>;
    diff(
        id: string,
        olds: Props,
        news: Props,
    ): Promise<{ changes: boolean; replaces?: string[]; deleteBeforeReplace?: boolean }>;
    create(inputs: Props): Promise<{ id: string; outs: Props }>;
    read(id: string, props: Props): Promise<{ id?: string; props?: Props; inputs?: Props }>;
    update(id: string, olds: Props, news: Props): Promise<{ outs: Props }>;
    delete(id: string, props: Props): Promise<void>;
}

/** The configured services, once `configure` has run. */
export type ServicesSource = () => Promise<Services>;

/**
 * How the methods of `resource` run: `run(op, props, fn)` traces the call and gives any failure as one line that
 * names the operation, the resource type and what `props` name (see guardedCall).
 */
export type MethodRunner = <T>(op: string, props: Props, fn: (s: Services) => Promise<T>) => Promise<T>;

export function methodRunner(resource: ResourceType, services: ServicesSource): MethodRunner {
    return (op, props, fn) =>
        guardedCall(
            resource,
            op,
            () => describe(resource, props),
            async () => fn(await services()),
        );
}

/** What a resource's inputs or outputs act on, for messages: `user subject "user1234", role "Steward"`. */
export function describe(resource: ResourceType, props: Props): string {
    const { kind } = resource;
    const keys =
        typeof props.principalSelector === "string"
            ? props.principalSelector.split(",")
            : selectorKeysOf(kind).filter((k) => props[k] !== undefined);
    const named = keys.map((k) => `${k} "${String(props[k])}"`).join(", ");
    const who = keys.length > 0 ? `${kind.noun} ${named}` : kind.noun;
    return typeof props.role === "string" ? `${who}, role "${props.role}"` : who;
}
