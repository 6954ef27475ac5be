import { type AlertSettings, type AlertSound, type BuiltInSound, OVERLAY_SOUND_PATH, ownSoundId } from '../../../shared/alert-tiers.js';

/**
 * The shipped alert sounds, made in the browser with the Web Audio API (no sound files): a
 * chime (two bell notes), coins (quick bright blips) and a fanfare (a rising arpeggio, the last
 * note held). Each is under two seconds and peaks well below clipping at volume 100.
 */
type Note = { at: number; hz: number; length: number; wave: OscillatorType; level: number };

const NOTES: Record<Exclude<BuiltInSound, 'none'>, Note[]> = {
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

function audioContext(): AudioContext {
  context ??= new AudioContext();
  // A browser that wants a gesture first keeps it suspended: the alert shows silently.
  void context.resume().catch(() => undefined);
  return context;
}

/** The owner's uploaded sounds, fetched and decoded once each (null: it could not be played). */
const ownSounds = new Map<string, Promise<AudioBuffer | null>>();

function ownSound(id: string): Promise<AudioBuffer | null> {
  let decoded = ownSounds.get(id);
  if (!decoded) {
    const key = new URLSearchParams(location.search).get('key') ?? '';
    decoded = fetch(`${OVERLAY_SOUND_PATH}${id}?key=${encodeURIComponent(key)}`)
      .then((response) => (response.ok ? response.arrayBuffer() : Promise.reject(new Error(`HTTP ${response.status}`))))
      .then((bytes) => audioContext().decodeAudioData(bytes))
      .catch(() => {
        // Not played this time; asked again at the next alert (the key may have been rotated).
        ownSounds.delete(id);
        return null;
      });
    ownSounds.set(id, decoded);
  }
  return decoded;
}

/** Fetches and decodes the tiers' uploaded sounds ahead, so the first alert plays on time. */
export function preloadAlertSounds(settings: AlertSettings | null): void {
  if (typeof AudioContext === 'undefined' || !settings) return;
  for (const tier of settings.tiers) {
    const id = ownSoundId(tier.sound);
    if (id !== null && tier.volume > 0) void ownSound(id);
  }
}

/**
 * Plays an alert's sound: a shipped one, or the owner's file (stopped when the alert leaves,
 * however long the file is). No audio device or an unplayable file: the alert shows silently.
 */
export function playAlertSound(sound: AlertSound, volume: number, maxSeconds = 60): void {
  if (sound === 'none' || volume <= 0 || typeof AudioContext === 'undefined') return;
  const id = ownSoundId(sound);
  if (id !== null) {
    void ownSound(id).then((buffer) => {
      if (!buffer) return;
      try {
        const audio = audioContext();
        const source = audio.createBufferSource();
        const gain = audio.createGain();
        source.buffer = buffer;
        gain.gain.value = Math.min(volume, 100) / 100;
        source.connect(gain).connect(audio.destination);
        source.start();
        source.stop(audio.currentTime + maxSeconds);
      } catch {
        // No audio device: the alert still shows.
      }
    });
    return;
  }
  const notes = NOTES[sound as Exclude<BuiltInSound, 'none'>];
  if (!notes) return;
  try {
    const audio = audioContext();
    const master = audio.createGain();
    master.gain.value = (Math.min(volume, 100) / 100) * 0.35;
    // Softens the square and sawtooth notes: bright, not harsh.
    const tone = audio.createBiquadFilter();
    tone.type = 'lowpass';
    tone.frequency.value = 4_000;
    tone.connect(master);
    master.connect(audio.destination);
    const start = audio.currentTime + 0.02;
    for (const note of notes) {
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
