// End-to-end test of the packaged extension in a real VS Code: code-server (which bundles
// VS Code) driven by Debian's Chromium through puppeteer-core. It installs the .vsix,
// opens a workspace on the embedded demo source and checks, in the page, what a user
// sees: the CDI103 squiggle and its Problems entry, completion after `FROM `, hover on a
// table, the preview table, the build summary, the status bar and its menu, Cancel
// stopping a running build, no warning toast, then the error when the server is missing.
// A PNG screenshot of each step goes to the artefacts folder.
//
//   node e2e/run.mjs --vsix cdisql.vsix --artifacts DIR --server /path/to/cdisql
//
// Node, code-server and Chromium come from scripts/install-vscode-e2e.sh (its e2e.env;
// CDISQL_E2E_NODE, CDISQL_E2E_CODE_SERVER, CDISQL_E2E_CHROMIUM override it). All state
// (HOME, XDG dirs, VS Code's user data and extensions) lives in a fresh temporary folder.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import puppeteer from "puppeteer-core";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "../../..");
const STEP_TIMEOUT = 60_000;

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) args[argv[i].replace(/^--/, "")] = argv[i + 1];
  return args;
}

function tools() {
  const cache = process.env.CDISQL_EDITORS_CACHE ?? path.join(os.homedir(), ".cache", "cdisql-editors");
  const found = {};
  const envFile = path.join(cache, "e2e.env");
  if (fs.existsSync(envFile)) {
    for (const line of fs.readFileSync(envFile, "utf8").split("\n")) {
      const at = line.indexOf("=");
      if (at > 0) found[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  const pick = (name) => process.env[name] ?? found[name];
  const result = {
    node: pick("CDISQL_E2E_NODE"),
    codeServer: pick("CDISQL_E2E_CODE_SERVER"),
    chromium: pick("CDISQL_E2E_CHROMIUM") ?? "/usr/bin/chromium",
  };
  for (const [name, file] of Object.entries(result)) {
    if (!file || !fs.existsSync(file)) {
      throw new Error(`${name} not found (${file ?? "unset"}): run scripts/install-vscode-e2e.sh`);
    }
  }
  return result;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function until(what, check, timeout = STEP_TIMEOUT) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await check();
      if (last) return last;
    } catch (error) {
      last = error;
    }
    await sleep(250);
  }
  throw new Error(`timed out after ${timeout / 1000}s waiting for ${what} (last: ${String(last)})`);
}

function writeJson(file, data) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(data, null, 2));
}

