/** Figures as the dashboard's cards print them. */
export function percent(value: number | null): string {
  return value === null ? '—' : `${Math.round(value)} %`;
}

export function minutes(ms: number | null): string {
  return ms === null ? '' : (ms / 60_000).toFixed(1);
}

export function toMinutes(ms: number | null): number | null {
  return ms === null ? null : ms / 60_000;
}

export function businessHours(ms: number): string {
  return `${Math.round((ms / 3_600_000) * 10) / 10} h`;
}

/**
 * The response charts' vertical range for the largest value shown: from zero, with room above it,
 * so a lone point or a flat line sits inside the plot rather than on (or under) its axis.
 */
export function minutesAxisRange(max: number | null): [number, number] {
  return [0, max === null || !Number.isFinite(max) || max <= 0 ? 1 : max * 1.15];
}
