-- cdisql for Neovim 0.7 to 0.12: the cdisql language server (`cdisql serve`) for SQL buffers.
--
-- Neovim 0.11+: the plugin ships lsp/cdisql.lua, so the native way works:
--   vim.lsp.config("cdisql", { settings = { cdisql = { source = "prod" } } })  -- optional
--   vim.lsp.enable("cdisql")
-- Any version (0.7+), or to pass options in one call:
--   require("cdisql").setup({
--     cmd = { "cdisql", "serve" },          -- how to start the server
--     filetypes = { "sql" },                -- buffers to attach to
--     settings = { dialect = "snowflake", source = "prod", lint = { ignore = { "CDI308" } } },
--   })
--
-- `settings` is the `cdisql` section: sent as initializationOptions and answered to
-- workspace/configuration, always as a JSON object. Commands (plugin/cdisql.lua):
-- :CdisqlPreview, :CdisqlBuild, :CdisqlTestSource, :CdisqlRefreshCatalog, :CdisqlStatus.
-- Progress arrives through $/progress (vim.lsp.status() on 0.10+, fidget-style plugins).
-- :checkhealth cdisql says whether the server is found, its version and the source state.
local M = {}

local LIST_SETTINGS = { select = true, ignore = true }

local defaults = {
  cmd = { "cdisql", "serve" },
  filetypes = { "sql" },
  root_markers = { "cdisql.toml", "pyproject.toml", ".git" },
  settings = {},
  on_attach = nil,
  capabilities = nil,
}

M.options = vim.deepcopy(defaults)
M.status = nil -- the last cdisql/status the server sent
local running = 0 -- source commands in flight: their outcome is shown by the command
local shown = {} -- server messages already shown once
local legacy_clients = {} -- Neovim 0.7: root folder -> client id

local function has(version)
  return vim.fn.has("nvim-" .. version) == 1
end

local uv = vim.uv or vim.loop

local function notify(message, level)
  vim.schedule(function()
    vim.notify("cdisql: " .. message, level or vim.log.levels.INFO)
  end)
end

--- The settings as a JSON object: an empty Lua table would be encoded as `[]`.
function M.as_object(value, key)
  if type(value) ~= "table" then
    return value
  end
  if next(value) == nil then
    return LIST_SETTINGS[key] and value or vim.empty_dict()
  end
  local out = {}
  for k, v in pairs(value) do
    out[k] = M.as_object(v, k)
  end
  return out
end

local function find_root(path, markers)
  local dir = vim.fn.fnamemodify(path, ":p:h")
  while dir and dir ~= "" do
    for _, marker in ipairs(markers) do
      if uv.fs_stat(dir .. "/" .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ":h")
    if parent == dir then
      break
    end
    dir = parent
  end
  return vim.fn.getcwd()
end

--- window/showMessage: errors and warnings once per session; a command's own outcome
--- is shown by the command, so the server's copy of it is not repeated.
local function show_message(_, result, ctx)
  if type(result) ~= "table" or type(result.message) ~= "string" then
    return vim.NIL
  end
  local levels = { vim.log.levels.ERROR, vim.log.levels.WARN, vim.log.levels.INFO, vim.log.levels.DEBUG }
  local level = levels[result.type] or vim.log.levels.INFO
  if running > 0 or shown[result.message] then
    return vim.NIL
  end
  shown[result.message] = true
  vim.schedule(function()
    vim.notify(result.message, level)
  end)
  return vim.NIL
end

M.handlers = {
  ["cdisql/status"] = function(_, result)
    M.status = result
  end,
  ["window/showMessage"] = show_message,
}

--- The configuration for vim.lsp.config / vim.lsp.start / vim.lsp.start_client.
function M.config(opts)
  opts = opts or M.options
  local settings = M.as_object(opts.settings or {})
  return {
    name = "cdisql",
    cmd = opts.cmd,
    filetypes = opts.filetypes,
    root_markers = opts.root_markers,
    init_options = settings,
    settings = { cdisql = settings },
    capabilities = opts.capabilities,
    handlers = M.handlers,
    on_attach = opts.on_attach,
  }
end

--- Start (or reuse) the server for the buffer's project and attach the buffer (0.7–0.10).
function M.start(bufnr, opts)
  opts = opts or M.options
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == "" then
    return nil
  end
  local config = M.config(opts)
  config.root_dir = find_root(name, opts.root_markers)
  config.workspace_folders = { { uri = vim.uri_from_fname(config.root_dir), name = config.root_dir } }
  config.capabilities = config.capabilities or vim.lsp.protocol.make_client_capabilities()
  if vim.lsp.start then -- 0.8+: reuses the client of the same name and root
    return vim.lsp.start(config, { bufnr = bufnr })
  end
  local id = legacy_clients[config.root_dir]
  if id == nil or vim.lsp.get_client_by_id(id) == nil then
    id = vim.lsp.start_client(config)
    if id == nil then
      notify("cannot start " .. table.concat(opts.cmd, " "), vim.log.levels.ERROR)
      return nil
    end
    legacy_clients[config.root_dir] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

--- The cdisql client attached to the buffer (or any running one).
function M.client(bufnr)
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  local any
  -- filtered by hand too: Neovim 0.7's get_active_clients takes no filter
  for _, client in ipairs(get({ name = "cdisql" })) do
    if client.name == "cdisql" then
      if bufnr and vim.lsp.buf_is_attached(bufnr, client.id) then
        return client
      end
      any = any or client
    end
  end
  return any
end

local function request(client, method, params, handler, bufnr)
  if has("0.11") then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

local function plural(n, word)
  return string.format("%d %s%s", n, word, n == 1 and "" or "s")
end

