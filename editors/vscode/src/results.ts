// What the source commands' results look like in the editor: a preview as a read-only
// document with aligned columns, a build as a one-line summary plus details for Output.

export interface PreviewOutcome {
  source: string;
  columns: string[];
  rows: unknown[][];
  truncated: boolean;
  duration_s: number;
  table?: string;
}

export interface BuildOutcome {
  source: string;
  members: number | null;
  duration_s: number;
  output: string | null;
  temp_table: string | null;
  dropped: boolean | null;
  build_id: string | null;
  diff?: {
    previous: string | null;
    previousMembers: number | null;
    entered: number;
    left: number;
    enteredSample: string[];
    leftSample: string[];
  } | null;
}

function baseName(uri: string): string {
  const path = decodeURIComponent(uri.replace(/[?#].*$/, ""));
  return path.slice(path.lastIndexOf("/") + 1) || "segment";
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Cells padded to their column's width (used when the server sent no `table`). */
export function alignedTable(columns: string[], rows: unknown[][]): string {
  const cells = [columns, ...rows.map((row) => row.map((v) => (v === null ? "NULL" : String(v).replace(/\n/g, " "))))];
  const widths = columns.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i])).join(" | ").trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("-+-");
  return [line(cells[0]), rule, ...cells.slice(1).map(line)].join("\n") + "\n";
}

export function previewDocument(uri: string, result: PreviewOutcome, seconds: number): { title: string; text: string } {
  const name = baseName(uri);
  const more = result.truncated ? " (more rows exist)" : "";
  const head =
    `Preview of ${name} on ${result.source}\n` +
    `${plural(result.rows.length, "row")}${more} · ${plural(result.columns.length, "column")} · ` +
    `${result.duration_s.toFixed(2)} s (${seconds.toFixed(2)} s in all)`;
  const table = result.table ?? alignedTable(result.columns, result.rows);
  const tail = result.truncated
    ? "\nMore rows exist: a preview shows at most 100 rows. Build the segment to count them all.\n"
    : "";
  return { title: `${name.replace(/\.sql$/i, "")}.preview.txt`, text: `${head}\n\n${table}${tail}` };
}

export function buildSummary(result: BuildOutcome, seconds: number): { headline: string; details: string[] } {
  const members = result.members ?? 0;
  let history = "first build of this segment";
  const diff = result.diff;
  if (diff && diff.previous) {
    history = `${diff.entered} entered, ${diff.left} left since the previous build (${diff.previousMembers} members)`;
  }
  const headline =
    `segment built on ${result.source}: ${plural(members, "member")} in ${result.duration_s.toFixed(2)} s; ` +
    history +
    (result.output ? `; ids in ${result.output}` : "");
  const details = [
    `members: ${members}`,
    `elapsed: ${result.duration_s.toFixed(2)} s in the warehouse, ${seconds.toFixed(2)} s in all`,
    `CSV: ${result.output ?? "(none written)"}`,
    `history: ${history}`,
  ];
  if (diff && diff.previous) {
    if (diff.enteredSample.length) details.push(`entered (first ${diff.enteredSample.length}): ${diff.enteredSample.join(", ")}`);
    if (diff.leftSample.length) details.push(`left (first ${diff.leftSample.length}): ${diff.leftSample.join(", ")}`);
    details.push(`see all: cdisql builds diff ${result.build_id ?? ""}`.trimEnd());
  }
  if (result.temp_table) details.push(`temporary table ${result.temp_table}: ${result.dropped ? "dropped" : "NOT dropped"}`);
  return { headline, details };
}
