-- A headless Neovim session with the cdisql plugin on the demo source; run by
-- tests/editors/test_neovim_plugin.py with CDISQL_NVIM_PLUGIN, CDISQL_PYTHON,
-- CDISQL_WORKSPACE and CDISQL_MODE ("setup": require("cdisql").setup, or "enable":
-- Neovim 0.11+'s vim.lsp.enable with the plugin's lsp/cdisql.lua). Prints one line per
-- fact the test checks, then DONE.
local out = function(...)
  io.stdout:write(string.format(...) .. "\n")
end
local notes = {}
vim.notify = function(message, level)
  table.insert(notes, { message = message, level = level })
end
local deprecations = {}
if vim.deprecate then
  local original = vim.deprecate
  vim.deprecate = function(name, ...)
    table.insert(deprecations, name)
    return original(name, ...)
  end
end
local progress = {}
vim.api.nvim_create_autocmd("User", {
  pattern = "LspProgressUpdate", -- 0.7 to 0.9
  callback = function()
    for _, client in ipairs((vim.lsp.get_clients or vim.lsp.get_active_clients)()) do
      for _, p in pairs(client.messages and client.messages.progress or {}) do
        if p.title then
          progress[p.title] = true
        end
      end
    end
  end,
})
if vim.fn.exists("##LspProgress") == 1 then -- 0.10+
  vim.api.nvim_create_autocmd("LspProgress", {
    callback = function(ev)
      local value = ev.data and ev.data.params and ev.data.params.value
      if value and value.title then
        progress[value.title] = true
      end
    end,
  })
end

vim.opt.runtimepath:prepend(os.getenv("CDISQL_NVIM_PLUGIN"))
vim.cmd("runtime plugin/cdisql.lua")
local cmd = { os.getenv("CDISQL_PYTHON"), "-m", "cdisql", "serve" }
if os.getenv("CDISQL_MODE") == "enable" then
  vim.lsp.config("cdisql", { cmd = cmd })
  vim.lsp.enable("cdisql")
else
  require("cdisql").setup({ cmd = cmd })
end
vim.cmd("filetype on")
local workspace = os.getenv("CDISQL_WORKSPACE")

local function edit(name)
  vim.cmd("edit " .. workspace .. "/" .. name)
  if vim.bo.filetype ~= "sql" then
    vim.bo.filetype = "sql"
  end
  return vim.api.nvim_get_current_buf()
end

-- 1. diagnostics on open
local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end
-- first, while the catalog is still cold: a segment whose only problem is a catalog
-- rule (CDI104, a BIGINT id) must show it without an edit
local buf = edit("catalog_only.sql")
vim.wait(30000, function()
  return #vim.diagnostic.get(buf) > 0
end, 50)
vim.wait(1000) -- a later, different set would show here
for _, d in ipairs(vim.diagnostic.get(buf)) do
  out("catalog_only %s %d:%d %s", tostring(code_of(d)), d.lnum, d.col, d.message)
end
buf = edit("wrong_column.sql")
-- until CDI104 (it needs the catalog's types) shows: pushed clients get a second
-- publish once the catalog loads; pulling clients must get it in their first answer
vim.wait(30000, function()
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if code_of(d) == "CDI104" then
      return true
    end
  end
  return false
end, 50)
for _, d in ipairs(vim.diagnostic.get(buf)) do
  out("diagnostic %s %d:%d %s", tostring(code_of(d)), d.lnum, d.col, d.message)
end

-- 2. completion after FROM, on a fresh buffer
buf = edit("new_segment.sql")
vim.api.nvim_buf_set_lines(buf, 0, -1, false, { "SELECT external_id AS external_user_id", "FROM " })
local labels = {}
vim.wait(30000, function()
  local answers = vim.lsp.buf_request_sync(buf, "textDocument/completion", {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = 1, character = 5 },
  }, 5000)
  labels = {}
  for _, answer in pairs(answers or {}) do
    local result = answer.result or {}
    for _, item in ipairs(result.items or result) do
      table.insert(labels, item.label)
    end
  end
  return vim.tbl_contains(labels, "users")
end, 200)
table.sort(labels)
out("completion %s", table.concat(labels, ","))

-- 3. preview: the rows in a scratch buffer
edit("premium_opt_in.sql")
vim.cmd("CdisqlPreview")
local preview
vim.wait(30000, function()
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_get_name(b):match("^cdisql://preview/") then
      preview = b
      return true
    end
  end
  return false
end, 50)
if preview then
  out("preview buffer %s buftype=%s modifiable=%s", vim.api.nvim_buf_get_name(preview), vim.bo[preview].buftype, tostring(vim.bo[preview].modifiable))
  for i, line in ipairs(vim.api.nvim_buf_get_lines(preview, 0, 8, false)) do
    out("preview %d %s", i, line)
  end
  out("preview lines %d", vim.api.nvim_buf_line_count(preview))
  vim.cmd("bwipeout! " .. preview)
end

-- 4. a build: count and CSV path
edit("big_spenders.sql")
vim.cmd("CdisqlBuild")
vim.wait(30000, function()
  for _, n in ipairs(notes) do
    if n.message:match("segment built") then
      return true
    end
  end
  return false
end, 50)

-- 5. :checkhealth cdisql
vim.cmd("checkhealth cdisql")
for _, line in ipairs(vim.api.nvim_buf_get_lines(0, 0, -1, false)) do
  if line:match("%S") then
    out("health %s", line)
  end
end

for title in pairs(progress) do
  out("progress %s", title)
end
for _, n in ipairs(notes) do
  out("notify %s %s", tostring(n.level), (n.message:gsub("\n", " / ")))
end
for _, name in ipairs(deprecations) do
  out("deprecated %s", name)
end
local messages = vim.api.nvim_exec2 and vim.api.nvim_exec2("messages", { output = true }).output
  or vim.api.nvim_exec("messages", true)
for _, line in ipairs(vim.split(messages, "\n", { trimempty = true })) do
  out("message %s", line)
end
out("DONE")
vim.cmd("qa!")
