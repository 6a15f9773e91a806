-- The :Cdisql* commands exist at once; no server starts until vim.lsp.enable("cdisql")
-- (Neovim 0.11+) or require("cdisql").setup({...}) is called from the user's config.
if vim.g.loaded_cdisql then
  return
end
vim.g.loaded_cdisql = true
require("cdisql").create_commands()
