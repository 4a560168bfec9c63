/**
 * The benchmark chart: wall time and request count against assignment count, ours (CLI, CLI with GOMAXPROCS=1 for
 * `up`, one set resource per principal through the CLI, and direct) vs the engine's floor (the same program on a
 * provider that does nothing) vs lower bound vs naive, for `up` and for all four phases together. The set program
 * is plotted at the assignment count it replaces. Drawn as a small
 * hand-written SVG (no chart library) and rendered to PNG with @resvg/resvg-js when that optional devDependency
 * loads; otherwise only the SVG is written and the reason printed, and the benchmark still passes.
 */
import * as fs from "node:fs";
import type { Phase } from "./metrics";
import type { ScenarioResult } from "./runner";

interface Series {
    label: string;
    color: string;
    dash?: string;
    points: [number, number][];
}

type Measure = "wall" | "requests";

function series(scenarios: ScenarioResult[], phases: Phase[], measure: Measure): Series[] {
    const sorted = [...scenarios].sort((a, b) => a.assignments - b.assignments);
    const pick = (
        path: string,
        value: (sc: ScenarioResult, phase: Phase) => number | undefined,
    ): [number, number][] =>
        sorted.flatMap((sc) => {
            if (path !== "lb" && !sc.runs.some((r) => r.path === path && r.order === "adjacent")) return [];
            const vals = phases.map((p) => value(sc, p));
            return vals.every((v) => v !== undefined)
                ? [[sc.assignments, vals.reduce((a, b) => a! + b!, 0)!] as [number, number]]
                : [];
        });
    const measured = (path: string) => (sc: ScenarioResult, phase: Phase) => {
        const p = sc.runs
            .find((r) => r.path === path && r.order === "adjacent")
            ?.phases.find((q) => q.phase === phase);
        return p && (measure === "wall" ? p.metrics.wallMs / 1000 : p.metrics.requests);
    };
    const lb = (sc: ScenarioResult, phase: Phase) => {
        const p = sc.runs[0]?.phases.find((q) => q.phase === phase);
        return (
            p &&
            (measure === "wall"
                ? Math.max(p.bounds.latencyBoundMs, p.bounds.rateBoundMs) / 1000
                : p.bounds.requests)
        );
    };
    return [
        { label: "ours, Pulumi CLI", color: "#1f77b4", points: pick("cli", measured("cli")) },
        {
            // `up` only: absent from the all-phases panels.
            label: "ours, CLI with GOMAXPROCS=1",
            color: "#1f77b4",
            dash: "2 3",
            points: pick("cli-gomaxprocs1", measured("cli-gomaxprocs1")),
        },
        {
            label: "ours, one set resource per principal (CLI)",
            color: "#9467bd",
            points: pick("cli-sets", measured("cli-sets")),
        },
        { label: "ours, provider direct", color: "#2ca02c", points: pick("direct", measured("direct")) },
        // Wall time only: the floor sends no request.
        ...(measure === "wall"
            ? [
                  {
                      label: "engine floor (no-op provider, CLI)",
                      color: "#ff7f0e",
                      dash: "4 2",
                      points: pick("cli-floor", measured("cli-floor")),
                  },
              ]
            : []),
        {
            label: measure === "wall" ? "lower bound (max of latency, rate-limit bound)" : "lower bound",
            color: "#555555",
            dash: "6 4",
            points: pick("lb", lb),
        },
        {
            label: "naive (GET + PATCH per assignment)",
            color: "#d62728",
            points: pick("naive", measured("naive")),
        },
    ].filter((x) => x.points.length > 0);
}

