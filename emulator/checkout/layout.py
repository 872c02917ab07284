"""The frame every customer page shares: one self-contained HTML document (inline CSS, no
scripts, no external assets), so pages work offline and without JavaScript."""

from __future__ import annotations

from html import escape

__all__ = ["TEST_BADGE", "page"]

#: Shown on every page: nothing here moves real money.
TEST_BADGE = '<span class="badge">Test mode</span>'

_CSS = """
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
 color:#1a1f36;background:#f6f8fa}
.wrap{max-width:960px;margin:0 auto;padding:40px 24px;display:flex;gap:48px;flex-wrap:wrap}
.summary{flex:1 1 340px}.pay{flex:1 1 380px;background:#fff;border-radius:10px;padding:28px;
 box-shadow:0 2px 12px rgba(26,31,54,.08)}
.single{max-width:560px;margin:80px auto;background:#fff;border-radius:10px;padding:40px;
 box-shadow:0 2px 12px rgba(26,31,54,.08);text-align:center}
.badge{display:inline-block;font-size:12px;font-weight:600;letter-spacing:.04em;
 text-transform:uppercase;color:#a04100;background:#ffde92;border-radius:4px;padding:2px 8px}
h1{font-size:22px;margin:12px 0 4px}h2{font-size:15px;margin:24px 0 8px;color:#3c4257}
.total{font-size:34px;font-weight:700;margin:4px 0 24px}
.item{display:flex;justify-content:space-between;gap:16px;padding:12px 0;
 border-bottom:1px solid #e3e8ee}.item .name{font-weight:600}.muted{color:#6a7383;font-size:13px}
label{display:block;font-weight:600;font-size:13px;margin:14px 0 4px;color:#3c4257}
input[type=text],input[type=email],input[type=number],input[type=tel],select{width:100%;
 padding:9px 11px;border:1px solid #cfd7df;border-radius:6px;font:inherit;background:#fff}
input.qty{width:90px}.method{display:flex;align-items:center;gap:8px;padding:10px 12px;
 border:1px solid #cfd7df;border-radius:6px;margin:6px 0;font-weight:500}
.method input{margin:0}.error{color:#df1b41;font-size:13px;margin-top:4px}
.alert{background:#fde8ec;color:#a41c3a;border-radius:6px;padding:10px 12px;margin-bottom:12px}
button{width:100%;margin-top:22px;padding:12px;border:0;border-radius:6px;background:#635bff;
 color:#fff;font:600 16px/1.2 inherit;cursor:pointer}
.note{margin-top:14px;font-size:13px;color:#6a7383}.check{font-size:44px;color:#1ea672}
.default-action{position:absolute;left:-9999px;width:1px;height:1px;overflow:hidden}
.code-row{display:flex;gap:8px}.code-row button{width:auto;margin-top:0;padding:9px 16px}
button.secondary{background:#fff;color:#635bff;border:1px solid #cfd7df}
.totals{margin:12px 0}.totals .row{display:flex;justify-content:space-between;padding:4px 0}
#total-due{font-weight:700;border-top:1px solid #e3e8ee;margin-top:4px;padding-top:8px}
#discount span:last-child{color:#1ea672}
.pay:has(#billing-same:checked) #billing-address{display:none}
.trial{font-weight:600;color:#3c4257;margin:-16px 0 16px}
"""


def page(title: str, body: str) -> str:
    """A full HTML document; `body` must already be escaped HTML."""
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_CSS}</style></head>"
        f"<body>{body}</body></html>"
    )