function prepare(root, serverCommand) {
  const home = path.join(root, "home");
  const env = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, ".config"),
    XDG_DATA_HOME: path.join(home, ".local", "share"),
    XDG_CACHE_HOME: path.join(home, ".cache"),
    XDG_STATE_HOME: path.join(home, ".local", "state"),
  };
  for (const key of ["XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"]) {
    fs.mkdirSync(env[key], { recursive: true });
  }
  // the embedded demo source (DuckDB), registered and tested, in the isolated XDG dirs
  const demo = spawnSync(serverCommand, ["demo"], { env, encoding: "utf8" });
  if (demo.status !== 0) throw new Error(`cdisql demo failed:\n${demo.stdout}\n${demo.stderr}`);

  const workspace = path.join(root, "segments");
  fs.mkdirSync(workspace, { recursive: true });
  fs.writeFileSync(path.join(workspace, "cdisql.toml"), 'source = "demo"\n');
  for (const name of fs.readdirSync(path.join(REPO, "fixtures", "demo", "segments"))) {
    fs.copyFileSync(path.join(REPO, "fixtures", "demo", "segments", name), path.join(workspace, name));
  }
  fs.writeFileSync(path.join(workspace, "wrong_column.sql"), "SELECT user_id\nFROM users\n");
  fs.writeFileSync(path.join(workspace, "new_segment.sql"), "SELECT external_id AS external_user_id\nFROM");
  // billions of rows: runs until cancelled
  fs.writeFileSync(
    path.join(workspace, "slow_segment.sql"),
    "SELECT CAST(a.user_id + b.user_id + c.user_id AS VARCHAR) AS external_user_id\n" +
      "FROM users AS a CROSS JOIN users AS b CROSS JOIN users AS c\n",
  );

  const userData = path.join(root, "user-data");
  const settings = {
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": false,
    "workbench.enableExperiments": false,
    "security.workspace.trust.enabled": false,
    "telemetry.telemetryLevel": "off",
    "update.mode": "none",
    "extensions.autoUpdate": false,
    "extensions.ignoreRecommendations": true,
    "editor.minimap.enabled": false,
    "window.commandCenter": false,
    "chat.disableAIFeatures": true,
    "workbench.colorTheme": "Default Light Modern",
    "workbench.secondarySideBar.defaultVisibility": "hidden",
    // the extension host takes PATH from a login shell: give the server's absolute path
    "cdisql.server.command": [serverCommand, "serve"],
  };
  writeJson(path.join(userData, "User", "settings.json"), settings);
  writeJson(path.join(userData, "Machine", "settings.json"), { "cdisql.server.command": [serverCommand, "serve"] });
  return { env, workspace, userData, extensions: path.join(root, "extensions") };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const vsix = path.resolve(args.vsix ?? path.join(HERE, "..", "cdisql.vsix"));
  const artifacts = path.resolve(args.artifacts ?? path.join(HERE, "..", "e2e-artifacts"));
  const serverCommand = path.resolve(args.server ?? "cdisql");
  const { node, codeServer, chromium } = tools();
  fs.mkdirSync(artifacts, { recursive: true });
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "cdisql-vscode-e2e-"));
  const { env, workspace, userData, extensions } = prepare(root, serverCommand);
  const csEnv = { ...env, PATH: `${path.dirname(node)}:${env.PATH}` };
  const common = ["--user-data-dir", userData, "--extensions-dir", extensions];

  const installed = spawnSync(node, [codeServer, ...common, "--install-extension", vsix], {
    env: csEnv,
    encoding: "utf8",
  });
  if (installed.status !== 0 || !/successfully installed/i.test(installed.stdout + installed.stderr)) {
    throw new Error(`installing ${vsix} failed:\n${installed.stdout}\n${installed.stderr}`);
  }
  console.log(`installed ${path.basename(vsix)} into code-server`);

  const port = await freePort();
  const log = fs.openSync(path.join(artifacts, "code-server.log"), "w");
  const server = spawn(
    node,
    [
      codeServer,
      "--bind-addr",
      `127.0.0.1:${port}`,
      "--auth",
      "none",
      "--disable-telemetry",
      "--disable-update-check",
      "--disable-workspace-trust",
      "--reconnection-grace-time",
      "30",
      ...common,
      workspace,
    ],
    { env: csEnv, stdio: ["ignore", log, log], detached: true },
  );
  let browser;
  let page;
  const toasts = new Set();
  const checks = [];
  const pass = (text) => {
    checks.push(text);
    console.log(`ok: ${text}`);
  };
  try {
    await until("code-server to listen", async () => {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null);
      return res && res.ok;
    });
    browser = await puppeteer.launch({
      executablePath: chromium,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--window-size=1400,900"],
      defaultViewport: { width: 1400, height: 900 },
      userDataDir: path.join(root, "chromium"),
    });
    page = await browser.newPage();
    page.on("pageerror", (e) => fs.appendFileSync(path.join(artifacts, "page.log"), `${e}\n`));
    const shot = async (name) => {
      await sleep(400);
      await page.screenshot({ path: path.join(artifacts, `vscode-${name}.png`) });
    };
    const text = (selector) =>
      page.evaluate(
        (s) => [...document.querySelectorAll(s)].map((e) => (e.textContent ?? "").replace(/\u00a0/g, " ")).join("\n"),
        selector,
      );
    const collectToasts = async () => {
      const found = await page.evaluate(() =>
        [...document.querySelectorAll(".notifications-toasts .notification-list-item")].map((item) => ({
          severity: item.querySelector(".notification-list-item-icon")?.className ?? "",
          message: item.querySelector(".notification-list-item-message")?.textContent ?? "",
        })),
      );
      for (const t of found) toasts.add(JSON.stringify(t));
      return found;
    };
    const command = async (title) => {
      await page.keyboard.press("Escape");
      await page.keyboard.press("F1");
      await page.waitForSelector(".quick-input-widget input", { visible: true });
      await page.keyboard.type(title);
      await until(`"${title}" in the command palette`, async () =>
        (await text(".quick-input-widget .monaco-list-row")).toLowerCase().includes(title.toLowerCase()),
      );
      await page.keyboard.press("Enter");
    };
    const open = async (name) => {
      await page.keyboard.press("Escape");
      await page.keyboard.down("Control");
      await page.keyboard.press("p");
      await page.keyboard.up("Control");
      await page.waitForSelector(".quick-input-widget input", { visible: true });
      await page.keyboard.type(name);
      await until(`${name} first in quick open`, async () =>
        (await text(".quick-input-widget .monaco-list-row.focused")).includes(name),
      );
      await page.keyboard.press("Enter");
      await until(`${name} to open`, async () => (await text(".tabs-container .tab.active")).includes(name));
    };
    const goTo = async (where) => {
      await command("Go to Line/Column...");
      await page.keyboard.type(where);
      await page.keyboard.press("Enter");
      const [line, column] = where.split(":");
      await until(`the cursor at ${where}`, async () => (await text(".statusbar-item")).includes(`Ln ${line}, Col ${column}`));
    };
    const interval = setInterval(() => void collectToasts().catch(() => {}), 500);

    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`, { waitUntil: "domcontentloaded" });
    await page.waitForSelector(".monaco-workbench", { timeout: STEP_TIMEOUT });
    await until("the explorer to list the segments", async () => (await text(".explorer-folders-view")).includes("wrong_column.sql"));

    // 1. the CDI103 squiggle and its Problems entry
    await open("wrong_column.sql");
    await until("an error squiggle", () => page.$(".view-overlays .squiggly-error, .squiggly-error"));
    await command("View: Focus Problems");
    const problems = await until("CDI103 in the Problems panel", async () => {
      const t = await text(".markers-panel .monaco-list-row");
      return t.includes("CDI103") ? t : false;
    });
    if (!/external_user_id/.test(problems)) throw new Error(`the CDI103 entry does not say what to do: ${problems}`);
    pass("CDI103 squiggle and Problems entry");
    await shot("diagnostics");

    // 2. status bar: the demo source, active, with the catalog's age
    const status = await until("the status bar to show demo active", async () => {
      const t = await text("#workbench\\.parts\\.statusbar .statusbar-item");
      return /demo · active · catalog \S+ old/.test(t) ? t.match(/demo · active · catalog \S+ old/)[0] : false;
    });
    pass(`status bar: ${status}`);

    // 3. completion after FROM lists the demo tables
    await open("new_segment.sql");
    await goTo("2:5"); // after `FROM`
    await page.keyboard.type(" ");
    await sleep(1500);
    if (!(await page.$(".suggest-widget.visible"))) {
      await page.keyboard.down("Control");
      await page.keyboard.press("Space");
      await page.keyboard.up("Control");
    }
    const suggestions = await until("completion with the demo tables", async () => {
      const labels = await page.evaluate(() =>
        [...document.querySelectorAll(".suggest-widget.visible .monaco-list-row")].map((r) => r.getAttribute("aria-label") ?? r.textContent),
      );
      const joined = labels.join(" | ");
      return ["users", "orders", "events", "recent_orders"].every((t) => joined.includes(t)) ? joined : false;
    });
    pass(`completion after FROM: ${suggestions.slice(0, 120)}`);
    await shot("completion");
    await page.keyboard.press("Escape");
    await page.keyboard.down("Control");
    await page.keyboard.press("z");
    await page.keyboard.up("Control");

    // 4. hover on a table: its description and columns
    await open("big_spenders.sql");
    await page.evaluate(() => {}); // the editor is focused by quick open
    await goTo("3:7"); // on `users`
    await command("Show or Focus Hover");
    const hover = await until("the hover of table users", async () => {
      const t = await text(".monaco-hover .hover-contents, .monaco-hover-content");
      return t.includes("One row per registered user") ? t : false;
    });
    if (!hover.includes("external_id")) throw new Error(`the hover lists no columns: ${hover}`);
    const clipped = await page.evaluate(() => {
      // the content scrolls inside the box when it does not fit: compare their sizes
      const box = document.querySelector(".monaco-hover .monaco-scrollable-element") ?? document.querySelector(".monaco-hover");
      const content = document.querySelector(".monaco-hover .hover-contents") ?? box;
      if (!box || !content) return "no hover";
      const outer = box.getBoundingClientRect();
      const inner = content.getBoundingClientRect();
      const wide = content.scrollWidth > content.clientWidth + 1 || inner.right > outer.right + 1;
      const tall = inner.bottom > outer.bottom + 1;
      return wide || tall ? `content ${Math.round(inner.width)}x${Math.round(inner.height)} in a ${Math.round(outer.width)}x${Math.round(outer.height)} box` : null;
    });
    if (clipped) throw new Error(`the hover clips its column table: ${clipped}`);
    pass("hover on users with its description and columns, not clipped");
    await shot("hover");
    await page.keyboard.press("Escape");

    // 5. preview: the rows in the table view
    await open("premium_opt_in.sql");
    await command("cdisql: Preview segment");
    const preview = await until("the preview table", async () => {
      const t = await text(".editor-group-container .monaco-editor .view-lines");
      return t.includes("100 rows (more rows exist)") && /user_000\d\d/.test(t) ? t : false;
    });
    if (!/external_user_id/.test(preview)) throw new Error(`the preview shows no column names: ${preview.slice(0, 300)}`);
    pass("preview: 100 rows with column names, elapsed time, more rows exist");
    await shot("preview");
    await command("View: Close All Editors");

    // 6. build: the member count, elapsed time and CSV path
    await open("big_spenders.sql");
    await command("cdisql: Build segment");
    const built = await until("the build summary", async () => {
      const found = await collectToasts();
      const t = found.map((f) => f.message).join("\n");
      return /860 members/.test(t) ? t : false;
    });
    if (!/\.csv/.test(built) || !/(entered, \d+ left|first build of this segment)/.test(built)) throw new Error(`build summary: ${built}`);
    pass(`build: ${built.split("\n").find((l) => l.includes("860 members"))}`);
    await until("the build's progress notification to close", async () =>
      (await collectToasts()).every((t) => !t.message.includes("Building segment:")),
    );
    await shot("build");

    // 7. the status bar's menu
    await page.keyboard.press("Escape");
    await page.click("#workbench\\.parts\\.statusbar .statusbar-item[id*='cdisql'] a, #workbench\\.parts\\.statusbar .statusbar-item[id*='cdisql']");
    await until("the source menu", async () => (await text(".quick-input-widget .monaco-list-row")).includes("Select source"));
    pass("the status bar item opens test connection / refresh catalog / select source / show output");
    await shot("status");
    // Select source… lists the sources and writes the workspace setting
    await page.keyboard.type("Select source");
    await until("Select source to be the only entry", async () =>
      (await text(".quick-input-widget .monaco-list-row.focused")).includes("Select source"),
    );
    await page.keyboard.press("Enter");
    await until("the list of sources", async () => (await text(".quick-input-widget .monaco-list-row")).includes("duckdb · main · active"));
    await page.keyboard.type("demo");
    await page.keyboard.press("Enter");
    const written = await until("the workspace setting cdisql.source", async () => {
      const file = path.join(workspace, ".vscode", "settings.json");
      return fs.existsSync(file) && JSON.parse(fs.readFileSync(file, "utf8"))["cdisql.source"] === "demo";
    });
    if (written) pass("Select source wrote cdisql.source = demo to .vscode/settings.json");
    await page.keyboard.press("Escape");

    // 8. Cancel in the progress notification stops a build on the server
    await page.evaluate(() => document.querySelectorAll(".notifications-toasts .codicon-notifications-clear").forEach((b) => b.click()));
    await command("Notifications: Clear All Notifications");
    await open("slow_segment.sql");
    await command("cdisql: Build segment");
    const cancel = await until("the build's progress notification with Cancel", async () => {
      const buttons = await page.$$(".notifications-toasts .notification-toast .monaco-button");
      for (const button of buttons) {
        if ((await button.evaluate((b) => b.textContent)) === "Cancel") return button;
      }
      return false;
    });
    await sleep(2000); // the query is running in DuckDB by now
    await shot("cancel");
    await cancel.click();
    const cancelled = await until("the build to report its cancellation", async () => {
      const t = (await collectToasts()).map((f) => f.message).join("\n");
      return /Building segment: cancelled: .*stopped on request.*dropped/.test(t) ? t : false;
    });
    pass(`cancel: ${cancelled.split("\n").find((l) => l.includes("cancelled"))}`);

    clearInterval(interval);
    await collectToasts();
    const bad = [...toasts].map((t) => JSON.parse(t)).filter((t) => /warning|error/.test(t.severity));
    if (bad.length) throw new Error(`warning or error toasts appeared: ${JSON.stringify(bad)}`);
    pass("no warning or error toast");

    // 9. a server that cannot start says so, and offers to set its path
    await page.keyboard.press("Escape");
    await command("Notifications: Clear All Notifications");
    const missing = path.join(root, "no-such-venv", "bin", "cdisql");
    for (const scope of ["User", "Machine"]) {
      // the Machine settings override the user's for this machine-overridable setting
      const file = path.join(userData, scope, "settings.json");
      writeJson(file, { ...JSON.parse(fs.readFileSync(file, "utf8")), "cdisql.server.command": [missing, "serve"] });
    }
    const failed = await until("the error about the missing server", async () => {
      const t = (await collectToasts()).map((f) => f.message).join("\n");
      return t.includes("was not found") ? t : false;
    });
    await sleep(1500);
    const errors = (await collectToasts()).filter((t) => /error/.test(t.severity));
    if (errors.length !== 1) throw new Error(`one error toast expected, not ${JSON.stringify(errors)}`);
    const offer = await until("a Set server path button", async () => (await text(".notifications-toasts .monaco-button")).includes("Set server path"));
    const statusNow = await text("#workbench\\.parts\\.statusbar .statusbar-item");
    if (!offer || !statusNow.includes("server not running")) throw new Error(`status bar: ${statusNow}`);
    pass(`server not found: ${failed.split("\n").find((l) => l.includes("not found"))}`);
    await shot("server-missing");
    fs.writeFileSync(path.join(artifacts, "checks.txt"), checks.join("\n") + "\n");
    console.log("E2E OK");
  } catch (error) {
    if (page) await page.screenshot({ path: path.join(artifacts, "vscode-failure.png") }).catch(() => {});
    throw error;
  } finally {
    if (browser) await browser.close().catch(() => {});
    try {
      process.kill(-server.pid, "SIGTERM");
    } catch {
      // already gone
    }
    await sleep(500);
    try {
      process.kill(-server.pid, "SIGKILL");
    } catch {
      // already gone
    }
    fs.rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  }
}

main().catch((error) => {
  console.error(`E2E FAILED: ${error.stack ?? error}`);
  process.exit(1);
});
