// The one stylesheet of the sign-in pages, inlined in each page: no external assets or fonts, so
// the pages render the same offline, in intercept mode and in screenshots.

export const BRAND = '#0b6e6a';

export const STYLES = `
:root{--brand:${BRAND};--brand-dark:#084f4c;--brand-tint:#e6f3f2;--ink:#1b1b1b;--muted:#5f6368;--line:#d6d9dc;
--bg:#eef1f3;--danger:#b3261e;--danger-tint:#fdecea;--warn:#8a5a00;--warn-tint:#fff4de;--radius:10px}
*{box-sizing:border-box}
html,body{margin:0;height:100%}
body{font:15px/1.45 "Segoe UI",-apple-system,BlinkMacSystemFont,"Helvetica Neue",Roboto,Arial,"Liberation Sans",system-ui,sans-serif;color:var(--ink);
background:radial-gradient(circle at 12% 8%,#d3e8e6 0,transparent 45%),radial-gradient(circle at 92% 96%,#dde3f0 0,transparent 42%),var(--bg);
display:flex;flex-direction:column;min-height:100vh}
main{flex:1;display:flex;align-items:center;justify-content:center;padding:32px 16px}
.card{width:100%;max-width:440px;background:#fff;border-radius:var(--radius);box-shadow:0 2px 6px rgba(0,0,0,.06),0 12px 32px rgba(15,40,40,.10);padding:36px 40px 32px}
.card.wide{max-width:520px}
.brand{display:flex;align-items:center;gap:10px;margin-bottom:20px}
.brand svg{flex:none}
.brand .word{font-weight:600;font-size:19px;letter-spacing:-.2px;color:#123}
.brand .org{margin-left:auto;font-size:13px;color:var(--muted);max-width:55%;text-align:right;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
h1{font-size:24px;line-height:1.25;font-weight:600;margin:4px 0 12px}
p{margin:0 0 14px}
.muted{color:var(--muted)}
.small{font-size:13px}
.chip{display:inline-flex;align-items:center;gap:8px;max-width:100%;padding:4px 12px 4px 4px;border:1px solid var(--line);border-radius:999px;margin:0 0 14px;font-size:14px;text-decoration:none;color:var(--ink)}
.chip .avatar{width:26px;height:26px;font-size:11px}
.avatar{display:inline-flex;align-items:center;justify-content:center;width:36px;height:36px;border-radius:50%;background:var(--brand-tint);color:var(--brand-dark);font-weight:600;font-size:13px;flex:none}
label{display:block;font-size:13px;color:var(--muted);margin:10px 0 4px}
input[type=text],input[type=email],input[type=password]{width:100%;font:inherit;padding:10px 12px;border:1px solid #8a8f94;border-radius:6px;background:#fff;color:var(--ink);outline:none}
input[type=text]:focus,input[type=email]:focus,input[type=password]:focus{border-color:var(--brand);box-shadow:0 0 0 3px rgba(11,110,106,.18)}
input.code{font-size:20px;letter-spacing:4px;text-transform:uppercase;text-align:center}
input[aria-invalid=true],input[aria-invalid=true]:focus{border-color:var(--danger);box-shadow:0 0 0 3px rgba(179,38,30,.12)}
.field-error{color:var(--danger);font-size:14px;margin:6px 0 0}
.actions{display:flex;justify-content:flex-end;gap:10px;margin-top:24px}
.actions.split{flex-direction:row-reverse;justify-content:space-between;align-items:center}
.actions.rev{flex-direction:row-reverse;justify-content:flex-start}
button,.button{font:inherit;font-weight:600;min-width:108px;padding:9px 18px;border-radius:6px;border:1px solid transparent;cursor:pointer;text-align:center;text-decoration:none;display:inline-block}
.primary{background:var(--brand);color:#fff}
.primary:hover{background:var(--brand-dark)}
.secondary{background:#fff;color:var(--ink);border-color:#8a8f94}
.secondary:hover{background:#f4f5f6}
button:focus-visible,.button:focus-visible,a:focus-visible{outline:3px solid rgba(11,110,106,.45);outline-offset:2px}
a{color:var(--brand-dark)}
.links{margin-top:18px;font-size:14px;display:flex;flex-direction:column;gap:8px}
.link-button{background:none;border:0;padding:6px 0;min-width:0;color:var(--brand-dark);font-weight:600}
.link-button:hover{text-decoration:underline}
.app{display:flex;align-items:center;gap:12px;margin:2px 0 16px}
.app .tile{width:44px;height:44px;border-radius:9px;background:linear-gradient(135deg,#3a7bd5,#1f4f99);color:#fff;font-weight:700;display:flex;align-items:center;justify-content:center;font-size:17px;flex:none}
.app .name{font-weight:600;font-size:16px}
.app .publisher{font-size:13px;color:var(--muted)}
.badge{display:inline-block;font-size:11.5px;font-weight:600;padding:1px 8px;border-radius:999px;vertical-align:1px;white-space:nowrap}
.badge.admin{background:var(--warn-tint);color:var(--warn)}
.badge.verified{background:var(--brand-tint);color:var(--brand-dark)}
.badge.unverified{background:#eef0f2;color:var(--muted)}
.perms{list-style:none;margin:8px 0 16px;padding:0;border-top:1px solid #eceef0}
.perms li{border-bottom:1px solid #eceef0}
.perms details>summary{list-style:none;display:flex;gap:10px;align-items:flex-start;padding:9px 2px;cursor:pointer}
.perms details>summary::-webkit-details-marker{display:none}
.perms .chev{flex:none;width:16px;height:16px;margin-top:3px;color:var(--muted)}
.perms details[open] .chev{transform:rotate(90deg)}
.perms .what{flex:1}
.perms .detail{padding:0 2px 12px 28px;font-size:13.5px;color:var(--muted)}
.perms .detail code{font-size:12.5px;background:#f3f4f5;padding:1px 5px;border-radius:4px;color:#333}
.resource{font-size:12px;text-transform:uppercase;letter-spacing:.6px;color:var(--muted);margin:14px 0 0}
.check{display:flex;gap:10px;align-items:flex-start;padding:12px 14px;background:#f6f8f8;border:1px solid #e3e8e8;border-radius:8px;margin:4px 0 14px;color:var(--ink);font-size:14px}
.check input{margin-top:3px;width:16px;height:16px;accent-color:var(--brand)}
.check span small{display:block;color:var(--muted);font-size:13px;margin-top:2px}
.fine{font-size:12.5px;color:var(--muted)}
.notice{display:flex;gap:12px;padding:14px;border-radius:8px;margin:0 0 16px;font-size:14px}
.notice.error{background:var(--danger-tint);color:#5c1410}
.notice.warn{background:var(--warn-tint);color:#4d3300}
.notice svg{flex:none;margin-top:1px}
.details{margin-top:18px;border-top:1px solid #eceef0;padding-top:12px;font-size:12.5px;color:var(--muted)}
.details summary{cursor:pointer;color:var(--brand-dark);font-size:13px}
.details dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 12px;margin:10px 0 0}
.details dt{font-weight:600;color:#444}
.details dd{margin:0;word-break:break-all;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
.accounts{list-style:none;padding:0;margin:8px 0 0;border-top:1px solid #eceef0}
.accounts li{border-bottom:1px solid #eceef0}
.accounts button{all:unset;box-sizing:border-box;display:flex;align-items:center;gap:12px;width:100%;padding:12px 6px;cursor:pointer}
.accounts button:hover,.accounts button:focus-visible{background:#f4f7f7}
.accounts .who{display:flex;flex-direction:column;min-width:0}
.accounts .who b{font-weight:600}
.accounts .who span{font-size:13px;color:var(--muted);overflow:hidden;text-overflow:ellipsis}
.accounts .plus{background:#eef0f2;color:#444;font-size:20px;font-weight:400}
.big-icon{display:flex;justify-content:center;margin:6px 0 14px}
footer{display:flex;justify-content:center;gap:18px;padding:14px;font-size:12px;color:var(--muted)}
footer span{white-space:nowrap}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:480px){.card{padding:28px 22px;box-shadow:none}main{padding:0;align-items:stretch}}
`;
