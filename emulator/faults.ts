/**
 * Fault injection: deterministic (`times`) or probabilistic (`rate`, seeded PRNG) rules, plus the outside
 * writer. What each kind does on the wire is implemented in server.ts / respond.ts; this file decides WHEN.
 */
import { seededRandom } from "./ids";
import type {
    FaultController,
    FaultKind,
    FaultRule,
    OutsideWriterEvent,
    OutsideWriterSettings,
} from "./types";

const KINDS: readonly FaultKind[] = [
    "status",
    "reset",
    "reset-mid-body",
    "malformed-json",
    "missing-fields",
    "slow",
    "partial-207",
];

export function defaultOutsideWriter(): OutsideWriterSettings {
    return { enabled: false, mode: "before-write", rate: 1, role: "Steward" };
}

interface ActiveRule {
    rule: FaultRule;
    remaining: number;
}

export class Faults implements FaultController {
    outsideWriter: OutsideWriterSettings = defaultOutsideWriter();
    outsideWriterEvents: OutsideWriterEvent[] = [];
    private rules: ActiveRule[] = [];
    private random: () => number;

    constructor(private readonly seed: number) {
        this.random = seededRandom(seed);
    }

    /** Validates eagerly: a typo in a test's rule should fail the test, not silently inject nothing. */
    inject(rule: FaultRule): void {
        if (!KINDS.includes(rule.kind))
            throw new TypeError(`emulator: unknown fault kind ${JSON.stringify(rule.kind)}`);
        if (
            rule.kind === "status" &&
            !(Number.isInteger(rule.status) && rule.status! >= 400 && rule.status! <= 599)
        ) {
            throw new TypeError("emulator: a status fault needs status 400..599");
        }
        if (rule.kind === "slow" && !(typeof rule.delayMs === "number" && rule.delayMs >= 0)) {
            throw new TypeError("emulator: a slow fault needs delayMs >= 0");
        }
        if (rule.times !== undefined && !(Number.isInteger(rule.times) && rule.times > 0)) {
            throw new TypeError("emulator: times must be a positive integer");
        }
        if (rule.rate !== undefined && !(rule.rate >= 0 && rule.rate <= 1)) {
            throw new TypeError("emulator: rate must be within 0..1");
        }
        this.rules.push({ rule, remaining: rule.times ?? Infinity });
    }

    clear(): void {
        this.rules = [];
        this.outsideWriter = defaultOutsideWriter();
        this.outsideWriterEvents.length = 0; // in place: a test may hold the array
    }

    /** clear() plus a fresh PRNG, so a reset emulator replays the same probabilistic faults. */
    reset(): void {
        this.clear();
        this.random = seededRandom(this.seed);
    }

    /** True with probability `rate`, from the seeded PRNG. */
    roll(rate: number): boolean {
        return rate >= 1 || this.random() < rate;
    }

    /**
     * The fault for this request, if any; consumes one use of a `times` rule. "partial-207" only applies to
     * PATCH (only PATCH can partially succeed), so other requests pass it by without consuming it.
     */
    pick(method: string, path: string): FaultRule | undefined {
        for (const active of this.rules) {
            const { rule } = active;
            if (rule.kind === "partial-207" && method !== "PATCH") continue;
            if (!matches(rule, method, path)) continue;
            if (rule.rate !== undefined && !this.roll(rule.rate)) continue;
            if (--active.remaining <= 0) this.rules = this.rules.filter((r) => r !== active);
            return rule;
        }
        return undefined;
    }
}

function matches(rule: FaultRule, method: string, path: string): boolean {
    const m = rule.match;
    if (!m) return true;
    if (m.method && m.method.toUpperCase() !== method) return false;
    if (m.path === undefined) return true;
    if (typeof m.path === "string") return m.path === path;
    m.path.lastIndex = 0; // a /g regex keeps state between test() calls
    return m.path.test(path);
}

/** Short label for the request log, e.g. "status:503", "slow:200ms". */
export function faultLabel(rule: FaultRule): string {
    if (rule.kind === "status") return `status:${rule.status}`;
    if (rule.kind === "slow") return `slow:${rule.delayMs}ms`;
    return rule.kind;
}
