// assets/site.css: one stylesheet for every page. Light and dark by prefers-color-scheme, a
// sidebar beside the content on wide screens and behind the menu button on narrow ones.
export const SITE_CSS = `:root {
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --border: #d1d9e0; --panel: #f6f8fa; --accent: #0969da;
  --code-bg: #f6f8fa; --badge: #eef1f4; --req: #cf222e; --ok: #1a7f37; --warn: #9a6700; --focus: #0969da;
  --sidebar-w: 19rem; --top-h: 3.25rem;
  --mono: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --border: #30363d; --panel: #151b23; --accent: #4493f8;
    --code-bg: #151b23; --badge: #21262d; --req: #ff7b72; --ok: #3fb950; --warn: #d29922; --focus: #4493f8;
  }
}
* { box-sizing: border-box; }
html { scroll-padding-top: calc(var(--top-h) + 0.5rem); }
body { margin: 0; background: var(--bg); color: var(--fg); font: 16px/1.6 var(--sans); -webkit-text-size-adjust: 100%; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; border-radius: 3px; }
code, pre { font-family: var(--mono); font-size: 0.875em; }
:not(pre) > code { background: var(--code-bg); border: 1px solid var(--border); border-radius: 4px; padding: 0.05em 0.3em; overflow-wrap: anywhere; }
pre.code { background: var(--code-bg); border: 1px solid var(--border); border-radius: 6px; padding: 0.9rem 1rem; overflow-x: auto; line-height: 1.45; }
pre.code code { background: none; border: 0; padding: 0; font-size: 0.85rem; }
.skip { position: absolute; left: -999px; top: 0; background: var(--bg); padding: 0.5rem; z-index: 30; }
.skip:focus { left: 0.5rem; }
.topbar { position: sticky; top: 0; z-index: 20; display: flex; align-items: center; gap: 0.75rem; height: var(--top-h); padding: 0 1rem;
  background: var(--panel); border-bottom: 1px solid var(--border); }
.brand { font-weight: 600; color: var(--fg); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; min-width: 0; }
.version { color: var(--muted); font-size: 0.85rem; white-space: nowrap; }
.menu { display: none; font-size: 1.25rem; background: none; border: 1px solid var(--border); color: var(--fg); border-radius: 6px; padding: 0.1rem 0.55rem; cursor: pointer; }
.search { position: relative; margin-left: auto; width: min(26rem, 45vw); }
.search input { width: 100%; font: inherit; font-size: 0.9rem; padding: 0.35rem 0.7rem; border: 1px solid var(--border); border-radius: 6px; background: var(--bg); color: var(--fg); }
#search-results { position: absolute; right: 0; left: 0; top: calc(100% + 4px); margin: 0; padding: 0.25rem; list-style: none; background: var(--bg);
  border: 1px solid var(--border); border-radius: 6px; box-shadow: 0 8px 24px rgba(0, 0, 0, 0.2); max-height: 70vh; overflow-y: auto; }
#search-results li { padding: 0.35rem 0.6rem; border-radius: 4px; cursor: pointer; display: flex; gap: 0.5rem; align-items: baseline; }
#search-results li[aria-selected="true"] { background: var(--accent); color: #fff; }
#search-results li[aria-selected="true"] .kind { color: #fff; }
#search-results .kind { font-size: 0.75rem; color: var(--muted); min-width: 4.5rem; }
#search-results .empty { color: var(--muted); cursor: default; }
.layout { display: flex; align-items: flex-start; max-width: 90rem; margin: 0 auto; }
.sidebar { position: sticky; top: var(--top-h); flex: 0 0 var(--sidebar-w); height: calc(100vh - var(--top-h)); overflow-y: auto;
  padding: 1rem 0.75rem 2rem 1rem; border-right: 1px solid var(--border); font-size: 0.9rem; }
.sidebar ul { list-style: none; margin: 0 0 1rem; padding: 0; }
.sidebar li a { display: block; padding: 0.15rem 0.5rem; border-radius: 4px; color: var(--fg); overflow-wrap: anywhere; }
.sidebar li a:hover { background: var(--badge); text-decoration: none; }
.sidebar li a[aria-current="page"] { background: var(--badge); color: var(--accent); font-weight: 600; }
.nav-title { font-size: 0.75rem; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); margin: 0.5rem 0.5rem 0.25rem; }
main { flex: 1 1 auto; min-width: 0; padding: 1.25rem 2rem 3rem; max-width: 62rem; }
main:focus { outline: none; }
.crumbs { font-size: 0.85rem; color: var(--muted); margin-bottom: 0.5rem; }
h1 { font-size: 2rem; line-height: 1.25; margin: 0.25rem 0 0.75rem; overflow-wrap: anywhere; }
h2 { font-size: 1.35rem; margin: 2.25rem 0 0.75rem; padding-bottom: 0.3rem; border-bottom: 1px solid var(--border); }
h2 a.anchor { color: inherit; }
h3, h4 { font-size: 1.05rem; }
.count { font-size: 0.8rem; font-weight: 500; color: var(--muted); background: var(--badge); border-radius: 999px; padding: 0.05rem 0.5rem; vertical-align: middle; }
.lead { font-size: 1.02rem; }
.see-also { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; font-size: 0.92rem; display: block; overflow-x: auto; }
th, td { text-align: left; vertical-align: top; padding: 0.45rem 0.75rem; border-bottom: 1px solid var(--border); }
.facts-table th { white-space: nowrap; color: var(--muted); font-weight: 500; width: 1%; }
.index-table td:first-child { white-space: nowrap; }
ul.members { list-style: none; padding: 0; margin: 0.5rem 0; }
li.member { border: 1px solid var(--border); border-radius: 6px; padding: 0.6rem 0.9rem; margin: 0.6rem 0; }
li.member li.member { border-style: dashed; }
.member-head { display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: baseline; }
.member-name { font-family: var(--mono); font-weight: 600; overflow-wrap: anywhere; }
ul.facts { margin: 0.35rem 0 0; padding-left: 1.1rem; color: var(--muted); font-size: 0.88rem; }
.doc > :first-child { margin-top: 0.35rem; }
.doc > :last-child { margin-bottom: 0; }
details.nested { margin-top: 0.5rem; }
details.nested > summary { cursor: pointer; color: var(--muted); font-size: 0.9rem; }
.badge { display: inline-block; font-size: 0.72rem; line-height: 1.5; padding: 0 0.45rem; border-radius: 999px; background: var(--badge); color: var(--fg); white-space: nowrap; }
.badge.required { color: var(--req); font-weight: 600; }
.badge.quiet, .quiet { color: var(--muted); }
.badge.warn { color: var(--warn); }
.badge.retry { color: var(--ok); font-weight: 600; }
.callout { border-left: 4px solid var(--accent); background: var(--panel); padding: 0.5rem 0.9rem; border-radius: 0 6px 6px 0; margin: 0.75rem 0; }
.callout.important { border-left-color: var(--warn); }
ul.values { columns: 2 16rem; padding-left: 1.1rem; }
.footer { border-top: 1px solid var(--border); color: var(--muted); font-size: 0.8rem; text-align: center; padding: 1rem; }
@media (max-width: 52rem) {
  .menu { display: inline-block; }
  .version { display: none; }
  .brand { flex: 0 1 auto; font-size: 0.9rem; }
  .search { width: auto; flex: 1 0 9rem; }
  #search-results { position: fixed; left: 0.5rem; right: 0.5rem; top: calc(var(--top-h) + 2px); }
  .index-table td:first-child { white-space: normal; overflow-wrap: anywhere; min-width: 9rem; }
  .layout { display: block; }
  .sidebar { display: none; position: fixed; z-index: 15; left: 0; top: var(--top-h); width: min(20rem, 85vw); background: var(--bg);
    box-shadow: 4px 0 16px rgba(0, 0, 0, 0.25); }
  body.nav-open .sidebar { display: block; }
  main { padding: 1rem 1rem 2.5rem; }
  h1 { font-size: 1.6rem; }
}
@media print { .topbar, .sidebar { display: none; } }
`;
