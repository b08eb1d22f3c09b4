-- EVDL in Neovim (0.7 or later): `.evdl` files get the `evdl` filetype, and the built-in LSP client starts
-- `evdlc lsp` for them, one server per spec module (the nearest folder above the file holding Package.swift or
-- .git, else the file's folder). CI runs this file with Neovim's client (.ci/lsp-neovim).
--
-- In init.lua:  dofile('/path/to/evdl/Editors/neovim/evdl.lua').setup()
-- Options:      setup({ cmd = { '/path/to/evdlc', 'lsp' }, markers = { 'Package.swift', '.git' }, on_init = fn })
local M = {}

-- The nearest folder at or above `path` that holds one of `markers`, or nil.
local function find_root(path, markers)
  local dir = vim.fn.fnamemodify(path, ':p:h')
  while true do
    for _, marker in ipairs(markers) do
      if vim.loop.fs_stat(dir .. '/' .. marker) then return dir end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then return nil end
    dir = parent
  end
end

function M.setup(opts)
  opts = opts or {}
  local cmd = opts.cmd or { 'evdlc', 'lsp' }
  local markers = opts.markers or { 'Package.swift', '.git' }
  local clients = {} -- root folder → client id
  local group = vim.api.nvim_create_augroup('evdl', { clear = true })
  vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, {
    group = group, pattern = '*.evdl', command = 'setfiletype evdl',
  })
  vim.api.nvim_create_autocmd('FileType', {
    group = group, pattern = 'evdl',
    callback = function(args)
      local name = vim.api.nvim_buf_get_name(args.buf)
      local root = find_root(name, markers) or vim.fn.fnamemodify(name, ':p:h')
      local id = clients[root]
      if not id or not vim.lsp.get_client_by_id(id) then
        id = vim.lsp.start_client({
          name = 'evdlc', cmd = cmd, root_dir = root,
          workspace_folders = { { uri = vim.uri_from_fname(root), name = vim.fn.fnamemodify(root, ':t') } },
          on_init = opts.on_init,
        })
        clients[root] = id
      end
      if id then vim.lsp.buf_attach_client(args.buf, id) end
      M.last_client = id
    end,
  })
end

return M