local function seconds(value)
  return string.format("%.2f s", tonumber(value) or 0)
end

--- The preview's rows in a scratch buffer: an aligned table under a summary line.
function M.show_preview(segment, result)
  local rows = result.rows or {}
  local more = result.truncated and " (more rows exist)" or ""
  local lines = {
    string.format("Preview of %s on %s", vim.fn.fnamemodify(segment, ":t"), tostring(result.source)),
    string.format(
      "%s%s · %s · %s",
      plural(#rows, "row"),
      more,
      plural(#(result.columns or {}), "column"),
      seconds(result.duration_s)
    ),
    "",
  }
  for _, line in ipairs(vim.split(result.table or "", "\n", { plain = true, trimempty = true })) do
    table.insert(lines, line)
  end
  if result.truncated then
    table.insert(lines, "")
    table.insert(lines, "More rows exist: a preview shows at most 100 rows. :CdisqlBuild counts them all.")
  end
  vim.cmd("botright new")
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].buftype = "nofile"
  vim.bo[buf].bufhidden = "wipe"
  vim.bo[buf].swapfile = false
  vim.api.nvim_buf_set_name(buf, "cdisql://preview/" .. vim.fn.fnamemodify(segment, ":t"))
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
  vim.bo[buf].modifiable = false
  vim.wo.wrap = false
  return buf
end

--- A build's outcome in one message: members, time, CSV path and the history diff.
function M.build_message(result)
  local history = "first build of this segment"
  local diff = result.diff
  if type(diff) == "table" and type(diff.previous) == "string" then
    history = string.format(
      "%d entered, %d left since the previous build (%s)",
      diff.entered or 0,
      diff.left or 0,
      plural(tonumber(diff.previousMembers) or 0, "member")
    )
  end
  local csv = type(result.output) == "string" and ("; ids in " .. result.output) or ""
  return string.format(
    "segment built on %s: %s in %s; %s%s",
    tostring(result.source),
    plural(tonumber(result.members) or 0, "member"),
    seconds(result.duration_s),
    history,
    csv
  )
end

--- A catalog age for people: 42s, 7m, 3h, 2d.
function M.age(seconds)
  seconds = tonumber(seconds)
  if seconds == nil then
    return nil
  end
  if seconds < 120 then
    return string.format("%ds", seconds)
  elseif seconds < 7200 then
    return string.format("%dm", math.floor(seconds / 60 + 0.5))
  elseif seconds < 172800 then
    return string.format("%dh", math.floor(seconds / 3600 + 0.5))
  end
  return string.format("%dd", math.floor(seconds / 86400 + 0.5))
end

local function status_message(status)
  local lines = {}
  for _, f in ipairs((status or {}).folders or {}) do
    local state = f.state == "load-failed" and "error" or (f.sourceState or f.state)
    local age = M.age(f.catalogAgeSeconds)
    age = age and (age .. " old") or "none"
    table.insert(
      lines,
      string.format(
        "%s: source %s · %s · %d tables, catalog %s%s",
        tostring(f.folder ~= "" and vim.uri_to_fname(f.folder) or "(no folder)"),
        tostring(f.source ~= vim.NIL and f.source or "none"),
        tostring(state),
        f.tables or 0,
        age,
        (type(f.message) == "string") and (" — " .. f.message) or ""
      )
    )
  end
  return #lines > 0 and table.concat(lines, "\n") or "no workspace folder"
end

--- Run one of the server's commands on the current buffer and show its outcome.
function M.execute(command)
  local bufnr = vim.api.nvim_get_current_buf()
  local client = M.client(bufnr)
  if client == nil then
    notify("the language server is not running for this buffer (see :checkhealth cdisql)", vim.log.levels.ERROR)
    return
  end
  local segment = vim.api.nvim_buf_get_name(bufnr)
  local params = { command = command, arguments = { vim.uri_from_bufnr(bufnr) } }
  local long = command ~= "cdisql.status"
  if long then
    running = running + 1
  end
  request(client, "workspace/executeCommand", params, function(err, result)
    if long then
      running = running - 1
    end
    if err then
      return notify(err.message or tostring(err), vim.log.levels.ERROR)
    end
    if type(result) ~= "table" then
      return
    end
    if command == "cdisql.status" then
      M.status = result
      return notify(status_message(result))
    end
    if result.status ~= "ok" then
      return notify(tostring(result.message or result.status), vim.log.levels.ERROR)
    end
    if command == "cdisql.previewSegment" then
      vim.schedule(function()
        M.show_preview(segment, result)
      end)
    elseif command == "cdisql.buildSegment" then
      notify(M.build_message(result))
    else
      notify(tostring(result.message))
    end
  end, bufnr)
end

M.commands = {
  CdisqlPreview = "cdisql.previewSegment",
  CdisqlBuild = "cdisql.buildSegment",
  CdisqlTestSource = "cdisql.testConnection",
  CdisqlRefreshCatalog = "cdisql.refreshCatalog",
  CdisqlStatus = "cdisql.status",
}

function M.create_commands()
  for name, command in pairs(M.commands) do
    vim.api.nvim_create_user_command(name, function()
      M.execute(command)
    end, {})
  end
end

function M.setup(user)
  M.options = vim.tbl_deep_extend("force", vim.deepcopy(defaults), user or {})
  M.create_commands()
  if vim.lsp.config and vim.lsp.enable then -- 0.11+: the native way, with these options
    local config = M.config(M.options)
    config.name = nil
    vim.lsp.config("cdisql", config)
    vim.lsp.enable("cdisql")
    return
  end
  local group = vim.api.nvim_create_augroup("cdisql", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = M.options.filetypes,
    callback = function(args)
      M.start(args.buf, M.options)
    end,
  })
end

return M
