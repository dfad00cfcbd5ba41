/** A count against its target, with a tick where the pace says it should be by now. */
export function PaceMeter({
  count,
  targetCount,
  elapsedFraction,
}: {
  count: number;
  targetCount: number;
  elapsedFraction: number;
}) {
  return (
    <div class="meter" aria-hidden="true">
      <span style={{ width: `${targetCount === 0 ? 0 : Math.min(100, (count / targetCount) * 100)}%` }} />
      <i style={{ left: `${Math.min(100, elapsedFraction * 100)}%` }} title="expected by now" />
    </div>
  );
}

/** The words for a pace: met, on track or behind. */
export function paceWords(pace: { isMet: boolean; isOnTrack: boolean }): string {
  return pace.isMet ? 'met' : pace.isOnTrack ? 'on track' : 'behind pace';
}
