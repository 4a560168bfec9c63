/**
 * A mistake in how the package was called: a bad command-line flag, or bad internal options (`QLIK_ROLES_TUNING`).
 * Not a `QlikError`: nothing was asked of Qlik, so it carries no Qlik code, status or trace id, only one line
 * saying what was wrong and what to do. Here, in the lowest layer, so that cli/ and runtime/ can both throw it.
 */
import { oneLine } from "./errors";

export class UsageError extends Error {
    override readonly name = "UsageError";

    constructor(message: string) {
        super(oneLine(message));
    }
}
