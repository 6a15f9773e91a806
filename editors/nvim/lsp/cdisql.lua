-- Neovim 0.11+: `vim.lsp.enable("cdisql")` starts `cdisql serve` for SQL buffers with this
-- configuration; override any field with `vim.lsp.config("cdisql", { ... })`, e.g.
--   vim.lsp.config("cdisql", { cmd = { "/path/to/.venv/bin/cdisql", "serve" },
--                              settings = { cdisql = { source = "prod" } } })
local config = require("cdisql").config()
config.name = nil
return config
