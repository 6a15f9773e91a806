// cdisql for VS Code: starts `cdisql serve` and talks LSP to it.
//
// Documents are selected by file pattern (**/*.sql), not by language id: the
// extension works with whatever language another extension (or VS Code) gives .sql
// files, and never claims the `sql` id for itself.
import * as fs from "fs";
import * as path from "path";
import * as vscode from "vscode";
import {
  CancellationTokenSource,
  DidChangeConfigurationNotification,
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  MessageType,
  ServerOptions,
  ShowMessageNotification,
  State,
  TransportKind,
  WorkDoneProgress,
  WorkDoneProgressCancelNotification,
} from "vscode-languageclient/node";
import { BuildOutcome, buildSummary, PreviewOutcome, previewDocument } from "./results";
import { FolderStatus, statusText } from "./status";

const PREVIEW_SCHEME = "cdisql-preview";
const DEFAULT_SERVER = ["cdisql", "serve"];

/** The settings the server reads (see src/cdisql/lsp/settings.py); `server.*` stays here. */
const SERVER_KEYS = ["source", "dialect", "catalog", "lint.select", "lint.ignore", "lint.onChange", "build.maxRuntime"];

/** The extension's commands that run a source command on the server, with a notification. */
const SOURCE_COMMANDS: Record<string, { server: string; title: string }> = {
  "cdisql.preview": { server: "cdisql.previewSegment", title: "Previewing segment" },
  "cdisql.build": { server: "cdisql.buildSegment", title: "Building segment" },
  "cdisql.test": { server: "cdisql.testConnection", title: "Testing source connection" },
  "cdisql.refresh": { server: "cdisql.refreshCatalog", title: "Refreshing catalog" },
};
const SERVER_TO_CLIENT = Object.fromEntries(Object.entries(SOURCE_COMMANDS).map(([name, c]) => [c.server, name]));

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
let statusItem: vscode.StatusBarItem;
let startError: string | undefined;
let menuTitle = "cdisql";
let commandsRunning = 0;
const shownMessages = new Set<string>();
const previews = new Map<string, string>();
const previewChanged = new vscode.EventEmitter<vscode.Uri>();

/** The `cdisql` section the server asks for: only the keys it knows, unset ones left out. */
export function serverSettings(scope?: vscode.ConfigurationScope | null): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration("cdisql", scope ?? undefined);
  const settings: Record<string, unknown> = {};
  for (const key of SERVER_KEYS) {
    const value = config.get(key);
    if (value === null || value === undefined) continue;
    const [head, tail] = key.split(".");
    if (tail === undefined) settings[head] = value;
    else settings[head] = { ...((settings[head] as Record<string, unknown>) ?? {}), [tail]: value };
  }
  return settings;
}

function serverCommand(): string[] {
  const command = vscode.workspace.getConfiguration("cdisql").get<string[]>("server.command");
  return Array.isArray(command) && command.length > 0 ? command : DEFAULT_SERVER;
}

/** A server message: errors and warnings as a toast once per session, everything in Output. */
function showServerMessage(type: MessageType, message: string): void {
  const levels: Record<number, string> = { [MessageType.Error]: "error", [MessageType.Warning]: "warning", [MessageType.Info]: "info" };
  const level = levels[type];
  output.appendLine(`[${level ?? "log"}] ${message}`);
  // a source command shows its own outcome; the server's copy of it goes to Output only
  if (commandsRunning > 0 || type === MessageType.Info || type === MessageType.Log) return;
  if (shownMessages.has(message)) return;
  shownMessages.add(message);
  if (type === MessageType.Error) void vscode.window.showErrorMessage(message, "Show output").then(openOutput);
  else void vscode.window.showWarningMessage(message, "Show output").then(openOutput);
}

function openOutput(choice?: string): void {
  if (choice === "Show output") output.show(true);
}

function showStatus(status: { folders?: FolderStatus[] } | undefined): void {
  const folders = status?.folders ?? [];
  const shown = statusText(folders, startError);
  statusItem.text = shown.text;
  statusItem.tooltip = shown.tooltip;
  menuTitle = shown.title;
  statusItem.backgroundColor = shown.error ? new vscode.ThemeColor("statusBarItem.errorBackground") : undefined;
  statusItem.show();
}

