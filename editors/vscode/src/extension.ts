// cdisql for VS Code: starts `cdisql serve` and talks LSP to it.
//
// Documents are selected by file pattern (**/*.sql), not by language id: the
// extension works with whatever language another extension (or VS Code) gives .sql
// files, and never claims the `sql` id for itself.
import * as vscode from "vscode";
import {
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;
let statusItem: vscode.StatusBarItem | undefined;

interface FolderStatus {
  folder: string;
  state: string;
  source: string | null;
  sourceState: string | null;
  tables: number;
  catalogAgeSeconds: number | null;
  message: string | null;
}

function settingsFor(scope?: vscode.ConfigurationScope): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration("cdisql", scope);
  return {
    source: config.get("source"),
    dialect: config.get("dialect"),
    catalog: config.get("catalog"),
    lint: {
      select: config.get("lint.select"),
      ignore: config.get("lint.ignore"),
      onChange: config.get("lint.onChange"),
    },
    build: { maxRuntime: config.get("build.maxRuntime") },
  };
}

function age(seconds: number | null): string {
  if (seconds === null) return "";
  if (seconds < 120) return `${Math.round(seconds)}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  return `${Math.round(seconds / 3600)}h`;
}

function showStatus(status: { folders: FolderStatus[] }): void {
  if (!statusItem) return;
  const folder = status.folders.find((f) => f.source) ?? status.folders[0];
  if (!folder) {
    statusItem.text = "cdisql";
    return;
  }
  const name = folder.source ?? "no source";
  const icon = folder.state === "load-failed" ? "$(warning)" : folder.state === "loading" ? "$(sync~spin)" : "$(database)";
  const catalog = folder.state === "catalog-loaded" ? ` · ${folder.tables} tables, ${age(folder.catalogAgeSeconds)} old` : "";
  statusItem.text = `${icon} ${name}${catalog}`;
  statusItem.tooltip = folder.message ?? `${folder.state}${folder.sourceState ? ` (${folder.sourceState})` : ""}`;
  statusItem.show();
}

async function runOnActiveSegment(command: string): Promise<void> {
  if (!client) return;
  const editor = vscode.window.activeTextEditor;
  const args = editor ? [editor.document.uri.toString()] : [];
  // the server shows the outcome as a message and reports progress itself
  await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args });
}

function startClient(context: vscode.ExtensionContext): LanguageClient {
  const command = vscode.workspace.getConfiguration("cdisql").get<string[]>("server.command") ?? ["cdisql", "serve"];
  const serverOptions: ServerOptions = {
    command: command[0],
    args: command.slice(1),
    transport: TransportKind.stdio,
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", pattern: "**/*.sql" },
      { scheme: "untitled", language: "sql" },
    ],
    initializationOptions: settingsFor(),
    synchronize: {
      configurationSection: "cdisql",
      fileEvents: [
        vscode.workspace.createFileSystemWatcher("**/cdisql.toml"),
        vscode.workspace.createFileSystemWatcher("**/pyproject.toml"),
      ],
    },
  };
  const languageClient = new LanguageClient("cdisql", "cdisql", serverOptions, clientOptions);
  languageClient.start().then(() => {
    languageClient.onNotification("cdisql/status", showStatus);
  });
  return languageClient;
}

export function activate(context: vscode.ExtensionContext): void {
  statusItem = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 10);
  statusItem.command = "cdisql.showStatus";
  context.subscriptions.push(statusItem);
  client = startClient(context);
  const wrappers: Array<[string, string]> = [
    ["cdisql.preview", "cdisql.previewSegment"],
    ["cdisql.build", "cdisql.buildSegment"],
    ["cdisql.test", "cdisql.testConnection"],
    ["cdisql.refresh", "cdisql.refreshCatalog"],
    ["cdisql.showStatus", "cdisql.status"],
  ];
  for (const [name, serverCommand] of wrappers) {
    context.subscriptions.push(vscode.commands.registerCommand(name, () => runOnActiveSegment(serverCommand)));
  }
  context.subscriptions.push(
    vscode.commands.registerCommand("cdisql.restart", async () => {
      if (client) await client.stop();
      client = startClient(context);
    }),
  );
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
}
