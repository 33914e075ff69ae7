/**
 * The widget frame's styles (inline, with the page's nonce). Light and dark follow the
 * visitor's system (prefers-color-scheme); the customer's accent colour arrives as a CSS
 * variable on <html>, with the text colour on it chosen for contrast. Fits 320 px.
 */
export const WIDGET_FRAME_STYLES = `
*,*::before,*::after{box-sizing:border-box}
:root{color-scheme:light dark;--bg:#ffffff;--fg:#0f172a;--muted:#475569;--line:#cbd5e1;--bubble:#f1f5f9;--danger:#b91c1c;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
@media (prefers-color-scheme:dark){:root{--bg:#0f172a;--fg:#f1f5f9;--muted:#cbd5e1;--line:#475569;--bubble:#1e293b;--danger:#fca5a5}}
html,body{margin:0;height:100%;background:var(--bg);color:var(--fg)}
body{display:flex;flex-direction:column;min-width:0}
header{display:flex;align-items:center;gap:.5rem;padding:.75rem 1rem;background:var(--accent);color:var(--on-accent)}
header h1{flex:1;margin:0;font-size:1rem;font-weight:600;overflow-wrap:anywhere}
button{font:inherit;cursor:pointer;border-radius:.5rem}
button:disabled{cursor:not-allowed;opacity:.6}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
header :focus-visible{outline-color:var(--on-accent)}
.icon{border:0;background:transparent;color:inherit;padding:.25rem .5rem;font-size:1.25rem;line-height:1}
#log{flex:1;overflow-y:auto;padding:1rem}#messages{margin:0;padding:0;list-style:none;display:flex;flex-direction:column;gap:.5rem}
.msg{max-width:85%;padding:.5rem .75rem;border-radius:.75rem;overflow-wrap:anywhere;white-space:pre-wrap}
.msg.agent{align-self:flex-start;background:var(--bubble)}
.msg.visitor{align-self:flex-end;background:var(--accent);color:var(--on-accent)}
#status{margin:0 1rem .5rem;font-size:.875rem;color:var(--muted)}
#status[data-kind=refused]{color:var(--fg);padding:.5rem .75rem;border:1px solid var(--line);border-radius:.5rem}
form{display:flex;gap:.5rem;padding:.75rem;border-top:1px solid var(--line)}
label.sr-only,.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
input{flex:1;min-width:0;font:inherit;padding:.5rem .625rem;border:1px solid var(--line);border-radius:.5rem;background:var(--bg);color:var(--fg)}
#send{border:0;padding:.5rem .875rem;background:var(--accent);color:var(--on-accent);font-weight:600}
footer{display:flex;justify-content:space-between;align-items:center;gap:.5rem;padding:0 .75rem .75rem;font-size:.75rem;color:var(--muted)}
#end{border:1px solid var(--line);background:transparent;color:var(--fg);padding:.25rem .625rem;font-size:.8125rem}
@media (prefers-reduced-motion:no-preference){#log{scroll-behavior:smooth}}
`;
