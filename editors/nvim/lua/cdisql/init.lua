-- cdisql for Neovim 0.7+: starts `cdisql serve` for SQL buffers with vim.lsp.start_client.
--
--   require("cdisql").setup({
--     cmd = { "cdisql", "serve" },          -- how to start the server
--     filetypes = { "sql" },                -- buffers to attach to
--     settings = { dialect = "snowflake", source = "prod", lint = { ignore = { "CDI308" } } },
--   })
--
-- `settings` is the `cdisql` section: sent as initializationOptions and answered to
-- workspace/configuration. Commands: :CdisqlPreview, :CdisqlBuild, :CdisqlTestSource,
-- :CdisqlRefreshCatalog, :CdisqlStatus.
local M = {}

local defaults = {
  cmd = { "cdisql", "serve" },
  filetypes = { "sql" },
  root_markers = { "cdisql.toml", "pyproject.toml", ".git" },
  settings = {},
  on_attach = nil,
  capabilities = nil,
}

M.options = vim.deepcopy(defaults)
M.status = nil
local clients = {} -- root folder -> client id

local function find_root(path, markers)
  local dir = vim.fn.fnamemodify(path, ":p:h")
  while dir and dir ~= "" do
    for _, marker in ipairs(markers) do
      if vim.loop.fs_stat(dir .. "/" .. marker) then
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

local function notify(message, level)
  vim.schedule(function()
    vim.notify("cdisql: " .. message, level or vim.log.levels.INFO)
  end)
end

--- Start (or reuse) the server for the buffer's project and attach the buffer.
function M.start(bufnr, opts)
  opts = opts or M.options
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == "" then
    return nil
  end
  local root = find_root(name, opts.root_markers)
  local id = clients[root]
  if id == nil or vim.lsp.get_client_by_id(id) == nil then
    id = vim.lsp.start_client({
      name = "cdisql",
      cmd = opts.cmd,
      root_dir = root,
      workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
      init_options = opts.settings,
      settings = { cdisql = opts.settings },
      capabilities = opts.capabilities or vim.lsp.protocol.make_client_capabilities(),
      handlers = {
        ["cdisql/status"] = function(_, result)
          M.status = result
        end,
      },
      on_attach = opts.on_attach,
    })
    if id == nil then
      notify("cannot start " .. table.concat(opts.cmd, " "), vim.log.levels.ERROR)
      return nil
    end
    clients[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

--- Run one of the server's commands on the current buffer; the result is shown.
function M.execute(command)
  local bufnr = vim.api.nvim_get_current_buf()
  local params = { command = command, arguments = { vim.uri_from_bufnr(bufnr) } }
  vim.lsp.buf_request(bufnr, "workspace/executeCommand", params, function(err, result)
    if err then
      notify(err.message or tostring(err), vim.log.levels.ERROR)
    elseif type(result) == "table" and result.message then
      notify(result.message)
    elseif result ~= nil then
      notify(vim.inspect(result))
    end
  end)
end

function M.setup(user)
  M.options = vim.tbl_deep_extend("force", vim.deepcopy(defaults), user or {})
  local group = vim.api.nvim_create_augroup("cdisql", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = M.options.filetypes,
    callback = function(args)
      M.start(args.buf, M.options)
    end,
  })
  local commands = {
    CdisqlPreview = "cdisql.previewSegment",
    CdisqlBuild = "cdisql.buildSegment",
    CdisqlTestSource = "cdisql.testConnection",
    CdisqlRefreshCatalog = "cdisql.refreshCatalog",
    CdisqlStatus = "cdisql.status",
  }
  for name, command in pairs(commands) do
    vim.api.nvim_create_user_command(name, function()
      M.execute(command)
    end, {})
  end
end

return M
