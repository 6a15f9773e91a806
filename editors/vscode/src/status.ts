// The status bar item: the resolved source, its state (draft/active/error) and catalog age.

export interface FolderStatus {
  folder: string;
  state: string;
  source: string | null;
  sourceState: string | null;
  tables: number;
  catalogAgeSeconds: number | null;
  message: string | null;
}

export function age(seconds: number | null): string {
  if (seconds === null) return "";
  if (seconds < 120) return `${Math.round(seconds)}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)}h`;
  return `${Math.round(seconds / 86400)}d`;
}

/** draft / active / error, as the status bar says it. */
export function sourceState(folder: FolderStatus): string {
  if (folder.state === "load-failed" && !folder.tables) return "error";
  return folder.sourceState ?? (folder.state === "load-failed" ? "error" : "no source");
}

export function statusText(
  folders: FolderStatus[],
  startError?: string,
): { text: string; tooltip: string; title: string; error: boolean } {
  if (startError) {
    return { text: "$(error) cdisql: server not running", tooltip: startError, title: startError, error: true };
  }
  const folder = folders.find((f) => f.source) ?? folders.find((f) => f.state !== "no-source") ?? folders[0];
  if (!folder || (!folder.source && folder.state === "no-source")) {
    return {
      text: "$(database) cdisql: no source",
      tooltip: "No source: pick one (Select source) or set `source` in cdisql.toml",
      title: "cdisql: no source",
      error: false,
    };
  }
  const name = folder.source ?? "catalog file";
  const state = folder.source ? sourceState(folder) : folder.state === "load-failed" ? "error" : "file";
  const icon = state === "error" ? "$(warning)" : folder.state === "loading" ? "$(sync~spin)" : "$(database)";
  const catalog =
    folder.state === "loading"
      ? "loading catalog"
      : folder.catalogAgeSeconds !== null
        ? `catalog ${age(folder.catalogAgeSeconds)} old`
        : "no catalog";
  const tooltip = [
    `cdisql source ${name}: ${state}`,
    `${folder.tables} tables, ${catalog}`,
    folder.message ?? "",
    "Click for: test connection, refresh catalog, select source, show output",
  ]
    .filter(Boolean)
    .join("\n");
  const title = `cdisql · ${name}: ${state} · ${folder.tables} tables · ${catalog}`;
  return { text: `${icon} ${name} · ${state} · ${catalog}`, tooltip, title, error: state === "error" };
}
