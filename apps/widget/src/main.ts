import { WebchatApi } from './api.ts';
import { Chat } from './chat.ts';
import { translator } from './i18n.ts';

/**
 * Loader: `<script src="https://host/widget.js" data-channel="CHANNEL_ID"></script>`.
 * The API lives wherever the script came from; `data-lang` picks the language.
 */
function start() {
  const script = (document.currentScript as HTMLScriptElement | null) ?? document.querySelector<HTMLScriptElement>('script[data-channel][src*="widget.js"]');
  const channelId = script?.dataset.channel;
  if (!script || !channelId) return console.warn('Switchboard widget: add data-channel="CHANNEL_ID" to the script tag');
  const base = new URL(script.src, location.href).origin;
  const api = new WebchatApi(base, `switchboard.webchat.${channelId}`);
  const boot = () => new Chat(api, channelId, translator(script.dataset.lang));
  if (document.body) boot();
  else document.addEventListener('DOMContentLoaded', boot);
}

start();
