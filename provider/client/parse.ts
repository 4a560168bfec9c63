import type { z } from "zod";
import { QlikError } from "./errors";
import { pathOnly } from "./answers";

/**
 * Parses a response body with its schema; a mismatch is a QLIK_INVALID_RESPONSE naming the first bad field, so a
 * change of Qlik's API shows up as one clear line instead of `undefined` somewhere deep in a run.
 */
export function parseBody<T extends z.ZodType>(
    schema: T,
    body: unknown,
    method: string,
    path: string,
): z.infer<T> {
    const parsed = schema.safeParse(body);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join(".") : "body";
    throw new QlikError(
        "QLIK_INVALID_RESPONSE",
        `${method} ${pathOnly(path)}: unexpected answer from Qlik: ${where}: ${issue?.message ?? "invalid"}; re-run, and report it if it persists`,
        { method, path: pathOnly(path) },
    );
}
