/**
 * The dynamic provider object Pulumi serializes into every resource's state (`__provider`).
 *
 * It must stay tiny and free of secrets and machine paths, and keep working when the package is upgraded under
 * existing state: so each method captures only the plain string `kind` and loads the implementation at call time
 * with `require("pulumi-qlik-roles/runtime")`, resolved from the Pulumi program's directory. Never import the
 * runtime at module scope here: Pulumi would copy its code (and whatever it holds) into state.
 */
import type * as pulumi from "@pulumi/pulumi";

export function providerShell(kind: "user" | "group"): pulumi.dynamic.ResourceProvider {
    return {
        async configure(req) {
            await require("pulumi-qlik-roles/runtime").configure(req);
        },
        async check(olds, news) {
            return require("pulumi-qlik-roles/runtime").providerFor(kind, 1).check(olds, news);
        },
        async diff(id, olds, news) {
            return require("pulumi-qlik-roles/runtime").providerFor(kind, 1).diff(id, olds, news);
        },
        async create(inputs) {
            return require("pulumi-qlik-roles/runtime").providerFor(kind, 1).create(inputs);
        },
        async read(id, props) {
            return require("pulumi-qlik-roles/runtime").providerFor(kind, 1).read(id, props);
        },
        async update(id, olds, news) {
            return require("pulumi-qlik-roles/runtime").providerFor(kind, 1).update(id, olds, news);
        },
        async delete(id, props) {
            await require("pulumi-qlik-roles/runtime").providerFor(kind, 1).delete(id, props);
        },
    };
}
