import { useEffect, useRef, useState } from 'react';

const BACKDROPS = {
  dark: 'Dark game',
  bright: 'Bright game',
  checker: 'Transparent',
} as const;
type Backdrop = keyof typeof BACKDROPS;

/**
 * The real overlay page in an iframe, drawn at the Browser source size OBS will use and scaled
 * down to fit, over a backdrop like game footage (its own background is transparent).
 */
export function WidgetPreview({ src, width, height, title }: { src: string; width: number; height: number; title: string }) {
  const frame = useRef<HTMLDivElement>(null);
  const [fit, setFit] = useState(0.5);
  const [backdrop, setBackdrop] = useState<Backdrop>('dark');
  // Typing a colour should not reload the page on every key: the iframe follows after a pause.
  const [shown, setShown] = useState(src);
  useEffect(() => {
    const timer = setTimeout(() => setShown(src), 400);
    return () => clearTimeout(timer);
  }, [src]);

  useEffect(() => {
    const element = frame.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setFit(Math.min(1, element.clientWidth / width)));
    observer.observe(element);
    return () => observer.disconnect();
  }, [width]);

  return (
    <div className="ov-preview">
      <div className="ov-preview-bar">
        <span className="hint">Preview at {width}×{height} (the Browser source size to use in OBS)</span>
        <div className="ov-backdrops" role="group" aria-label="Preview backdrop">
          {(Object.keys(BACKDROPS) as Backdrop[]).map((name) => (
            <button key={name} type="button" className={name === backdrop ? 'quiet current' : 'quiet'} aria-pressed={name === backdrop} onClick={() => setBackdrop(name)}>
              {BACKDROPS[name]}
            </button>
          ))}
        </div>
      </div>
      <div ref={frame} className={`ov-frame backdrop-${backdrop}`} style={{ height: `${Math.round(height * fit)}px` }}>
        <iframe
          title={`${title} preview`}
          src={shown}
          data-testid="overlay-preview"
          width={width}
          height={height}
          style={{ transform: `scale(${fit})` }}
        />
      </div>
    </div>
  );
}
