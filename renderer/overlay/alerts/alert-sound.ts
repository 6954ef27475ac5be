import type { AlertSound } from '../../../shared/alert-tiers.js';

/**
 * The shipped alert sounds, made in the browser with the Web Audio API (no sound files): a
 * chime (two bell notes), coins (quick bright blips) and a fanfare (a rising arpeggio, the last
 * note held). Each is under two seconds and peaks well below clipping at volume 100.
 */
type Note = { at: number; hz: number; length: number; wave: OscillatorType; level: number };

const NOTES: Record<Exclude<AlertSound, 'none'>, Note[]> = {
  chime: [
    { at: 0, hz: 1318.5, length: 1.2, wave: 'sine', level: 1 },
    { at: 0.16, hz: 1975.5, length: 1.4, wave: 'sine', level: 0.8 },
  ],
  coins: [0, 0.09, 0.18, 0.3].map((at, i) => ({ at, hz: i % 2 === 0 ? 1567.98 : 2093, length: 0.22, wave: 'square' as const, level: 0.35 })),
  fanfare: [
    { at: 0, hz: 523.25, length: 0.18, wave: 'sawtooth', level: 0.45 },
    { at: 0.15, hz: 659.25, length: 0.18, wave: 'sawtooth', level: 0.45 },
    { at: 0.3, hz: 783.99, length: 0.18, wave: 'sawtooth', level: 0.45 },
    { at: 0.45, hz: 1046.5, length: 1.1, wave: 'sawtooth', level: 0.5 },
  ],
};

/** The page's one audio context, made at the first sound (OBS lets a browser source play at once). */
let context: AudioContext | null = null;

export function playAlertSound(sound: AlertSound, volume: number): void {
  if (sound === 'none' || volume <= 0 || typeof AudioContext === 'undefined') return;
  try {
    context ??= new AudioContext();
    // A browser that wants a gesture first keeps it suspended: the alert shows silently.
    void context.resume().catch(() => undefined);
    const audio = context;
    const master = audio.createGain();
    master.gain.value = (Math.min(volume, 100) / 100) * 0.35;
    // Softens the square and sawtooth notes: bright, not harsh.
    const tone = audio.createBiquadFilter();
    tone.type = 'lowpass';
    tone.frequency.value = 4_000;
    tone.connect(master);
    master.connect(audio.destination);
    const start = audio.currentTime + 0.02;
    for (const note of NOTES[sound]) {
      const oscillator = audio.createOscillator();
      const envelope = audio.createGain();
      oscillator.type = note.wave;
      oscillator.frequency.value = note.hz;
      const t = start + note.at;
      envelope.gain.setValueAtTime(0.0001, t);
      envelope.gain.exponentialRampToValueAtTime(note.level, t + 0.01);
      envelope.gain.exponentialRampToValueAtTime(0.0001, t + note.length);
      oscillator.connect(envelope).connect(tone);
      oscillator.start(t);
      oscillator.stop(t + note.length + 0.05);
    }
  } catch {
    // No audio device: the alert still shows.
  }
}
