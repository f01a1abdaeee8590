/** Alerts for offers and customer messages: a short WebAudio beep and a browser notification. */
let audio: AudioContext | null = null;
let muted = localStorage.getItem('sb.muted') === '1';

export const isMuted = () => muted;
export function setMuted(value: boolean) {
  muted = value;
  localStorage.setItem('sb.muted', value ? '1' : '0');
}

export function beep(frequency = 880, ms = 160) {
  if (muted) return;
  try {
    audio ??= new AudioContext();
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = frequency;
    gain.gain.setValueAtTime(0.15, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + ms / 1000);
    osc.connect(gain).connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + ms / 1000);
  } catch {
    // No audio device (or autoplay blocked before the first click): the visual cue remains.
  }
}

export function requestNotificationPermission() {
  if ('Notification' in window && Notification.permission === 'default') void Notification.requestPermission();
}

export function notify(title: string, body: string) {
  beep();
  if (muted || !('Notification' in window) || Notification.permission !== 'granted' || document.hasFocus()) return;
  try {
    new Notification(title, { body, tag: title });
  } catch {
    // Some browsers only allow notifications from a service worker.
  }
}
