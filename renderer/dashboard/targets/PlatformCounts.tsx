import type { PublicTargetView, TargetPlatform } from '../../../shared/views.js';
import { count } from './format.js';

export const PLATFORM_NAMES: Record<TargetPlatform, string> = { twitch: 'Twitch', x: 'X', youtube: 'YouTube', other: 'Other' };

/**
 * Where the calls come from: mentions and distinct people per platform, and together (a person
 * calling on two platforms is one person together, two in the rows). Shown once calls come from
 * somewhere; each figure is exact.
 */
export function PlatformCounts({ target }: { target: PublicTargetView }) {
  if (target.by_platform.length === 0) return null;
  return (
    <table className="target-platforms" data-testid="target-platforms">
      <thead>
        <tr>
          <th scope="col">Called on</th>
          <th scope="col">mentions</th>
          <th scope="col">people</th>
        </tr>
      </thead>
      <tbody>
        {target.by_platform.map((p) => (
          <tr key={p.platform} data-testid="target-platform" data-platform={p.platform} data-mentions={p.mentions} data-callers={p.callers}>
            <th scope="row"><span className={`platform-mark platform-${p.platform}`}>{PLATFORM_NAMES[p.platform]}</span></th>
            <td>{count(p.mentions)}</td>
            <td>{count(p.callers)}</td>
          </tr>
        ))}
        {target.by_platform.length > 1 && (
          <tr className="together" data-testid="target-platform" data-platform="together" data-mentions={target.mentions} data-callers={target.callers}>
            <th scope="row">Together</th>
            <td>{count(target.mentions)}</td>
            <td>{count(target.callers)}</td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
