-- Headless Neovim: the cdisql plugin starts the real server and gets its diagnostics.
-- Run by tests/lsp/test_neovim.py with CDISQL_NVIM_PLUGIN, CDISQL_SERVER (a python) and
-- CDISQL_TEST_FILE set.
vim.opt.runtimepath:append(os.getenv("CDISQL_NVIM_PLUGIN"))
local cdisql = require("cdisql")
cdisql.setup({
  cmd = { os.getenv("CDISQL_SERVER"), "-m", "cdisql", "serve" },
  settings = { dialect = "snowflake" },
})
vim.cmd("edit " .. os.getenv("CDISQL_TEST_FILE"))
if vim.bo.filetype ~= "sql" then
  vim.bo.filetype = "sql"
end
local ok = vim.wait(20000, function()
  return #vim.diagnostic.get(0) > 0
end, 50)
for _, d in ipairs(vim.diagnostic.get(0)) do
  local code = d.code
  if code == nil and d.user_data and d.user_data.lsp then
    code = d.user_data.lsp.code
  end
  io.stdout:write(string.format("%s %d:%d %s\n", tostring(code), d.lnum, d.col, d.message))
end
io.stdout:write(ok and "DONE\n" or "TIMEOUT\n")
vim.cmd("qa!")