const esc = (t: string) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function panel(
    x0: number,
    y0: number,
    w: number,
    h: number,
    title: string,
    yLabel: string,
    data: Series[],
): string {
    const m = { l: 70, r: 20, t: 34, b: 46 };
    const pw = w - m.l - m.r;
    const ph = h - m.t - m.b;
    const xs = data.flatMap((d) => d.points.map((p) => p[0]));
    const ys = data.flatMap((d) => d.points.map((p) => p[1])).filter((v) => v > 0);
    if (xs.length === 0 || ys.length === 0) return "";
    const lx0 = Math.floor(Math.log10(Math.min(...xs))),
        lx1 = Math.max(lx0 + 1, Math.ceil(Math.log10(Math.max(...xs))));
    const ly0 = Math.floor(Math.log10(Math.min(...ys))),
        ly1 = Math.max(ly0 + 1, Math.ceil(Math.log10(Math.max(...ys))));
    const px = (v: number) => x0 + m.l + ((Math.log10(v) - lx0) / (lx1 - lx0)) * pw;
    const py = (v: number) => y0 + m.t + ph - ((Math.log10(Math.max(v, 10 ** ly0)) - ly0) / (ly1 - ly0)) * ph;
    const parts: string[] = [];
    parts.push(
        `<text x="${x0 + m.l + pw / 2}" y="${y0 + 20}" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>`,
    );
    parts.push(
        `<rect x="${x0 + m.l}" y="${y0 + m.t}" width="${pw}" height="${ph}" fill="none" stroke="#999"/>`,
    );
    for (let e = ly0; e <= ly1; e++) {
        for (const k of e < ly1 ? [1, 2, 5] : [1]) {
            const v = k * 10 ** e;
            const y = py(v);
            parts.push(
                `<line x1="${x0 + m.l}" x2="${x0 + m.l + pw}" y1="${y}" y2="${y}" stroke="${k === 1 ? "#ddd" : "#f0f0f0"}"/>`,
            );
            parts.push(
                `<text x="${x0 + m.l - 6}" y="${y + 4}" text-anchor="end" font-size="11">${v >= 1 ? v : v.toPrecision(1)}</text>`,
            );
        }
    }
    for (const v of [...new Set(xs)].sort((a, b) => a - b)) {
        const x = px(v);
        parts.push(`<line x1="${x}" x2="${x}" y1="${y0 + m.t}" y2="${y0 + m.t + ph}" stroke="#eee"/>`);
        parts.push(
            `<text x="${x}" y="${y0 + m.t + ph + 16}" text-anchor="middle" font-size="11">${v}</text>`,
        );
    }
    parts.push(
        `<text x="${x0 + m.l + pw / 2}" y="${y0 + h - 8}" text-anchor="middle" font-size="12">assignments (log)</text>`,
    );
    parts.push(
        `<text transform="translate(${x0 + 16},${y0 + m.t + ph / 2}) rotate(-90)" text-anchor="middle" font-size="12">${esc(yLabel)}</text>`,
    );
    for (const d of data) {
        const pts = d.points.map(([a, b]) => `${px(a).toFixed(1)},${py(b).toFixed(1)}`).join(" ");
        parts.push(
            `<polyline points="${pts}" fill="none" stroke="${d.color}" stroke-width="2.2"${d.dash ? ` stroke-dasharray="${d.dash}"` : ""}/>`,
        );
        for (const [a, b] of d.points)
            parts.push(
                `<circle cx="${px(a).toFixed(1)}" cy="${py(b).toFixed(1)}" r="3.5" fill="${d.color}"/>`,
            );
    }
    return parts.join("\n");
}

export function chartSvg(scenarios: ScenarioResult[], subtitle: string): string {
    const W = 1200,
        H = 880,
        pw = 600,
        ph = 380;
    const all: Phase[] = ["up", "preview", "refresh", "destroy"];
    const legend = series(scenarios, ["up"], "wall");
    const body = [
        panel(0, 60, pw, ph, "pulumi up: wall time", "seconds (log)", series(scenarios, ["up"], "wall")),
        panel(
            pw,
            60,
            pw,
            ph,
            "pulumi up: HTTP requests",
            "requests (log)",
            series(scenarios, ["up"], "requests"),
        ),
        panel(
            0,
            60 + ph,
            pw,
            ph,
            "up + preview + refresh + destroy: wall time",
            "seconds (log)",
            series(scenarios, all, "wall"),
        ),
        panel(
            pw,
            60 + ph,
            pw,
            ph,
            "up + preview + refresh + destroy: HTTP requests",
            "requests (log)",
            series(scenarios, all, "requests"),
        ),
    ];
    // The legend flows left to right and wraps onto a second row when it would leave the image.
    let lx = 40;
    let ly = H - 36;
    const items = legend.map((d) => {
        const width = 60 + d.label.length * 7;
        if (lx + width > W - 20) {
            lx = 40;
            ly += 20;
        }
        const x0 = lx;
        lx += width;
        return `<line x1="${x0}" x2="${x0 + 28}" y1="${ly}" y2="${ly}" stroke="${d.color}" stroke-width="3"${d.dash ? ` stroke-dasharray="${d.dash}"` : ""}/><text x="${x0 + 34}" y="${ly + 4}" font-size="12">${esc(d.label)}</text>`;
    });
    return [
        `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="DejaVu Sans, Arial, sans-serif">`,
        `<rect width="${W}" height="${H}" fill="white"/>`,
        `<text x="${W / 2}" y="26" text-anchor="middle" font-size="18" font-weight="bold">pulumi-qlik-roles: wall time and requests against assignment count</text>`,
        `<text x="${W / 2}" y="46" text-anchor="middle" font-size="12" fill="#444">${esc(subtitle)}</text>`,
        ...body,
        ...items,
        "</svg>",
    ].join("\n");
}

/** Writes `<base>.svg` and, when the renderer loads, `<base>.png`. Returns a line saying what was written. */
export function writeChart(scenarios: ScenarioResult[], subtitle: string, base: string): string {
    const svg = chartSvg(scenarios, subtitle);
    fs.writeFileSync(`${base}.svg`, svg);
    let Resvg: new (svg: string, opts: object) => { render(): { asPng(): Buffer } };
    try {
        ({ Resvg } = require("@resvg/resvg-js"));
    } catch (err) {
        return `chart: wrote ${base}.svg; no PNG because @resvg/resvg-js did not load (${(err as Error).message.split("\n")[0]})`;
    }
    const png = new Resvg(svg, {
        font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" },
        background: "white",
    })
        .render()
        .asPng();
    fs.writeFileSync(`${base}.png`, png);
    return `chart: wrote ${base}.png and ${base}.svg`;
}