async function refreshStatus(): Promise<void> {
  if (!client || client.state !== State.Running) return;
  try {
    showStatus(await client.sendRequest(ExecuteCommandRequest.type, { command: "cdisql.status", arguments: [] }));
  } catch (error) {
    output.appendLine(`status: ${String(error)}`);
  }
}

async function serverNotRunning(): Promise<void> {
  const why = startError ?? "the language server is not running";
  const choice = await vscode.window.showErrorMessage(
    `cdisql: ${why}. Set the server path (an absolute path to \`cdisql\`), then restart.`,
    "Set server path…",
    "Show output",
  );
  if (choice === "Set server path…") await setServerPath();
  else openOutput(choice);
}

async function setServerPath(): Promise<void> {
  const current = serverCommand();
  const picked = await vscode.window.showInputBox({
    title: "cdisql: path of the language server",
    prompt: "Absolute path of the `cdisql` executable (e.g. /home/you/.venv/bin/cdisql); `serve` is added",
    value: current[0],
    ignoreFocusOut: true,
  });
  if (!picked) return;
  await vscode.workspace
    .getConfiguration("cdisql")
    .update("server.command", [picked.trim(), "serve"], vscode.ConfigurationTarget.Global);
  await restart();
}

function segmentUri(args: unknown[]): string | undefined {
  const given = args.find((a) => typeof a === "string") as string | undefined;
  if (given) return given;
  const editor = vscode.window.activeTextEditor;
  return editor && editor.document.uri.scheme !== PREVIEW_SCHEME ? editor.document.uri.toString() : undefined;
}

/** Run a source command with a cancellable notification; show its outcome. */
async function runSourceCommand(name: string, args: unknown[] = []): Promise<void> {
  const spec = SOURCE_COMMANDS[name];
  if (!client || client.state !== State.Running) return serverNotRunning();
  const running = client;
  const uri = segmentUri(args);
  const token = `cdisql-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const started = Date.now();
  commandsRunning++;
  let result: Record<string, unknown> | undefined;
  try {
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `cdisql: ${spec.title}`, cancellable: true },
      async (progress, cancel) => {
        const request = new CancellationTokenSource();
        const listener = running.onProgress(WorkDoneProgress.type, token, (value) => {
          if (value.kind !== "end" && value.message) progress.report({ message: value.message });
        });
        const onCancel = cancel.onCancellationRequested(() => {
          // the server stops the job and answers how it ended (query stopped, table dropped);
          // the request itself is only given up if that answer does not come
          void running.sendNotification(WorkDoneProgressCancelNotification.type, { token });
          setTimeout(() => request.cancel(), 30_000);
        });
        try {
          const options = { uri, workDoneToken: token };
          return await running.sendRequest(
            ExecuteCommandRequest.type,
            { command: spec.server, arguments: uri ? [uri, options] : [options] },
            request.token,
          );
        } catch (error) {
          if (cancel.isCancellationRequested) {
            return { status: "cancelled", message: "the server did not confirm within 30 s; see the Output" };
          }
          throw error;
        } finally {
          listener.dispose();
          onCancel.dispose();
          request.dispose();
        }
      },
    );
  } catch (error) {
    result = { status: "error", message: String(error) };
  } finally {
    commandsRunning--;
  }
  await showOutcome(name, uri, result ?? {}, (Date.now() - started) / 1000);
  void refreshStatus();
}

async function showOutcome(name: string, uri: string | undefined, result: Record<string, unknown>, seconds: number) {
  const message = String(result.message ?? result.status ?? "done");
  output.appendLine(`${name}: ${message}`);
  if (result.status === "cancelled") {
    const said = /cancel/i.test(message) ? message : `cancelled: ${message}`;
    void vscode.window.showInformationMessage(`cdisql: ${SOURCE_COMMANDS[name].title}: ${said}`);
    return;
  }
  if (result.status !== "ok") {
    const choice = await vscode.window.showErrorMessage(`cdisql: ${message}`, "Show output");
    return openOutput(choice);
  }
  if (name === "cdisql.preview") {
    const doc = previewDocument(uri ?? "segment", result as unknown as PreviewOutcome, seconds);
    const target = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${doc.title}` });
    previews.set(target.toString(), doc.text);
    previewChanged.fire(target);
    const opened = await vscode.workspace.openTextDocument(target);
    await vscode.window.showTextDocument(opened, { viewColumn: vscode.ViewColumn.Beside, preview: false });
    return;
  }
  if (name === "cdisql.build") {
    const build = result as unknown as BuildOutcome;
    const summary = buildSummary(build, seconds);
    summary.details.forEach((line) => output.appendLine(`  ${line}`));
    const buttons = build.output ? ["Open CSV", "Show output"] : ["Show output"];
    const choice = await vscode.window.showInformationMessage(`cdisql: ${summary.headline}`, ...buttons);
    if (choice === "Open CSV" && build.output) {
      await vscode.window.showTextDocument(vscode.Uri.file(build.output), { preview: true });
    } else openOutput(choice);
    return;
  }
  void vscode.window.showInformationMessage(`cdisql: ${message}`);
}

