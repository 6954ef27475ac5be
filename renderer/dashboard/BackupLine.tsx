import { clockTime } from '../lib/format.js';
import { useDashboard } from './store.js';

/** "820 MB", "1.7 GB". */
function size(bytes: number): string {
  const GB = 1024 ** 3;
  if (bytes >= GB) return `${(bytes / GB).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${Math.round(bytes / 1024 ** 2)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/**
 * What the backups take against their budget and what the disk has left, so the owner sees
 * them fill before the disk does (a problem goes to the health banner).
 */
export function BackupLine() {
  const backups = useDashboard((s) => (s.health && 'backups' in s.health ? s.health.backups : null));
  if (!backups?.space) return null;
  const { space } = backups;
  return (
    <p className="backup-line" data-testid="backup-line">
      Backups:{' '}
      {space.count === 0 ? (
        <>none yet, within a {size(space.budget_bytes)} budget</>
      ) : (
        <>
          {space.count} {space.count === 1 ? 'copy' : 'copies'}, {size(space.total_bytes)} of a {size(space.budget_bytes)} budget
        </>
      )}
      {space.free_bytes !== null && <> · {size(space.free_bytes)} free on the disk</>}
      {backups.last_at && <> · last at {clockTime(backups.last_at)}</>}
    </p>
  );
}
