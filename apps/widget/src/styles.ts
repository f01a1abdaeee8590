/** Scoped inside the widget's shadow root, so the host page's CSS cannot reach it and ours cannot leak. */
export const css = `
:host { all: initial; }
* { box-sizing: border-box; font-family: system-ui, -apple-system, 'Segoe UI', 'Noto Sans TC', 'PingFang TC', sans-serif; }
.bubble { position: fixed; right: 20px; bottom: 20px; width: 60px; height: 60px; border-radius: 50%; border: 0;
  background: #0b57d0; color: #fff; font-size: 26px; cursor: pointer; box-shadow: 0 4px 14px rgba(0,0,0,.3); z-index: 2147483000; }
.bubble:focus-visible, button:focus-visible, textarea:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
.panel { position: fixed; right: 20px; bottom: 92px; width: 360px; height: min(560px, calc(100vh - 112px)); background: #fff; color: #1b1f24;
  border-radius: 12px; box-shadow: 0 8px 30px rgba(0,0,0,.3); display: flex; flex-direction: column; overflow: hidden; z-index: 2147483000; font-size: 15px; }
.panel[hidden] { display: none; }
header { display: flex; align-items: center; justify-content: space-between; padding: 10px 14px; background: #0b57d0; color: #fff; }
header h2 { margin: 0; font-size: 16px; }
header button { background: transparent; border: 0; color: #fff; font-size: 22px; cursor: pointer; line-height: 1; padding: 4px 8px; }
.log { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 8px; margin: 0; list-style: none; }
.msg { max-width: 85%; padding: 8px 11px; border-radius: 12px; white-space: pre-wrap; overflow-wrap: anywhere; line-height: 1.35; }
.msg .who { display: block; font-size: 11px; color: #555d68; margin-bottom: 2px; }
.msg-customer { align-self: flex-end; background: #0b57d0; color: #fff; }
.msg-customer .who, .msg-customer .meta { color: #dbe6ff; }
.msg-agent, .msg-bot { align-self: flex-start; background: #eef0f3; }
.msg-system { align-self: center; background: transparent; color: #555d68; font-size: 13px; text-align: center; }
.meta { display: block; font-size: 11px; text-align: right; margin-top: 2px; }
.buttons { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 6px; }
.buttons button { border: 1px solid #0b57d0; color: #0b57d0; background: #fff; border-radius: 999px; padding: 5px 12px; cursor: pointer; font-size: 14px; }
.buttons button:disabled { opacity: .5; cursor: default; }
.status { padding: 6px 12px; font-size: 13px; color: #3d4550; background: #f4f5f7; min-height: 0; }
.status:empty { display: none; }
form { display: flex; gap: 8px; padding: 10px; border-top: 1px solid #d5d9df; }
textarea { flex: 1; resize: none; border: 1px solid #8a929c; border-radius: 8px; padding: 8px; font-size: 15px; height: 42px; color: #1b1f24; }
form button { background: #0b57d0; color: #fff; border: 0; border-radius: 8px; padding: 0 14px; font-size: 15px; cursor: pointer; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
@media (max-width: 480px) {
  .panel { right: 0; bottom: 0; width: 100vw; height: 100dvh; border-radius: 0; }
  .bubble { right: 14px; bottom: 14px; }
}
`;