async function selectSource(): Promise<void> {
  if (!client || client.state !== State.Running) return serverNotRunning();
  const listed = (await client.sendRequest(ExecuteCommandRequest.type, {
    command: "cdisql.listSources",
    arguments: [],
  })) as { sources?: Array<{ name: string; type: string; schema: string; state: string }> } | null;
  const sources = listed?.sources ?? [];
  if (sources.length === 0) {
    void vscode.window.showWarningMessage(
      "cdisql: no sources yet: add one with `cdisql sources add`, or run `cdisql demo` for the embedded demo",
    );
    return;
  }
  const folder = vscode.window.activeTextEditor
    ? vscode.workspace.getWorkspaceFolder(vscode.window.activeTextEditor.document.uri)
    : vscode.workspace.workspaceFolders?.[0];
  const current = vscode.workspace.getConfiguration("cdisql", folder?.uri).get<string | null>("source");
  const picked = await vscode.window.showQuickPick(
    sources.map((s) => ({
      label: s.name,
      description: `${s.type} · ${s.schema} · ${s.state}`,
      detail: s.name === current ? "selected for this workspace" : undefined,
    })),
    { title: "cdisql: source of this workspace", placeHolder: "written to the workspace setting cdisql.source" },
  );
  if (!picked) return;
  await vscode.workspace
    .getConfiguration("cdisql", folder?.uri)
    .update("source", picked.label, vscode.ConfigurationTarget.Workspace);
  void vscode.window.showInformationMessage(`cdisql: source ${picked.label} selected for this workspace`);
}

async function statusMenu(): Promise<void> {
  const items: Array<vscode.QuickPickItem & { command: string }> = [
    { label: "$(plug) Test connection", command: "cdisql.test" },
    { label: "$(refresh) Refresh catalog", command: "cdisql.refresh" },
    { label: "$(database) Select source…", command: "cdisql.selectSource" },
    { label: "$(output) Show output", command: "cdisql.showOutput" },
    { label: "$(debug-restart) Restart language server", command: "cdisql.restart" },
  ];
  if (startError) items.unshift({ label: "$(gear) Set server path…", command: "cdisql.setServerPath" });
  const picked = await vscode.window.showQuickPick(items, { title: menuTitle });
  if (picked) await vscode.commands.executeCommand(picked.command);
}

