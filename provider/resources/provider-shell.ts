/**
 * The `__provider` text Pulumi stores in every resource's state and hands to its dynamic-provider host, which runs
 * `require("require-from-string")(text).handler()` to get the provider object.
 *
 * We write that text by hand instead of letting `pulumi.dynamic.Resource` serialize a closure:
 * - it is stored twice per resource (inputs and outputs) and the engine rewrites the whole state file after every
 *   step, so its size is paid per resource per step: 2,000 assignments with the 2.7 KB serialized closure made
 *   ~15 MB checkpoints; these ~90 bytes make each resource's state (~2 KB with the engine's own fields) about
 *   3.5 times smaller. Resources created by 0.1.0 keep the old text in their outputs until they are updated or
 *   replaced; both texts reach the same runtime in one provider process;
 * - it holds no secret, no machine path and no library code, only the package name: the implementation is loaded at
 *   call time from the program's `node_modules`, so state keeps working when the package is upgraded.
 *
 * Keep `dynamicProvider(kind, 1)` working in every later version of the runtime: this text is in users' state.
 */
import type { ProviderName, ResourceTypeName } from "../runtime/resource-types";

export function providerText(name: ProviderName): string {
    return `exports.handler = () => require("pulumi-qlik-roles/runtime").dynamicProvider("${name}", 1);\n`;
}

/**
 * The type token `pulumi.dynamic.Resource` would give: the `pulumi-nodejs` provider serves it, and tokens must not
 * change under existing state.
 */
export function dynamicType(type: ResourceTypeName): string {
    return `pulumi-nodejs:dynamic/qlik:${type}`;
}
