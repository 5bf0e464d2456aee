/** The report's stylesheet, inlined: the file must open offline, with no request. */
export const REPORT_CSS = `
:root { color-scheme: light dark; --add:#1a7f37; --del:#cf222e; --upd:#9a6700; --ren:#0969da;
  --muted:#6e7781; --line:#d0d7de; --card:#ffffff; --bg:#f6f8fa; }
@media (prefers-color-scheme: dark) { :root { --card:#161b22; --bg:#0d1117; --line:#30363d; --muted:#8b949e; } }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; background: var(--bg); }
header, main { padding: 12px 20px; }
h1 { font-size: 20px; margin: 4px 0; }
.muted { color: var(--muted); }
table.summary { border-collapse: collapse; margin: 8px 0; background: var(--card); }
table.summary th, table.summary td { border: 1px solid var(--line); padding: 4px 8px; text-align: right; }
table.summary th:first-child, table.summary th:last-child, table.summary td:first-child, table.summary td.flags { text-align: left; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; }
.warning { color: var(--upd); }
.toolbar { position: sticky; top: 0; z-index: 1; background: var(--bg); border-bottom: 1px solid var(--line);
  display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; padding: 8px 20px; }
.toolbar input[type=search] { min-width: 280px; padding: 4px 8px; }
.toolbar label { white-space: nowrap; }
.pager button { padding: 2px 10px; }
h2 { font-size: 16px; margin: 18px 0 8px; }
h2.g-blocked, h2.g-delete { color: var(--del); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 10px; }
.card { background: var(--card); border: 1px solid var(--line); border-left: 4px solid var(--muted);
  border-radius: 6px; padding: 8px; overflow: hidden; }
.card.g-blocked, .card.g-delete { border-left-color: var(--del); }
.card.g-rename { border-left-color: var(--ren); }
.card.g-update { border-left-color: var(--upd); }
.card.g-add { border-left-color: var(--add); }
.card .title { font-weight: 600; word-break: break-all; }
.card .why { color: var(--del); font-weight: 600; }
.card .src { color: var(--muted); font-size: 12px; word-break: break-all; }
.visuals { display: flex; align-items: center; gap: 6px; margin: 6px 0; }
.visuals .arrow { color: var(--muted); font-size: 18px; }
.side { display: flex; flex-direction: column; align-items: center; gap: 2px; }
.side .caption { font-size: 11px; color: var(--muted); }
.thumb { width: 128px; height: 128px; object-fit: contain; background: repeating-conic-gradient(#8881 0 25%, #0000 0 50%) 0 0 / 16px 16px;
  border: 1px solid var(--line); border-radius: 4px; image-rendering: auto; }
.placeholder { width: 128px; min-height: 64px; display: flex; align-items: center; justify-content: center; text-align: center;
  font-size: 11px; color: var(--muted); border: 1px dashed var(--line); border-radius: 4px; padding: 4px; word-break: break-all; }
.doc { width: 128px; display: flex; flex-direction: column; align-items: center; gap: 4px; font-size: 11px; word-break: break-all; text-align: center; }
.doc .icon { width: 44px; height: 56px; border: 2px solid var(--muted); border-radius: 3px 14px 3px 3px; display: flex;
  align-items: center; justify-content: center; font-weight: 700; font-size: 12px; color: var(--del); }
.video .thumb { max-height: 96px; }
pre.text { width: 200px; max-height: 128px; overflow: hidden; margin: 0; padding: 4px; font-size: 11px; white-space: pre-wrap;
  word-break: break-word; border: 1px solid var(--line); border-radius: 4px; background: var(--bg); }
ul.fields { margin: 4px 0 0; padding: 0; list-style: none; font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; }
ul.fields li { word-break: break-all; }
.plus { color: var(--add); } .minus { color: var(--del); } .tilde { color: var(--upd); }
pre.diff { margin: 2px 0 2px 12px; font: 12px ui-monospace, monospace; white-space: pre-wrap; word-break: break-word; }
.empty { padding: 24px; color: var(--muted); }
`;
