-- End-to-end test of `evdlc lsp` with a real client: Neovim's built-in LSP client (Neovim 0.7+, headless).
-- Run by .ci/lsp-neovim: EVDLC is the binary, SPEC_DIR a folder of specs holding order.evdl (the Checkout example),
-- REPO the repository.
-- Sets up Editors/neovim/evdl.lua as a user would, opens order.evdl (which starts the server on its folder), checks that a clean file gets no diagnostics, types an error
-- (sent as an incremental change) and waits for its diagnostic, asks hover and definition and checks the answers,
-- then undoes the edit and waits for the diagnostic to go. Exits 0 when every check passed, 1 otherwise.
local evdlc = os.getenv('EVDLC')
local dir = os.getenv('SPEC_DIR')
local failures = 0
local function check(ok, what)
  print((ok and 'ok: ' or 'FAILED: ') .. what)
  if not ok then failures = failures + 1 end
end
local function finish()
  if failures == 0 then vim.cmd('qall!') else vim.cmd('cquit 1') end
end

-- A Lua error (a pattern not found, an answer of the wrong shape) fails the run instead of leaving Neovim open.
local ran, problem = pcall(function()
  -- The setup users put in their init.lua (Editors/neovim/evdl.lua): filetype, then the client on FileType.
  local initialized = false
  dofile(os.getenv('REPO') .. '/Editors/neovim/evdl.lua').setup({ cmd = { evdlc, 'lsp' }, on_init = function() initialized = true end })
  vim.cmd('edit ' .. dir .. '/order.evdl')
  local buf = vim.api.nvim_get_current_buf()
  check(vim.bo[buf].filetype == 'evdl', 'order.evdl has the evdl filetype')
  check(vim.wait(20000, function() return initialized end, 50), 'the client started `evdlc lsp` and it answered initialize')
  local active = vim.lsp.get_active_clients()
  local client_id = #active == 1 and active[1].id or nil
  check(client_id ~= nil and vim.lsp.buf_is_attached(buf, client_id), 'one client, attached to the buffer')

  -- The line (0-based) and UTF-16 column of the first match of `pattern` (plain text) in the buffer.
  local function find(pattern, from)
    for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
      local col = line:find(pattern, 1, true)
      if col and i - 1 >= (from or 0) then return i - 1, col - 1 end
    end
    error('not found: ' .. pattern)
  end
  local function request(method, line, col)
    local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = line, character = col } }
    local answers = vim.lsp.buf_request_sync(buf, method, params, 10000) or {}
    for _, answer in pairs(answers) do
      if answer.error then print('error: ' .. vim.inspect(answer.error)) end
      return answer.result
    end
  end
  local function diagnostics() return vim.diagnostic.get(buf) end

  -- A clean example: the server publishes an empty list once the document is open.
  vim.wait(3000, function() return false end, 100)
  check(#diagnostics() == 0, 'the example has no diagnostics')

  -- Type an error (a name that does not exist) after non-ASCII text on its line, so positions must count UTF-16
  -- code units (the client converts them back to byte columns).
  local decide_line = find('decide PlaceOrder {')
  local typed = '    require "é😀" != "" && custmer != nil else "x"'
  vim.api.nvim_buf_set_lines(buf, decide_line + 1, decide_line + 1, false, { '    // ünïcode', typed })
  check(vim.wait(10000, function() return #diagnostics() > 0 end, 50), 'a diagnostic arrived after the edit')
  local first = diagnostics()[1]
  if first then
    local code = first.code or (first.user_data and first.user_data.lsp and first.user_data.lsp.code)
    check(first.message:find('cannot find `custmer` in scope', 1, true) ~= nil, 'its message names the unknown name: ' .. first.message)
    check(first.lnum == decide_line + 2 and first.col == typed:find('custmer', 1, true) - 1, 'it points at the name (line ' .. first.lnum .. ', col ' .. first.col .. ')')
    check(code == 'EVDL0201', 'its code is EVDL0201 (' .. tostring(code) .. ')')
  end

  -- Hover on the event name of an `apply`: its signature and fields.
  local apply_line, apply_col = find('apply OrderPlaced')
  local hover = request('textDocument/hover', apply_line, apply_col + #'apply ' + 2)
  local text = hover and hover.contents and hover.contents.value or ''
  check(text:find('event Order.OrderPlaced', 1, true) ~= nil and text:find('customerId: UUID', 1, true) ~= nil, 'hover shows the event and its fields')

  -- Go to definition from `decide PlaceOrder` to `command PlaceOrder`.
  local command_line, command_col = find('command PlaceOrder')
  local decide_at = find('decide PlaceOrder')
  local definition = request('textDocument/definition', decide_at, #'  decide ' + 1)
  if definition and definition[1] then definition = definition[1] end
  check(definition ~= nil and definition.range.start.line == command_line
    and definition.range.start.character == command_col + #'command ', 'definition goes to the command declaration')

  -- Undo the edit: the diagnostic goes away.
  vim.api.nvim_buf_set_lines(buf, decide_line + 1, decide_line + 3, false, {})
  check(vim.wait(10000, function() return #diagnostics() == 0 end, 50), 'the diagnostic went away after the undo')

  vim.lsp.stop_client(client_id)
end)
if not ran then check(false, 'the script ran to its end: ' .. tostring(problem)) end
finish()
