/**
 * The engine tier's child process: does what Pulumi's engine does with a dynamic resource, in a plain `node`
 * process started in an example's directory (no ts-node, no jest).
 *
 * 1. Declares one UserRoleAssignment and one GroupRoleAssignment under `pulumi.runtime.setMocks`, which records
 *    their inputs exactly as a real program sends them, and captures the `__provider` texts.
 * 2. Loads each text with require-from-string, as @pulumi/pulumi's cmd/dynamic-provider does.
 * 3. Serves JSON-line commands on stdin: `{"id":1,"kind":"user","method":"create","args":[...]}`, answering
 *    `{"id":1,"ok":true,"result":...}` or `{"id":1,"ok":false,"error":{"message","code","stack"}}` on stdout.
 *    `configure` takes a plain object of stack config (`{"qlik:tenantUrl": ...}`) and wraps it like the engine.
 */
import * as readline from "node:readline";

type Provider = Record<string, (...args: unknown[]) => Promise<unknown>>;

async function serializeProviders(): Promise<Record<"user" | "group", string>> {
    // Resolved from the working directory, exactly as a Pulumi program resolves its packages.
    const pulumi = require(require.resolve("@pulumi/pulumi", { paths: [process.cwd()] }));
    const texts: Record<string, string> = {};
    pulumi.runtime.setMocks(
        {
            newResource(args: { type: string; name: string; inputs: Record<string, unknown> }) {
                const p = args.inputs.__provider as unknown;
                texts[args.type] =
                    typeof p === "string" ? p : String((p as { value?: unknown })?.value ?? "");
                return { id: `${args.name}-id`, state: args.inputs };
            },
            call() {
                return {};
            },
        },
        "engine-tier",
        "test",
        false,
    );
    const { UserRoleAssignment, GroupRoleAssignment } = require(
        require.resolve("pulumi-qlik-roles", { paths: [process.cwd()] }),
    );
    new UserRoleAssignment("serialize-user", { subject: "user1234", role: "ManagedSpaceCreator" });
    new GroupRoleAssignment("serialize-group", { groupName: "My Group", role: "ManagedSpaceCreator" });
    for (let i = 0; i < 200 && Object.keys(texts).length < 2; i++)
        await new Promise((r) => setTimeout(r, 10));
    return {
        user: texts["pulumi-nodejs:dynamic/qlik:UserRoleAssignment"]!,
        group: texts["pulumi-nodejs:dynamic/qlik:GroupRoleAssignment"]!,
    };
}

async function main(): Promise<void> {
    const texts = await serializeProviders();
    const requireFromString = require("require-from-string");
    const providers: Record<string, Provider> = {};
    for (const kind of ["user", "group"] as const) {
        // Texts from a file (e.g. state written by an older version) may be given instead.
        const override = process.env[`ENGINE_PROVIDER_TEXT_${kind.toUpperCase()}`];
        providers[kind] = requireFromString(override ?? texts[kind]).handler();
    }
    const send = (msg: unknown) => process.stdout.write(JSON.stringify(msg) + "\n");
    send({ ready: true, texts });

    const rl = readline.createInterface({ input: process.stdin });
    rl.on("line", (line) => {
        if (line.trim() === "") return;
        const { id, kind, method, args } = JSON.parse(line) as {
            id: number;
            kind: string;
            method: string;
            args: unknown[];
        };
        const provider = providers[kind]!;
        const callArgs =
            method === "configure"
                ? [
                      {
                          config: {
                              get: (k: string) => (args[0] as Record<string, string>)[k],
                              require: (k: string) => (args[0] as Record<string, string>)[k],
                          },
                      },
                  ]
                : args;
        Promise.resolve()
            .then(() => provider[method]!(...callArgs))
            .then(
                (result) => send({ id, ok: true, result: result ?? null }),
                (err: Error & { code?: unknown; id?: unknown; properties?: unknown }) =>
                    send({
                        id,
                        ok: false,
                        error: {
                            message: err.message,
                            code: err.code,
                            stack: err.stack,
                            id: err.id,
                            properties: err.properties,
                        },
                    }),
            );
    });
    rl.on("close", () => process.exit(0));
}

main().catch((err) => {
    process.stderr.write(`engine driver failed: ${err?.stack ?? err}\n`);
    process.exit(1);
});
