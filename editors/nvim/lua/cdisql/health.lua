-- :checkhealth cdisql — is the server found, which version, and the source state.
local M = {}

local health = vim.health or require("health")
local start = health.start or health.report_start
local ok = health.ok or health.report_ok
local warn = health.warn or health.report_warn
local error = health.error or health.report_error
local info = health.info or health.report_info

local function server_cmd()
  local cdisql = require("cdisql")
  local client = cdisql.client(vim.api.nvim_get_current_buf())
  if client and client.config and type(client.config.cmd) == "table" then
    return client.config.cmd, client
  end
  if vim.lsp.config and vim.lsp.config.cdisql and type(vim.lsp.config.cdisql.cmd) == "table" then
    return vim.lsp.config.cdisql.cmd, client
  end
  return cdisql.options.cmd, client
end

function M.check()
  start("cdisql language server")
  local cmd, client = server_cmd()
  local exe = cmd[1]
  if vim.fn.executable(exe) ~= 1 then
    error(
      string.format("`%s` is not executable (from %s)", exe, table.concat(cmd, " ")),
      { "pip install cdisql, or give the absolute path: require('cdisql').setup({ cmd = { '/path/to/cdisql', 'serve' } })" }
    )
    return
  end
  ok(string.format("server found: %s", vim.fn.exepath(exe)))
  local version_cmd = { exe }
  for i = 2, #cmd do
    if cmd[i] == "serve" then
      break
    end
    table.insert(version_cmd, cmd[i])
  end
  table.insert(version_cmd, "--version")
  local version = vim.fn.system(version_cmd)
  if vim.v.shell_error == 0 then
    ok("version: " .. vim.trim(version))
  else
    warn("`" .. table.concat(version_cmd, " ") .. "` failed: " .. vim.trim(version))
  end

  start("cdisql source")
  if client == nil then
    info("no cdisql client is running for this buffer: open a .sql file to start one")
    return
  end
  local params = { command = "cdisql.status", arguments = {} }
  local response
  if vim.fn.has("nvim-0.11") == 1 then
    response = client:request_sync("workspace/executeCommand", params, 5000)
  else
    response = client.request_sync("workspace/executeCommand", params, 5000)
  end
  local status = response and response.result
  if type(status) ~= "table" then
    warn("the server did not answer cdisql.status")
    return
  end
  for _, f in ipairs(status.folders or {}) do
    local source = f.source ~= vim.NIL and f.source or nil
    local where = f.folder ~= "" and vim.uri_to_fname(f.folder) or "(no folder)"
    if source == nil then
      info(where .. ": no source (set `source` in cdisql.toml or settings.cdisql.source)")
    elseif f.state == "load-failed" then
      error(string.format("%s: source %s: %s", where, source, tostring(f.message)))
    else
      local age = require("cdisql").age(f.catalogAgeSeconds)
      age = age and (age .. " old") or "none"
      ok(string.format("%s: source %s is %s; %d tables, catalog %s", where, source, tostring(f.sourceState), f.tables or 0, age))
    end
  end
end

return M
