-- Nothing starts until require("cdisql").setup({...}) is called from the user's config.
if vim.g.loaded_cdisql then
  return
end
vim.g.loaded_cdisql = true
