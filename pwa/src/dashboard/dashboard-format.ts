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
