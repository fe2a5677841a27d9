-- Neovim (0.7+) as an independent LSP client of vpc-cni-lint's bundled server. Run by nvim.ts:
--   nvim --headless --clean -i NONE -c 'luafile scripts/e2e/nvim-check.lua' <file>
-- Environment (set by nvim.ts):
--   E2E_LSP_CMD   JSON argv of the server, e.g. ["node","server/out/server.js","--stdio"]
--   E2E_ROOT      workspace root (the server indexes it for cross-file context)
--   E2E_EXPECT    JSON list of "code L:C-L:C" (1-based, end exclusive): wait until exactly these arrive
--   E2E_HOVER     "L:C" (1-based) to ask textDocument/hover at
--   E2E_WAIT_MS   deadline for diagnostics and hover
-- Writes one JSON object to stdout and quits: 0 = ran (nvim.ts judges the result), 2 = could not start.
local function finish(result, code)
  io.stdout:write(vim.fn.json_encode(result) .. '\n')
  io.stdout:flush()
  vim.cmd(code == 0 and 'qa!' or ('cq ' .. code))
end

local cmd = vim.fn.json_decode(os.getenv('E2E_LSP_CMD') or '[]')
local expect = vim.fn.json_decode(os.getenv('E2E_EXPECT') or '[]')
local wait_ms = tonumber(os.getenv('E2E_WAIT_MS') or '') or 20000
local bufnr = vim.api.nvim_get_current_buf()
local server_log = {}

local client_id = vim.lsp.start_client({
  name = 'vpc-cni-lint',
  cmd = cmd,
  root_dir = os.getenv('E2E_ROOT'),
  workspace_folders = { { uri = vim.uri_from_fname(os.getenv('E2E_ROOT')), name = 'workspace' } },
  handlers = {
    ['window/logMessage'] = function(_, r) table.insert(server_log, r and r.message) end,
  },
})
if not client_id then
  finish({ error = 'vim.lsp.start_client failed', cmd = cmd }, 2)
  return
end
vim.lsp.buf_attach_client(bufnr, client_id)

local function keys()
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = (d.user_data or {}).lsp or {}
    local code = d.code or lsp.code or ''
    table.insert(out, string.format('%s %d:%d-%d:%d', code, d.lnum + 1, d.col + 1, d.end_lnum + 1, d.end_col + 1))
  end
  table.sort(out)
  return out
end

local want = vim.deepcopy(expect)
table.sort(want)
local t0 = vim.loop.hrtime()
-- Push diagnostics come on open and again once the workspace scan adds cross-file context.
local matched = vim.wait(wait_ms, function() return vim.deep_equal(keys(), want) end, 20)
local result = {
  filetype = vim.bo[bufnr].filetype,
  matched = matched,
  diagnostics = keys(),
  wait_ms = math.floor((vim.loop.hrtime() - t0) / 1e6),
  sources = {},
  server_log = server_log,
}
for _, d in ipairs(vim.diagnostic.get(bufnr)) do table.insert(result.sources, d.source or '') end

local at = os.getenv('E2E_HOVER')
if at and at ~= '' then
  local l, c = at:match('^(%d+):(%d+)$')
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = tonumber(l) - 1, character = tonumber(c) - 1 },
  }
  local responses, err = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', params, wait_ms)
  local texts = {}
  for _, r in pairs(responses or {}) do
    if r.error then table.insert(texts, 'ERROR ' .. vim.inspect(r.error)) end
    local contents = r.result and r.result.contents
    if contents then table.insert(texts, type(contents) == 'table' and (contents.value or vim.inspect(contents)) or contents) end
  end
  result.hover = table.concat(texts, '\n')
  result.hover_error = err
end

vim.lsp.stop_client(client_id)
finish(result, 0)
