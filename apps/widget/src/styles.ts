/** Scoped inside the widget's shadow root, so the host page's CSS cannot reach it and ours cannot leak. */
export const css = `
:host { all: initial; }
* { box-sizing: border-box; font-family: system-ui, -apple-system, 'Segoe UI', 'Noto Sans TC', 'PingFang TC', 'Hiragino Sans', 'Noto Sans JP', sans-serif; }
[hidden] { display: none !important; }
button { font: inherit; }
:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
.bubble { position: fixed; right: 20px; bottom: 20px; width: 60px; height: 60px; border-radius: 50%; border: 0; display: grid; place-items: center;
  background: #0b57d0; color: #fff; cursor: pointer; box-shadow: 0 6px 18px rgba(11,87,208,.35), 0 2px 6px rgba(0,0,0,.2); z-index: 2147483000; }
.bubble svg { width: 28px; height: 28px; fill: currentColor; }
.bubble:hover { background: #0a4bb5; }
.badge { position: absolute; top: -4px; right: -4px; min-width: 22px; height: 22px; padding: 0 6px; border-radius: 11px; background: #b3261e; color: #fff;
  font-size: 13px; font-weight: 700; line-height: 22px; text-align: center; box-shadow: 0 0 0 2px #fff; }
.panel { position: fixed; right: 20px; bottom: 92px; width: 380px; height: min(620px, calc(100vh - 112px)); background: #fff; color: #1b1f24;
  border-radius: 16px; box-shadow: 0 12px 40px rgba(16,24,40,.25); display: flex; flex-direction: column; overflow: hidden; z-index: 2147483000;
  font-size: 15px; line-height: 1.4; }
header { display: flex; align-items: center; gap: 6px; padding: 12px 8px 12px 16px; background: #0b57d0; color: #fff; }
header .titles { flex: 1; min-width: 0; }
header h2 { margin: 0; font-size: 17px; font-weight: 600; }
header p { margin: 2px 0 0; font-size: 13px; color: #dbe6ff; }
header button { background: transparent; border: 0; color: #fff; cursor: pointer; min-height: 44px; border-radius: 8px; }
header .close { font-size: 26px; line-height: 1; min-width: 44px; }
header .end { font-size: 14px; padding: 0 10px; border: 1px solid rgba(255,255,255,.6); min-height: 34px; }
header button:hover { background: rgba(255,255,255,.14); }
.log { flex: 1; overflow-y: auto; background: #f6f7f9; }
.items { padding: 16px 14px; display: flex; flex-direction: column; gap: 10px; margin: 0; list-style: none; }
.msg { max-width: 82%; padding: 8px 12px 9px; border-radius: 14px; white-space: pre-wrap; overflow-wrap: anywhere; }
.msg .who { display: flex; gap: 8px; align-items: baseline; font-size: 12px; color: #4a525d; margin-bottom: 2px; }
.msg .who .name { font-weight: 600; }
.msg .text { display: block; }
.msg a { color: inherit; text-decoration: underline; text-underline-offset: 2px; }
.msg-customer { align-self: flex-end; background: #0b57d0; color: #fff; border-bottom-right-radius: 4px; }
.msg-customer .who, .msg-customer .meta { color: #dbe6ff; justify-content: flex-end; }
.msg-agent, .msg-bot { align-self: flex-start; background: #fff; border: 1px solid #e1e4e8; border-bottom-left-radius: 4px; }
.msg-agent .who .name { color: #0b57d0; }
.msg-system { align-self: center; background: transparent; color: #4a525d; font-size: 13px; text-align: center; max-width: 92%; }
.meta { display: block; font-size: 12px; text-align: right; margin-top: 2px; }
.buttons { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 8px; }
.buttons button { border: 1px solid #0b57d0; color: #0b57d0; background: #fff; border-radius: 999px; padding: 6px 14px; min-height: 36px; cursor: pointer; font-size: 14px; }
.buttons button:disabled { opacity: .55; cursor: default; }
.stars { display: flex; gap: 4px; margin-top: 8px; }
.stars button { border: 0; background: none; font-size: 28px; line-height: 1; color: #8a6d00; cursor: pointer; min-width: 40px; min-height: 40px; }
.stars button.on { color: #b06d00; }
.stars button:disabled { cursor: default; }
.status { padding: 8px 14px; font-size: 13px; color: #3d4550; background: #eef2fb; border-top: 1px solid #dfe5f2; }
.status:empty { display: none; }
.status span { display: block; }
.confirm { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; padding: 10px 14px; background: #fff8e6; border-top: 1px solid #f0dca8; font-size: 14px; }
.confirm span { flex: 1; min-width: 120px; }
.confirm button { border: 1px solid #8a929c; background: #fff; color: #1b1f24; border-radius: 8px; padding: 0 12px; min-height: 36px; cursor: pointer; }
.confirm .danger { background: #b3261e; border-color: #b3261e; color: #fff; }
.footer { border-top: 1px solid #d5d9df; background: #fff; padding-bottom: env(safe-area-inset-bottom, 0); }
.composer { display: flex; gap: 8px; padding: 10px; align-items: flex-end; }
textarea, input { font-size: 16px; color: #1b1f24; border: 1px solid #8a929c; border-radius: 10px; padding: 10px 12px; background: #fff; width: 100%; }
textarea { flex: 1; resize: none; height: 44px; line-height: 1.4; }
.primary { background: #0b57d0; color: #fff; border: 0; border-radius: 10px; padding: 0 16px; min-height: 44px; font-size: 16px; cursor: pointer; }
.primary:hover { background: #0a4bb5; }
.primary:disabled { opacity: .6; }
.prechat { display: flex; flex-direction: column; gap: 6px; padding: 14px; }
.prechat .intro { margin: 0 0 4px; font-size: 15px; }
.prechat label { font-size: 14px; font-weight: 600; color: #30363d; margin-top: 4px; }
.prechat .error { margin: 0; color: #b3261e; font-size: 14px; }
.prechat .error:empty { display: none; }
.prechat .primary { margin-top: 8px; }
@media (max-width: 480px) {
  .panel { right: 0; bottom: 0; width: 100vw; height: 100dvh; max-height: none; border-radius: 0; }
  .bubble { right: 16px; bottom: 16px; }
  .bubble.open { display: none; }
}
`;