function createClient(): LanguageClient {
  const [command, ...args] = serverCommand();
  const serverOptions: ServerOptions = { command, args, transport: TransportKind.stdio };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", pattern: "**/*.sql" },
      { scheme: "untitled", language: "sql" },
    ],
    outputChannel: output,
    initializationOptions: serverSettings(),
    // no `synchronize.configurationSection`: it would send the whole section, `server.*` included
    synchronize: {
      fileEvents: [
        vscode.workspace.createFileSystemWatcher("**/cdisql.toml"),
        vscode.workspace.createFileSystemWatcher("**/pyproject.toml"),
      ],
    },
    middleware: {
      workspace: {
        configuration: async (params, token, next) => {
          const answers = await next(params, token);
          if (!Array.isArray(answers)) return answers;
          return params.items.map((item, i) =>
            item.section === "cdisql"
              ? serverSettings(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined)
              : answers[i],
          );
        },
      },
      // code lenses and the palette run source commands through the same notification
      executeCommand: (name, args, next) => {
        const own = SERVER_TO_CLIENT[name];
        return own ? runSourceCommand(own, args) : next(name, args);
      },
    },
    initializationFailedHandler: (error) => {
      startError = `the language server failed to initialize: ${String(error)}`;
      return false;
    },
  };
  return new LanguageClient("cdisql", "cdisql", serverOptions, clientOptions);
}

/** Whether `command` names an executable file, as the extension host's PATH finds it. */
function findExecutable(command: string): boolean {
  const candidates = command.includes(path.sep)
    ? [command]
    : (process.env.PATH ?? "").split(path.delimiter).map((dir) => path.join(dir, command));
  return candidates.some((file) => {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  });
}

function cannotStart(reason: string): void {
  startError = reason;
  output.appendLine(startError);
  showStatus(undefined);
  void serverNotRunning();
}

async function start(): Promise<void> {
  startError = undefined;
  const [executable] = serverCommand();
  if (!findExecutable(executable)) {
    // said once, by us, instead of the language client's generic "couldn't create connection"
    return cannotStart(
      `cannot start the language server: \`${serverCommand().join(" ")}\` was not found ` +
        "(the extension host uses a login shell's PATH)",
    );
  }
  client = createClient();
  const running = client;
  try {
    await running.start();
  } catch (error) {
    const command = serverCommand().join(" ");
    const reason = String((error as Error)?.message ?? error);
    return cannotStart(`cannot start the language server \`${command}\`: ${reason}`);
  }
  running.onNotification(ShowMessageNotification.type, (params) => showServerMessage(params.type, params.message));
  running.onNotification("cdisql/status", showStatus);
  void refreshStatus();
}

async function restart(): Promise<void> {
  const old = client;
  client = undefined;
  if (old && old.state === State.Running) {
    try {
      await old.stop();
    } catch (error) {
      output.appendLine(`stopping the server: ${String(error)}`);
    }
  }
  shownMessages.clear();
  await start();
}

export function activate(context: vscode.ExtensionContext): void {
  output = vscode.window.createOutputChannel("cdisql");
  statusItem = vscode.window.createStatusBarItem("cdisql.status", vscode.StatusBarAlignment.Left, 10);
  statusItem.name = "cdisql source";
  statusItem.command = "cdisql.showStatus";
  statusItem.text = "$(sync~spin) cdisql";
  statusItem.show();
  context.subscriptions.push(output, statusItem, previewChanged);
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, {
      onDidChange: previewChanged.event,
      provideTextDocumentContent: (uri) => previews.get(uri.toString()) ?? "(this preview is gone: run it again)",
    }),
  );
  for (const name of Object.keys(SOURCE_COMMANDS)) {
    context.subscriptions.push(vscode.commands.registerCommand(name, () => runSourceCommand(name)));
  }
  context.subscriptions.push(
    vscode.commands.registerCommand("cdisql.showStatus", statusMenu),
    vscode.commands.registerCommand("cdisql.selectSource", selectSource),
    vscode.commands.registerCommand("cdisql.setServerPath", setServerPath),
    vscode.commands.registerCommand("cdisql.showOutput", () => output.show(true)),
    vscode.commands.registerCommand("cdisql.restart", restart),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("cdisql.server")) {
        void restart();
      } else if (event.affectsConfiguration("cdisql") && client?.state === State.Running) {
        // the server then asks for each folder's settings (workspace/configuration)
        void client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
      }
    }),
  );
  void start();
}

export async function deactivate(): Promise<void> {
  if (client && client.state === State.Running) await client.stop();
}
