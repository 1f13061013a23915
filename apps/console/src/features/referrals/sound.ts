/**
 * The chime for a new emergency referral: silent until the person turns sound on (browsers allow audio
 * only after a gesture, and a ward should not be surprised). Web Audio, no sound file; the choice lasts
 * while the tab is open.
 */
import { useCallback, useSyncExternalStore } from 'react';

let context: AudioContext | undefined;
let enabled = false;
const listeners = new Set<() => void>();

function setEnabled(next: boolean) {
  enabled = next;
  if (next) {
    // created inside the click that turned sound on, so the browser lets it play
    context ??= new AudioContext();
    void context.resume();
  }
  listeners.forEach((l) => l());
}

/** Two short tones (880 Hz then 660 Hz); nothing unless sound is on. */
export function chime(): boolean {
  if (!enabled || !context) return false;
  const start = context.currentTime;
  [880, 660].forEach((frequency, i) => {
    const osc = context!.createOscillator();
    const gain = context!.createGain();
    osc.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start + i * 0.25);
    gain.gain.exponentialRampToValueAtTime(0.3, start + i * 0.25 + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + i * 0.25 + 0.22);
    osc.connect(gain).connect(context!.destination);
    osc.start(start + i * 0.25);
    osc.stop(start + i * 0.25 + 0.25);
  });
  return true;
}

export function useSound(): [boolean, (on: boolean) => void] {
  const on = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => enabled,
  );
  return [on, useCallback((next: boolean) => setEnabled(next), [])];
}
